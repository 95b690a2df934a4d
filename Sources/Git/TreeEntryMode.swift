/// The kind of a tree entry, i.e. its git file mode.
public enum TreeEntryMode: Sendable {
    /// A regular file (`100644`, `GIT_FILEMODE_BLOB`).
    case blob
    /// An executable file (`100755`, `GIT_FILEMODE_BLOB_EXECUTABLE`).
    case executable
    /// A subdirectory (`040000`, `GIT_FILEMODE_TREE`).
    case tree
    /// A symbolic link, whose target is the blob's content (`120000`, `GIT_FILEMODE_LINK`).
    case link
    /// A submodule commit (`160000`, `GIT_FILEMODE_COMMIT`); the object is not in this repository.
    case commit
}

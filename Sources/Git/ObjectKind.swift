/// The type of a git object.
public enum ObjectKind: Sendable {
    /// A commit (`GIT_OBJECT_COMMIT`).
    case commit
    /// A tree (`GIT_OBJECT_TREE`).
    case tree
    /// A blob (`GIT_OBJECT_BLOB`).
    case blob
    /// An annotated tag (`GIT_OBJECT_TAG`).
    case tag
}

import CLibGit2

extension TreeEntryMode {
    /// The libgit2 file mode for this kind of entry.
    var gitFileMode: git_filemode_t {
        switch self {
        case .blob: return GIT_FILEMODE_BLOB
        case .executable: return GIT_FILEMODE_BLOB_EXECUTABLE
        case .tree: return GIT_FILEMODE_TREE
        case .link: return GIT_FILEMODE_LINK
        case .commit: return GIT_FILEMODE_COMMIT
        }
    }

    /// Maps a (normalised, from `git_tree_entry_filemode`) libgit2 file mode; `nil` for any other mode.
    init?(_ mode: git_filemode_t) {
        switch mode.rawValue {
        case GIT_FILEMODE_BLOB.rawValue: self = .blob
        case GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: self = .executable
        case GIT_FILEMODE_TREE.rawValue: self = .tree
        case GIT_FILEMODE_LINK.rawValue: self = .link
        case GIT_FILEMODE_COMMIT.rawValue: self = .commit
        default: return nil
        }
    }
}

import CLibGit2

extension ObjectKind {
    /// Maps a libgit2 object type; `nil` for `GIT_OBJECT_ANY`, `GIT_OBJECT_INVALID` and delta types.
    init?(_ type: git_object_t) {
        switch type.rawValue {
        case GIT_OBJECT_COMMIT.rawValue: self = .commit
        case GIT_OBJECT_TREE.rawValue: self = .tree
        case GIT_OBJECT_BLOB.rawValue: self = .blob
        case GIT_OBJECT_TAG.rawValue: self = .tag
        default: return nil
        }
    }
}

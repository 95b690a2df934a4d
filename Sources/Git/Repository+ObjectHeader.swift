import CLibGit2

extension Repository {
    /// The type and size in bytes of the object `id`, or `nil` when the repository has no such
    /// object (`git_repository_odb` + `git_odb_read_header`): a blob's size is known without
    /// loading the blob, so an oversized one can be refused before it is read.
    public func objectHeader(_ id: ObjectID) throws -> (kind: ObjectKind, size: Int)? {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let rc = git_odb_read_header(&size, &type, odb, &oid)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, "git_odb_read_header(\(id))")
        guard let kind = ObjectKind(type) else { throw GitError.invalidInput("unknown object type of \(id)", operation: "git_odb_read_header(\(id))") }
        return (kind, size)
    }
}

import CLibGit2

extension Repository {
    /// The type of the object `id`, or `nil` when the repository has no such object (its header
    /// only: the content is not loaded).
    public func objectType(_ id: ObjectID) throws -> ObjectKind? {
        try objectHeader(id)?.kind
    }

    /// Follows annotated tags from `id` down to a commit and returns the commit's id
    /// (`git_object_lookup` + `git_object_peel(GIT_OBJECT_COMMIT)`); a commit id is returned as is.
    /// Throws when `id` is missing or leads to a tree or blob.
    public func peelToCommit(_ id: ObjectID) throws -> ObjectID {
        var oid = id.oid
        var object: OpaquePointer?
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), "git_object_lookup(\(id))")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        try check(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "git_object_peel(\(id), commit)")
        defer { git_object_free(peeled) }
        return try ObjectID(git_object_id(peeled), operation: "git_object_id")
    }
}

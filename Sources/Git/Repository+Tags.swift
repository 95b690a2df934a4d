import CLibGit2

extension Repository {
    /// Writes an annotated tag object pointing at `target` and returns its id
    /// (`git_tag_name_is_valid`, `git_object_lookup`, `git_tag_annotation_create`).
    /// Only the object is written — no `refs/tags/*` reference is created or moved.
    /// Throws `isInvalid` for a name git would not accept as a tag name, and `isNotFound`
    /// when `target` does not exist.
    public func writeTag(name: String, target: ObjectID, tagger: Signature, message: String) throws -> ObjectID {
        let operation = "git_tag_annotation_create(\(name) → \(target))"
        try checkTagInput(name: name, message: message, operation: operation)

        var targetOID = target.oid
        var object: OpaquePointer?
        try check(git_object_lookup(&object, pointer, &targetOID, GIT_OBJECT_ANY), "git_object_lookup(\(target))")
        defer { git_object_free(object) }

        return try tagger.withGitSignature("tagger") { taggerSignature in
            var id = git_oid()
            try check(git_tag_annotation_create(&id, pointer, name, object, taggerSignature, message), operation)
            return ObjectID(id)
        }
    }

    /// Reads the annotated tag object `id` (`git_tag_lookup`, `git_tag_name`, `git_tag_target_id`,
    /// `git_tag_target_type`, `git_tag_tagger`, `git_tag_message`).
    /// Throws `isNotFound` when there is no such tag object.
    public func tag(_ id: ObjectID) throws -> Tag {
        let operation = "git_tag_lookup(\(id))"
        var oid = id.oid
        var tag: OpaquePointer?
        try check(git_tag_lookup(&tag, pointer, &oid), operation)
        defer { git_tag_free(tag) }

        let name = git_tag_name(tag).map { String(cString: $0) } ?? ""
        let target = try ObjectID(git_tag_target_id(tag), operation: "git_tag_target_id(\(id))")
        let targetIsCommit = git_tag_target_type(tag) == GIT_OBJECT_COMMIT
        let tagger = git_tag_tagger(tag).map { Signature($0) }
        let message = git_tag_message(tag).map { String(cString: $0) } ?? ""
        return Tag(id: id, name: name, target: target, targetIsCommit: targetIsCommit, tagger: tagger, message: message)
    }

    /// Refuses a tag name git would not accept, and a name or message holding a NUL byte.
    func checkTagInput(name: String, message: String, operation: String) throws {
        try name.requireNoNUL("tag name", in: operation)
        try message.requireNoNUL("tag message", in: operation)
        var valid: Int32 = 0
        try check(git_tag_name_is_valid(&valid, name), "git_tag_name_is_valid(\(name))")
        guard valid == 1 else {
            throw GitError(code: GIT_EINVALIDSPEC.rawValue, errorClass: Int32(GIT_ERROR_TAG.rawValue),
                           message: "'\(name)' is not a valid tag name", operation: operation)
        }
    }
}

import CGitShims
import CLibGit2

extension Repository {
    /// Resolves a revision expression such as `main~2`, `refs/conduct/records^{tree}` or a
    /// (short) hex id to the id of the object it names (`git_revparse_single`). Tags are not
    /// peeled unless the expression asks for it. Throws `isNotFound` when nothing matches,
    /// `isAmbiguous` for an ambiguous short id, `isInvalid` for a malformed expression.
    public func revparse(_ spec: String) throws -> ObjectID {
        let operation = "git_revparse_single(\(spec))"
        try spec.requireNoNUL("revision", in: operation)
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, spec), operation)
        defer { git_object_free(object) }
        return try ObjectID(git_object_id(object), operation: operation)
    }

    /// Expands a short commit id (at least 4 hex digits) to the full id
    /// (`git_oid_fromstrn` + `git_object_lookup_prefix(GIT_OBJECT_COMMIT)`).
    ///
    /// Returns `nil` when no commit starts with the prefix, or when `hexPrefix` is not a
    /// hexadecimal string of at most 40 digits (it cannot then be the prefix of any id).
    /// Throws `isAmbiguous` when several objects start with the prefix or it is shorter than 4 digits.
    public func resolvePrefix(_ hexPrefix: String) throws -> ObjectID? {
        let operation = "git_object_lookup_prefix(\(hexPrefix))"
        let digits = Array(hexPrefix.utf8)
        let isHex = digits.allSatisfy { character in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(character)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(character)
        }
        guard isHex, digits.count <= 2 * ObjectID.byteCount else { return nil }
        guard digits.count >= Int(cgit_oid_min_prefix_length()) else {
            throw GitError(
                code: GIT_EAMBIGUOUS.rawValue,
                errorClass: Int32(GIT_ERROR_OBJECT.rawValue),
                message: "object id prefix '\(hexPrefix)' is shorter than \(cgit_oid_min_prefix_length()) digits",
                operation: operation
            )
        }

        var prefix = git_oid()
        try check(git_oid_fromstrn(&prefix, hexPrefix, digits.count), "git_oid_fromstrn(\(hexPrefix))")
        var object: OpaquePointer?
        let rc = git_object_lookup_prefix(&object, pointer, &prefix, digits.count, GIT_OBJECT_COMMIT)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, operation)
        defer { git_object_free(object) }
        return try ObjectID(git_object_id(object), operation: operation)
    }

    /// Walks the commit history from `start`, newest first (`git_revwalk_new`,
    /// `git_revwalk_sorting(GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)`, `git_revwalk_push`,
    /// `git_revwalk_next`), following only first parents when `firstParentOnly`
    /// (`git_revwalk_simplify_first_parent`), and stopping after `limit` commits when given
    /// (a limit of 0 or less yields no commits). `start` may also be an annotated tag of a commit.
    public func walk(from start: ObjectID, firstParentOnly: Bool = true, limit: Int? = nil) throws -> [ObjectID] {
        if let limit, limit <= 0 { return [] }
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walker) }
        try check(
            git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
            "git_revwalk_sorting"
        )
        if firstParentOnly {
            try check(git_revwalk_simplify_first_parent(walker), "git_revwalk_simplify_first_parent")
        }
        var startOID = start.oid
        try check(git_revwalk_push(walker, &startOID), "git_revwalk_push(\(start))")

        var result: [ObjectID] = []
        while limit.map({ result.count < $0 }) ?? true {
            var next = git_oid()
            let rc = git_revwalk_next(&next, walker)
            if rc == GIT_ITEROVER.rawValue {
                clearLastError()
                break
            }
            try check(rc, "git_revwalk_next(from \(start))")
            result.append(ObjectID(next))
        }
        return result
    }
}

extension Repository {
    /// Whether `ancestor` is `commit` or reachable from it (`git_graph_descendant_of`).
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws -> Bool {
        if ancestor == commit { return true }
        var a = commit.oid, b = ancestor.oid
        let rc = try check(git_graph_descendant_of(pointer, &a, &b), "git_graph_descendant_of(\(commit), \(ancestor))")
        return rc == 1
    }
}

import CLibGit2

extension Repository {
    /// Writes a commit object and returns its id (`git_commit_lookup` for each parent, `git_tree_lookup`,
    /// `git_commit_create` with `update_ref` NULL — no reference is moved). The message is stored
    /// verbatim (no clean-up; add a trailing newline yourself if you want git's convention).
    /// Throws when the tree or a parent does not exist, or a signature is invalid.
    public func writeCommit(
        tree: ObjectID,
        parents: [ObjectID],
        author: Signature,
        committer: Signature,
        message: String
    ) throws -> ObjectID {
        try message.requireNoNUL("commit message", in: "git_commit_create")
        return try withCommitInputs(tree: tree, parents: parents, author: author, committer: committer) {
            treeHandle, parentHandles, authorSignature, committerSignature in
            var id = git_oid()
            try check(
                git_commit_create(
                    &id, pointer, nil, authorSignature, committerSignature, nil, message,
                    treeHandle, parentHandles.count, &parentHandles
                ),
                "git_commit_create(tree \(tree))"
            )
            return ObjectID(id)
        }
    }

    /// Looks up the tree and parents (`git_tree_lookup`, `git_commit_lookup`) and builds both
    /// signatures for a commit about to be written, hands them to `body`, and frees them after.
    /// No handle may escape `body`.
    func withCommitInputs<Result>(
        tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
        _ body: (OpaquePointer?, inout [OpaquePointer?], UnsafePointer<git_signature>, UnsafePointer<git_signature>) throws -> Result
    ) throws -> Result {
        var treeOID = tree.oid
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, pointer, &treeOID), "git_tree_lookup(\(tree))")
        defer { git_tree_free(treeHandle) }

        var parentHandles: [OpaquePointer?] = []
        defer { parentHandles.forEach { git_commit_free($0) } }
        for parent in parents {
            var parentOID = parent.oid
            var handle: OpaquePointer?
            try check(git_commit_lookup(&handle, pointer, &parentOID), "git_commit_lookup(parent \(parent))")
            parentHandles.append(handle)
        }

        return try author.withGitSignature("commit author") { authorSignature in
            try committer.withGitSignature("commit committer") { committerSignature in
                try body(treeHandle, &parentHandles, authorSignature, committerSignature)
            }
        }
    }

    /// Reads the commit `id` (`git_commit_lookup`, `git_commit_tree_id`, `git_commit_parent_id`,
    /// `git_commit_author`, `git_commit_committer`, `git_commit_message_raw`).
    /// Throws `isNotFound` when there is no such commit.
    public func commit(_ id: ObjectID) throws -> Commit {
        let operation = "git_commit_lookup(\(id))"
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), operation)
        defer { git_commit_free(commit) }

        let tree = try ObjectID(git_commit_tree_id(commit), operation: "git_commit_tree_id(\(id))")
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            parents.append(try ObjectID(git_commit_parent_id(commit, index), operation: "git_commit_parent_id(\(id))"))
        }
        let author = try Signature(git_commit_author(commit), operation: "git_commit_author(\(id))")
        let committer = try Signature(git_commit_committer(commit), operation: "git_commit_committer(\(id))")
        let message = git_commit_message_raw(commit).map { String(cString: $0) } ?? ""
        return Commit(id: id, tree: tree, parents: parents, author: author, committer: committer, message: message)
    }
}

import CLibGit2

extension Repository {
    /// Writes one tree level from `entries` and returns its id (`git_treebuilder_new`,
    /// `git_treebuilder_insert`, `git_treebuilder_write`). Entries may point at existing
    /// subtrees; the order of `entries` does not matter (git sorts them).
    ///
    /// Throws an invalid-input `GitError` (`isInvalid`, `operation` says why) for an empty name,
    /// a name containing `/` or NUL, `.` or `..`, or a name given twice. libgit2 additionally
    /// rejects `.git` and entries whose object is missing or of the wrong type.
    public func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        var seen = Set<String>()
        for entry in entries {
            let why: String?
            if entry.name.isEmpty {
                why = "empty tree entry name"
            } else if entry.name.utf8.contains(0) {
                why = "tree entry name contains NUL"
            } else if entry.name.contains("/") {
                why = "tree entry name '\(entry.name)' contains '/'"
            } else if entry.name == "." || entry.name == ".." {
                why = "tree entry name '\(entry.name)' is not allowed"
            } else if !seen.insert(entry.name).inserted {
                why = "duplicate tree entry name '\(entry.name)'"
            } else {
                why = nil
            }
            if let why {
                throw GitError.invalidInput(why, operation: "writeTree: \(why)")
            }
        }

        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "git_treebuilder_new")
        defer { git_treebuilder_free(builder) }
        for entry in entries {
            var oid = entry.id.oid
            try check(
                git_treebuilder_insert(nil, builder, entry.name, &oid, entry.mode.gitFileMode),
                "git_treebuilder_insert(\(entry.name) → \(entry.id))"
            )
        }
        var id = git_oid()
        try check(git_treebuilder_write(&id, builder), "git_treebuilder_write")
        return ObjectID(id)
    }

    /// Lists the entries of the tree `id` in git's order (`git_tree_lookup`, `git_tree_entry_byindex`,
    /// `git_tree_entry_name`, `git_tree_entry_id`, `git_tree_entry_filemode`).
    /// Throws `isNotFound` when there is no such tree, and an invalid-input error for an unknown file mode.
    public func tree(_ id: ObjectID) throws -> [TreeEntry] {
        let operation = "git_tree_lookup(\(id))"
        var oid = id.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), operation)
        defer { git_tree_free(tree) }
        let count = git_tree_entrycount(tree)
        var entries: [TreeEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index), let rawName = git_tree_entry_name(entry) else {
                throw GitError.missingResult(operation: "git_tree_entry_byindex(\(id), \(index))")
            }
            let name = String(cString: rawName)
            let rawMode = git_tree_entry_filemode(entry)
            guard let mode = TreeEntryMode(rawMode) else {
                throw GitError.invalidInput(
                    "unsupported file mode \(String(rawMode.rawValue, radix: 8)) for '\(name)'",
                    operation: operation
                )
            }
            let entryID = try ObjectID(git_tree_entry_id(entry), operation: "git_tree_entry_id(\(name))")
            entries.append(TreeEntry(name: name, id: entryID, mode: mode))
        }
        return entries
    }

    /// The id of the blob at the slash-separated `path` below the tree `tree` (`git_tree_entry_bypath`),
    /// e.g. `docs/CODE_OF_CONDUCT.md`. Returns `nil` when nothing is at that path or what is
    /// there is not a blob (a subtree or submodule). Throws when `tree` is not a tree.
    public func blob(atPath path: String, inTree tree: ObjectID) throws -> ObjectID? {
        let operation = "git_tree_entry_bypath(\(tree), \(path))"
        try path.requireNoNUL("path", in: operation)
        var oid = tree.oid
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, pointer, &oid), "git_tree_lookup(\(tree))")
        defer { git_tree_free(treeHandle) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, treeHandle, path)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, operation)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return try ObjectID(git_tree_entry_id(entry), operation: operation)
    }
}

import CLibGit2

extension Repository {
    /// The path the file now at `path` in `newTree` had in `oldTree`, when git's rename detection
    /// sees the change from `oldTree` to `newTree` as a rename to `path`; `nil` otherwise.
    ///
    /// Calls `git_diff_tree_to_tree` and `git_diff_find_similar` with `GIT_DIFF_FIND_RENAMES`:
    /// an exact move, or a moved file whose content is at least `threshold` percent similar
    /// (git's default is 50), as `git log --follow` and `git diff -M` see it.
    /// Throws `isNotFound` when either tree is missing.
    public func renameSource(of path: String, from oldTree: ObjectID, to newTree: ObjectID, threshold: UInt16 = 50) throws -> String? {
        let operation = "git_diff_tree_to_tree(\(oldTree), \(newTree))"
        try path.requireNoNUL("path", in: operation)
        var oldOID = oldTree.oid, newOID = newTree.oid
        var oldHandle: OpaquePointer?, newHandle: OpaquePointer?
        try check(git_tree_lookup(&oldHandle, pointer, &oldOID), "git_tree_lookup(\(oldTree))")
        defer { git_tree_free(oldHandle) }
        try check(git_tree_lookup(&newHandle, pointer, &newOID), "git_tree_lookup(\(newTree))")
        defer { git_tree_free(newHandle) }

        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldHandle, newHandle, &options), operation)
        defer { git_diff_free(diff) }

        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        find.rename_threshold = threshold
        try check(git_diff_find_similar(diff, &find), "git_diff_find_similar(\(oldTree), \(newTree))")

        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index), delta.pointee.status == GIT_DELTA_RENAMED,
                  let newPath = delta.pointee.new_file.path, let oldPath = delta.pointee.old_file.path,
                  String(cString: newPath) == path else { continue }
            return String(cString: oldPath)
        }
        return nil
    }
}

import CLibGit2

extension Repository {
    /// The reflog of `name`, newest entry first (`git_reflog_read`, `git_reflog_entry_byindex`,
    /// `git_reflog_entry_id_old`, `git_reflog_entry_id_new`, `git_reflog_entry_message`,
    /// `git_reflog_entry_committer`). Empty when the reference has no reflog.
    public func reflog(_ name: String) throws -> [ReflogEntry] {
        let operation = "git_reflog_read(\(name))"
        try name.requireNoNUL("reference name", in: operation)
        var log: OpaquePointer?
        try check(git_reflog_read(&log, pointer, name), operation)
        defer { git_reflog_free(log) }

        let count = git_reflog_entrycount(log)
        var entries: [ReflogEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_reflog_entry_byindex(log, index) else {
                throw GitError.missingResult(operation: "git_reflog_entry_byindex(\(name), \(index))")
            }
            entries.append(
                ReflogEntry(
                    old: try ObjectID(git_reflog_entry_id_old(entry), operation: "git_reflog_entry_id_old"),
                    new: try ObjectID(git_reflog_entry_id_new(entry), operation: "git_reflog_entry_id_new"),
                    message: git_reflog_entry_message(entry).map { String(cString: $0) } ?? "",
                    committer: try Signature(git_reflog_entry_committer(entry), operation: "git_reflog_entry_committer")
                )
            )
        }
        return entries
    }
}

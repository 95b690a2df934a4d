import Git

extension Store {
    /// Appends records to the ledger in one commit and returns the new ledger tip.
    ///
    /// Objects are built first; the ledger ref then moves by compare-and-swap, and a writer
    /// that loses the race rebuilds on the new tip. A record already in the ledger (same id,
    /// same path) is not written again; when all are there, nothing is written at all.
    @discardableResult
    public func append(_ records: [Record], message: String, authorship: Authorship) throws(ConductError) -> ObjectID? {
        try git("writing to the ledger") {
            // Records are content-addressed: when every one is there already, write nothing.
            if let tip = try repository.reference(Ledger.reference) {
                let tree = try repository.commit(tip).tree
                if try records.allSatisfy({ try repository.blob(atPath: $0.path.joined(separator: "/"), inTree: tree) != nil }) {
                    return tip
                }
            }
            var result: ObjectID?
            _ = try repository.transact(Ledger.reference, logMessage: "conduct: \(message)") { current in
                let base = try current.map { try repository.commit($0).tree }
                var tree = base
                for record in records {
                    let blob = try repository.writeBlob(record.bytes)
                    tree = try insert(blob, at: record.path[...], into: tree)
                }
                guard let tree, tree != base || current == nil else {
                    // Every record is there already: leave the ref where it is.
                    result = current
                    if let current { return current }
                    throw ConductError.corruptStore("an empty ledger cannot be written")
                }
                let signature = authorship.signature
                let commit = try repository.writeCommit(
                    tree: tree, parents: current.map { [$0] } ?? [], author: signature, committer: signature,
                    message: CommitMessage.compose(message, trailers: records.map { ("Conduct-Record", "\($0.type) \($0.id)") }))
                result = commit
                return commit
            }
            return result
        }
    }

    /// A new record of `fields`, or an error saying which field is wrong.
    func makeRecord(_ fields: [String: JSONValue]) throws(ConductError) -> Record {
        do { return try Record(fields) } catch { throw .invalidRecordField(error.explanation) }
    }

    /// Writes `blob` at `path` inside `tree` (nil: an empty tree), returning the new tree.
    private func insert(_ blob: ObjectID, at path: ArraySlice<String>, into tree: ObjectID?) throws -> ObjectID {
        guard let name = path.first else { throw ConductError.corruptStore("a ledger path is empty") }
        var entries = try tree.map { try repository.tree($0) } ?? []
        let existing = entries.firstIndex { $0.name == name }
        if path.count == 1 {
            if let existing, entries[existing].id == blob { return try tree ?? repository.writeTree(entries) }
            if let existing { entries.remove(at: existing) }
            entries.append(TreeEntry(name: name, id: blob, mode: .blob))
        } else {
            let subtree = existing.flatMap { entries[$0].mode == .tree ? entries[$0].id : nil }
            let updated = try insert(blob, at: path.dropFirst(), into: subtree)
            if let existing { entries.remove(at: existing) }
            entries.append(TreeEntry(name: name, id: updated, mode: .tree))
        }
        return try repository.writeTree(entries)
    }

    /// Every record of the ledger, checked against its file name and in fold order; with
    /// `folders`, only the records under those top-level folders.
    public func records(in folders: Set<String>? = nil) throws(ConductError) -> [Record] {
        try git("reading the ledger") {
            guard let tip = try repository.reference(Ledger.reference) else { return [] }
            var records: [Record] = []
            try collect(try repository.commit(tip).tree, path: "", folders: folders, into: &records) { path, problem in
                throw ConductError.corruptStore("ledger file \(path) \(problem)")
            }
            return Store.inFoldOrder(records)
        }
    }

    /// A file of the ledger that is not a valid record where it lies.
    public struct LedgerProblem: Sendable {
        public var path: String
        public var problem: String
    }

    /// Every readable record and every file that is not one, for `verify`.
    func auditLedger() throws(ConductError) -> (records: [Record], problems: [LedgerProblem]) {
        try git("reading the ledger") {
            guard let tip = try repository.reference(Ledger.reference) else { return ([], []) }
            var records: [Record] = []
            var problems: [LedgerProblem] = []
            try collect(try repository.commit(tip).tree, path: "", folders: nil, into: &records) { path, problem in
                problems.append(LedgerProblem(path: path, problem: problem))
            }
            return (Store.inFoldOrder(records), problems)
        }
    }

    /// Sorts by (`at`, id), moving each record once: records are large to swap.
    static func inFoldOrder(_ records: [Record]) -> [Record] {
        let keys = records.map(\.foldKey)
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { records[$0] }
    }

    /// Reads the records under `tree`; a file that is not a valid record at its place goes to
    /// `report` (which may throw) and is skipped.
    private func collect(_ tree: ObjectID, path: String, folders: Set<String>?, into records: inout [Record],
                         report: (String, String) throws -> Void) throws {
        for entry in try repository.tree(tree) {
            if path.isEmpty, let folders, !folders.contains(entry.name) { continue }
            let entryPath = path.isEmpty ? entry.name : path + "/" + entry.name
            switch entry.mode {
            case .tree:
                try collect(entry.id, path: entryPath, folders: nil, into: &records, report: report)
            case .blob where entry.name.hasSuffix(".json"):
                let name = String(entry.name.dropLast(".json".count))
                do {
                    let record = try Record(bytes: try repository.blob(entry.id), name: name)
                    guard record.path.joined(separator: "/") == entryPath else {
                        try report(entryPath, "is a \(record.type) record that belongs at \(record.path.joined(separator: "/"))")
                        continue
                    }
                    records.append(record)
                } catch let problem as RecordProblem {
                    try report(entryPath, "is not a valid record: \(problem.explanation)")
                }
            default:
                try report(entryPath, "is not a record")
            }
        }
    }
}

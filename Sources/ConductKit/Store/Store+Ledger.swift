internal import Git

extension Store {
    /// A file of the ledger that is not a valid record where it lies (`Store.LedgerProblem`, as callers name it).
    public typealias LedgerProblem = ConductKit.LedgerProblem

    /// Appends records to the ledger in one commit and returns the new ledger tip.
    ///
    /// Objects are built first; the ledger ref then moves by compare-and-swap, and a writer
    /// that loses the race rebuilds on the new tip. A record already in the ledger (same id,
    /// same path) is not written again; when all are there, nothing is written at all.
    /// `unless`, when given, runs against each ledger tip the records would go on, and throws
    /// to write nothing (a state the write relies on has changed).
    @discardableResult
    func append(_ records: [Record], message: String, authorship: Authorship,
                       unless conflict: ((ObjectID?) throws -> Void)? = nil) throws(ConductError) -> ObjectID? {
        try requireWritable()
        prepareWrite()
        return try git("writing to the ledger") {
            // Blobs are content-addressed: writing one that is there already changes nothing.
            let files: [PlacedFile] = try records.map { ($0.path[...], try repository.writeBlob($0.bytes)) }
            // When every record is there already, write nothing.
            if let tip = try repository.reference(Ledger.reference), try holdsAll(files, in: try repository.commit(tip).tree) {
                return tip
            }
            var result: ObjectID?
            _ = try repository.transact(Ledger.reference, logMessage: "conduct: \(message)") { current in
                try conflict?(current)
                let base = try current.map { try repository.commit($0).tree }
                // One pass over the folders however many records there are (an import, a bulk add).
                let tree = try placing(files, into: base)
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

    /// Every record of the ledger, checked against its file name and in fold order; with
    /// `folders`, only the records under those top-level folders.
    public func records(in folders: Set<String>? = nil) throws(ConductError) -> [Record] {
        try git("reading the ledger") {
            guard let tip = try repository.reference(Ledger.reference) else { return [] }
            // A file that is not a valid record is skipped and noted, never fatal: one bad record
            // must not take every command down (`verify` names it).
            let fail: (String, String) throws -> Void = { path, problem in
                guard !ClockSkew.isFuture(problem) else { return }  // not counted, and no damage
                self.noteSkipped(LedgerProblem(path: path, problem: problem))
            }
            // The ledger's second level (one folder per signatory, target or proposal) is split
            // between two readers, each with its own libgit2 handle: reading and checking a
            // hundred thousand records is work for both cores.
            var records: [Record] = []
            var folderTrees: [(id: ObjectID, path: String)] = []
            for entry in try repository.tree(try repository.commit(tip).tree) where folders?.contains(entry.name) ?? true {
                guard entry.mode == .tree else {
                    try collect([(entry.id, entry.name)], into: &records, report: fail, flat: true)
                    continue
                }
                for inner in try repository.tree(entry.id) {
                    let innerPath = entry.name + "/" + inner.name
                    if inner.mode == .tree {
                        folderTrees.append((inner.id, innerPath))
                    } else {
                        try collect([(inner.id, innerPath)], into: &records, report: fail, flat: true)
                    }
                }
            }
            let (read, problems) = try readFolders(folderTrees, tolerant: true)
            problems.forEach(noteSkipped)
            return Store.inFoldOrder(records + read)
        }
    }

    /// Reads the records of the ledger folders `parts`, on two threads when there are many. A
    /// file that is not a valid record where it lies throws, or when `tolerant` is skipped and
    /// returned among the problems.
    func readFolders(_ parts: [(id: ObjectID, path: String)], tolerant: Bool,
                     parallel: Bool = true) throws -> (records: [Record], problems: [LedgerProblem]) {
        typealias Outcome = Result<(records: [Record], problems: [LedgerProblem]), any Error>
        @Sendable func read(_ parts: ArraySlice<(id: ObjectID, path: String)>, with store: Store) -> Outcome {
            Result {
                var records: [Record] = []
                var problems: [LedgerProblem] = []
                try store.collect(Array(parts), into: &records, report: { path, problem in
                    if ClockSkew.isFuture(problem), !tolerant { return }  // not counted, and no damage
                    guard tolerant else { throw ConductError.corruptStore("ledger file \(path) \(problem)") }
                    problems.append(LedgerProblem(path: path, problem: problem))
                }, flat: false)
                return (records, problems)
            }
        }
        guard parallel, parts.count >= 64 else { return try read(parts[...], with: self).get() }
        let halves = [parts[..<(parts.count / 2)], parts[(parts.count / 2)...]]
        let gitDirectory = path, documentName = self.documentName
        let results = inParallel(2) { half -> Outcome in
            // Each reader has its own libgit2 handle.
            do {
                return read(halves[half], with: Store(repository: try Repository.open(at: gitDirectory), documentName: documentName))
            } catch {
                return .failure(error)
            }
        }
        let (first, second) = (try results[0].get(), try results[1].get())
        return (first.records + second.records, first.problems + second.problems)
    }

    /// Reads the records in each of `parts`: folders (walked down), or single files when `flat`.
    private func collect(_ parts: [(id: ObjectID, path: String)], into records: inout [Record],
                         report: (String, String) throws -> Void, flat: Bool) throws {
        for part in parts {
            if flat {
                try collectFile(part.id, path: part.path, into: &records, report: report)
            } else {
                try collect(part.id, path: part.path, folders: nil, into: &records, report: report)
            }
        }
    }

    /// Every readable record and every file that is not one, for `verify`, the problems in the
    /// order of a walk of the tree. The second level (one folder per signatory, target or
    /// proposal) is read on two threads, as `records(in:)` reads it; but the folders under the
    /// top-level folders `streamed` are not read: they are listed, in tree order, for a reader
    /// that takes a few at a time.
    func auditLedger(streaming streamed: Set<String> = [])
        throws(ConductError) -> (records: [Record], problems: [LedgerProblem], streamed: [(id: ObjectID, path: String)]) {
        try git("reading the ledger") {
            guard let tip = try repository.reference(Ledger.reference) else { return ([], [], []) }
            var records: [Record] = []
            var streamedFolders: [(id: ObjectID, path: String)] = []
            // Each problem of the walk with the number of folders listed before it.
            var walked: [(folders: Int, problem: LedgerProblem)] = []
            var folderTrees: [(id: ObjectID, path: String)] = []
            let report: (String, String) throws -> Void = { path, problem in
                walked.append((folderTrees.count, LedgerProblem(path: path, problem: problem)))
            }
            for entry in try repository.tree(try repository.commit(tip).tree) {
                switch entry.mode {
                case .blob: try collectFile(entry.id, path: entry.name, into: &records, report: report)
                case .tree:
                    for inner in try repository.tree(entry.id) {
                        let innerPath = entry.name + "/" + inner.name
                        switch inner.mode {
                        case .tree where streamed.contains(entry.name): streamedFolders.append((inner.id, innerPath))
                        case .tree: folderTrees.append((inner.id, innerPath))
                        case .blob: try collectFile(inner.id, path: innerPath, into: &records, report: report)
                        default: try report(innerPath, "is not a record")
                        }
                    }
                default: try report(entry.name, "is not a record")
                }
            }
            let (read, folderProblems) = try readFolders(folderTrees, tolerant: true)
            var byFolder: [String: [LedgerProblem]] = [:]
            for problem in folderProblems { byFolder[problem.folder, default: []].append(problem) }
            var problems: [LedgerProblem] = []
            var next = walked[...]
            for (index, folder) in folderTrees.enumerated() {
                while let first = next.first, first.folders <= index { problems.append(first.problem); next = next.dropFirst() }
                problems += byFolder[folder.path] ?? []
            }
            problems += next.map(\.problem)
            return (Store.inFoldOrder(records + read), problems, streamedFolders)
        }
    }

    /// `records` by their second-level folder (`attestations/s1`), each folder's in fold order.
    static func byFolder(_ records: [Record]) -> [String: [Record]] {
        var folders: [String: [Record]] = [:]
        for record in inFoldOrder(records) { folders[record.path.prefix(2).joined(separator: "/"), default: []].append(record) }
        return folders
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
            case .blob:
                try collectFile(entry.id, path: entryPath, into: &records, report: report)
            default:
                try report(entryPath, "is not a record")
            }
        }
    }

    /// Reads the record in blob `id` at `path`, checking it against its name and place.
    private func collectFile(_ id: ObjectID, path: String, into records: inout [Record],
                             report: (String, String) throws -> Void) throws {
        guard path.hasSuffix(".json") else { return try report(path, "is not a record") }
        let name = String(path.split(separator: "/").last?.dropLast(".json".count) ?? "")
        // Too large to be a record: refused by its size, before its bytes are read.
        if let size = try repository.objectHeader(id)?.size, size > RecordLimits.maximumBytes {
            return try report(path, "is not a valid record: \(RecordLimits.sizeProblem(size))")
        }
        do {
            let record = try Record(bytes: try repository.blob(id), name: name)
            guard record.path.joined(separator: "/") == path else {
                return try report(path, "is a \(record.type) record that belongs at \(record.path.joined(separator: "/"))")
            }
            if let future = ClockSkew.problem(record) { return try report(path, future) }
            records.append(record)
        } catch let problem as RecordProblem {
            try report(path, "is not a valid record: \(problem.explanation)")
        }
    }

    /// Notes a ledger file a read skipped, once per path.
    func noteSkipped(_ problem: LedgerProblem) {
        if !skippedRecords.contains(where: { $0.path == problem.path }) { skippedRecords.append(problem) }
    }

    /// The record in the local ledger blob `id`, or nil when it is not one (too large, or not valid).
    func localRecord(_ id: ObjectID) throws -> Record? {
        if let size = try repository.objectHeader(id)?.size, size > RecordLimits.maximumBytes { return nil }
        return try? Record(bytes: try repository.blob(id))
    }
}

internal import Git

extension Store {
    /// Adopted revisions, newest first, each with the clauses that changed since the one before
    /// and how it was adopted (its proposal's window, the approvals relied on, any override).
    public func log(limit: Int? = nil) throws(ConductError) -> [RevisionSummary] {
        if let limit, limit < 1 { throw .invalidLimit(limit) }
        var summaries = try changeLog(limit: limit)
        let adoptions = try self.adoptions(of: summaries.map(\.revision))
        for index in summaries.indices { summaries[index].adoption = adoptions[summaries[index].revision.commit] }
        return summaries
    }

    /// The revisions of `log`, with their changes only.
    ///
    /// Main is walked first (each commit, its document blob and its parent's); then the changes
    /// the summary cache lacks are computed from the clause digests of each blob and its parent's,
    /// on two threads when there are many revisions: each takes one half of the history, with its
    /// own repository handle and memo, so that walking its half it meets most clauses before.
    private func changeLog(limit: Int?) throws(ConductError) -> [RevisionSummary] {
        let walked = try git("reading the history of main") { () throws -> [Walked] in
            guard let tip = try repository.reference(Store.mainReference) else {
                throw ConductError.corruptStore("refs/heads/main is missing")
            }
            let ids = try repository.walk(from: tip, firstParentOnly: true, limit: limit)
            var walked: [Walked] = []
            walked.reserveCapacity(ids.count)
            var next: (id: ObjectID, commit: Commit)? = nil
            for id in ids {
                let commit = try next.flatMap { $0.id == id ? $0.commit : nil } ?? repository.commit(id)
                let blob = try repository.blob(atPath: documentName, inTree: commit.tree)
                var parentBlob: ObjectID?
                if let parent = commit.parents.first {
                    let parentCommit = try repository.commit(parent)
                    next = (parent, parentCommit)
                    parentBlob = try repository.blob(atPath: documentName, inTree: parentCommit.tree)
                } else {
                    next = nil
                }
                walked.append(Walked(commit: commit, blob: blob, parentBlob: parentBlob))
            }
            return walked
        }
        var cache = SummaryCache(gitDirectory: path)
        defer { cache.flush() }
        // Each summary the cache holds, looked up once; the others are computed.
        var cached: [[ClauseChange]?] = []
        cached.reserveCapacity(walked.count)
        var missing: [Int] = []
        for (index, entry) in walked.enumerated() {
            let found = entry.blob.flatMap { cache.lookup(old: entry.parentBlob, new: $0) }
            cached.append(found)
            if entry.blob != nil, found == nil { missing.append(index) }
        }
        var computed: [Int: [ClauseChange]] = [:]
        let progress = ProgressReporter("summarising revisions", total: missing.count, unit: "revisions")
        if missing.count >= 256 {
            let halves = [Array(missing[..<(missing.count / 2)]), Array(missing[(missing.count / 2)...])]
            let gitDirectory = path, documentName = self.documentName
            let parts = inParallel(2) { half -> Result<[(Int, [ClauseChange])], ConductError> in
                Result { () throws(ConductError) in
                    let reader = try ConductError.catching("opening \(gitDirectory)") {
                        Store(repository: try Repository.open(at: gitDirectory), documentName: documentName)
                    }
                    return try reader.git("reading the history of main") { try reader.changes(of: halves[half], in: walked, progress: progress) }
                }
            }
            for part in parts { for (index, changes) in try part.get() { computed[index] = changes } }
        } else {
            for (index, changes) in try git("reading the history of main", { try changes(of: missing, in: walked, progress: progress) }) {
                computed[index] = changes
            }
        }
        return walked.indices.map { index in
            let entry = walked[index]
            var changes: [ClauseChange] = []
            if let blob = entry.blob {
                if let known = cached[index] {
                    changes = known
                } else if let fresh = computed[index] {
                    changes = fresh
                    cache.store(old: entry.parentBlob, new: blob, changes: fresh)
                }
            }
            return RevisionSummary(revision: Revision(entry.commit), changes: changes)
        }
    }

    /// Reads main's history once so that the summary cache holds every revision's changes: a
    /// store just cloned does not make its first `log` wait for them.
    func warmSummaries() throws(ConductError) {
        _ = try changeLog(limit: nil)
    }

    /// A revision of main as the log walk found it.
    private struct Walked: Sendable {
        let commit: Commit
        let blob: ObjectID?
        let parentBlob: ObjectID?
    }

    /// The changes of each revision `indices` names (ascending: newest first), from its blob's
    /// clause digests and its parent's, parsing each blob once while it may be asked for again.
    private func changes(of indices: [Int], in walked: [Walked], progress: ProgressReporter) throws -> [(Int, [ClauseChange])] {
        var digests: [ObjectID: [ClauseDigest]] = [:]
        let memo = DigestMemo()
        var result: [(Int, [ClauseChange])] = []
        result.reserveCapacity(indices.count)
        for index in indices {
            guard let blob = walked[index].blob else { continue }
            let parentBlob = walked[index].parentBlob
            let newDigests = try self.digests(of: blob, memo: &digests, fingerprints: memo)
            let oldDigests = try parentBlob.map { try self.digests(of: $0, memo: &digests, fingerprints: memo) }
            if let oldDigests, let parentBlob {
                result.append((index, try ClauseChange.fromDigests(old: oldDigests, new: newDigests)
                    ?? ClauseChange.from(Differ(clausesOnly: true).diff(parse(parentBlob), parse(blob)))))
            } else {
                result.append((index, ClauseChange.initial(newDigests)))
            }
            progress.advance()
            // Walking newest first, only the parent's digests can be asked for again.
            digests = parentBlob.flatMap { blob in oldDigests.map { [blob: $0] } } ?? [:]
        }
        return result
    }

    /// A stored document, parsed in full.
    private func parse(_ blob: ObjectID) throws -> Document {
        do {
            return try Document.parse(bytes: try repository.blob(blob))
        } catch let problem as DocumentProblem {
            throw ConductError.corruptStore("document blob \(blob.hex.prefix(12)) does not parse: \(problem.explanation)")
        }
    }

    /// The digests of a document blob, parsed at most once per call.
    func digests(of blob: ObjectID, memo: inout [ObjectID: [ClauseDigest]], fingerprints: DigestMemo) throws -> [ClauseDigest] {
        if let known = memo[blob] { return known }
        let result: [ClauseDigest]
        do {
            result = try Document.digests(bytes: try repository.blob(blob), memo: fingerprints)
        } catch let problem as DocumentProblem {
            throw ConductError.corruptStore("document blob \(blob.hex.prefix(12)) does not parse: \(problem.explanation)")
        }
        memo[blob] = result
        return result
    }
}

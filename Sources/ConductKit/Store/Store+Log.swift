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
    private func changeLog(limit: Int?) throws(ConductError) -> [RevisionSummary] {
        try git("reading the history of main") {
            guard let tip = try repository.reference(Store.mainReference) else {
                throw ConductError.corruptStore("refs/heads/main is missing")
            }
            let ids = try repository.walk(from: tip, firstParentOnly: true, limit: limit)
            var cache = SummaryCache(gitDirectory: path)
            defer { cache.flush() }
            var digests: [ObjectID: [ClauseDigest]] = [:]
            let memo = DigestMemo()
            var summaries: [RevisionSummary] = []
            summaries.reserveCapacity(ids.count)

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
                var changes: [ClauseChange] = []
                if let blob {
                    if let cached = cache.lookup(old: parentBlob, new: blob) {
                        changes = cached
                    } else {
                        let newDigests = try self.digests(of: blob, memo: &digests, fingerprints: memo)
                        let oldDigests = try parentBlob.map { try self.digests(of: $0, memo: &digests, fingerprints: memo) }
                        if let oldDigests, let parentBlob {
                            changes = try ClauseChange.fromDigests(old: oldDigests, new: newDigests)
                                ?? ClauseChange.from(Differ(clausesOnly: true).diff(parse(parentBlob), parse(blob)))
                        } else {
                            changes = ClauseChange.initial(newDigests)
                        }
                        cache.store(old: parentBlob, new: blob, changes: changes)
                        // Walking newest first, only the parent's digests can be asked for again.
                        digests = parentBlob.flatMap { blob in oldDigests.map { [blob: $0] } } ?? [:]
                    }
                }
                summaries.append(RevisionSummary(revision: Revision(commit), changes: changes))
            }
            return summaries
        }
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

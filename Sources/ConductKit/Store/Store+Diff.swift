extension Store {
    /// Compares two revisions (default: the one before main, and main); a proposal given alone
    /// is compared with the revision it amends.
    public func compare(_ oldSpec: String?, _ newSpec: String?) throws(ConductError) -> Comparison {
        // A proposal alone is compared with the revision it amends.
        if let oldSpec, newSpec == nil, Proposal.isProposalSpec(oldSpec) {
            return try compare(proposal: try proposal(oldSpec))
        }
        let newRevision = try resolve(newSpec)
        let oldRevision: Revision
        if let oldSpec {
            oldRevision = try resolve(oldSpec)
        } else if let parent = newRevision.parent {
            oldRevision = try revision(at: parent, recorded: parent.hex)
        } else {
            oldRevision = newRevision
        }
        return try compare(oldRevision, newRevision)
    }

    /// Compares a proposal's latest version with the revision it amends.
    func compare(proposal: Proposal) throws(ConductError) -> Comparison {
        try compare(try revision(at: proposal.baseID, recorded: proposal.base), try proposalRevision(proposal))
    }

    /// Compares two revisions already read.
    func compare(_ oldRevision: Revision, _ newRevision: Revision) throws(ConductError) -> Comparison {
        // One memo for both sides: a clause stored alike in both is built once.
        let memo = DigestMemo()
        let oldDocument = try document(at: oldRevision, memo: memo), newDocument = try document(at: newRevision, memo: memo)
        var comparison = Comparison(
            old: .init(label: oldRevision.label, commit: oldRevision.commit.hex, version: oldRevision.version?.description),
            new: .init(label: newRevision.label, commit: newRevision.commit.hex, version: newRevision.version?.description),
            diff: Differ().diff(oldDocument, newDocument),
            clauseIDs: Array(Set(oldDocument.clauses.compactMap(\.id) + newDocument.clauses.compactMap(\.id))).sorted())
        let name = { (revision: Revision) in revision.version?.label ?? String(revision.commit.hex.prefix(12)) }
        comparison.listing = "'conduct outline \(name(oldRevision))' and 'conduct outline \(name(newRevision))'"
        comparison.openComments = try openCommentCounts(for: newRevision)
        return comparison
    }

    /// Compares two Markdown texts that are not in any store.
    public static func compare(old: [UInt8], oldSource: String, new: [UInt8], newSource: String) throws(ConductError) -> Comparison {
        // One memo for both sides: a clause written alike in both is built once.
        let memo = DigestMemo()
        func parse(_ bytes: [UInt8], _ source: String) throws(ConductError) -> Document {
            do {
                return try Document.parse(text: try Document.validatedText(bytes), memo: memo)
            } catch {
                throw .badDocument(source: source, problem: error)
            }
        }
        let a = try parse(old, oldSource), b = try parse(new, newSource)
        var comparison = Comparison(
            old: .init(label: oldSource, commit: nil, version: nil), new: .init(label: newSource, commit: nil, version: nil),
            diff: Differ().diff(a, b),
            clauseIDs: Array(Set(a.clauses.compactMap(\.id) + b.clauses.compactMap(\.id))).sorted())
        comparison.listing = "'conduct diff --files \(Comparison.quoted(oldSource)) \(Comparison.quoted(newSource)) --stat' for the clauses that changed"
        return comparison
    }
}

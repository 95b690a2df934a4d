extension Store {
    /// Two texts together at least this large (in bytes) are parsed on two cores: below it,
    /// starting a thread costs more than the one shared memo saves.
    static let parallelParseSize = 256 << 10

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
        let (oldDocument, newDocument) = try Store.parsePair(try documentBytes(at: oldRevision), try documentBytes(at: newRevision)) { side, problem in
            .corruptStore("the document of \(side == 0 ? oldRevision.label : newRevision.label) does not parse: \(problem.explanation)")
        }
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
        let (a, b) = try parsePair(old, new) { side, problem in .badDocument(source: side == 0 ? oldSource : newSource, problem: problem) }
        var comparison = Comparison(
            old: .init(label: oldSource, commit: nil, version: nil), new: .init(label: newSource, commit: nil, version: nil),
            diff: Differ().diff(a, b),
            clauseIDs: Array(Set(a.clauses.compactMap(\.id) + b.clauses.compactMap(\.id))).sorted())
        comparison.listing = "'conduct diff --files \(Comparison.quoted(oldSource)) \(Comparison.quoted(newSource)) --stat' for the clauses that changed"
        return comparison
    }

    /// Parses the two sides of a comparison. Small texts are parsed in turn with one memo, so
    /// that a clause written alike in both is built once; large ones on both cores at once, each
    /// with its own memo. `failure` names the side (0 old, 1 new) that does not parse.
    static func parsePair(_ old: [UInt8], _ new: [UInt8],
                          failure: (Int, DocumentProblem) -> ConductError) throws(ConductError) -> (Document, Document) {
        @Sendable func parse(_ bytes: [UInt8], memo: DigestMemo) -> Result<Document, DocumentProblem> {
            Result { () throws(DocumentProblem) in try Document.parse(text: try Document.validatedText(bytes), memo: memo) }
        }
        let sides: [Result<Document, DocumentProblem>]
        if old.count + new.count < parallelParseSize {
            let memo = DigestMemo()
            sides = [parse(old, memo: memo), parse(new, memo: memo)]
        } else {
            sides = inParallel(2) { side in parse(side == 0 ? old : new, memo: DigestMemo()) }
        }
        var documents: [Document] = []
        for (side, parsed) in sides.enumerated() {
            switch parsed {
            case .success(let document): documents.append(document)
            case .failure(let problem): throw failure(side, problem)
            }
        }
        return (documents[0], documents[1])
    }
}

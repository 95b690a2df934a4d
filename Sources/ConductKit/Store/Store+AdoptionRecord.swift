internal import Git

extension Store {
    /// How each of `revisions` was adopted (`RevisionAdoption`), by commit id; a revision adopted
    /// directly, with no approval or override recorded, is left out. The window is the one the
    /// rule in force at each adoption gave the proposal's versions by then, as `adopt` and
    /// `verify` judge it.
    public func adoptions(of revisions: [Revision]) throws(ConductError) -> [CommitID: RevisionAdoption] {
        let concerned = revisions.filter { $0.proposal != nil || !$0.approvals.isEmpty || $0.override != nil }
        guard !concerned.isEmpty else { return [:] }
        let proposals = Dictionary(try self.proposals().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let config = try trustedRecords(in: ["config"])
        let wanted = Set(concerned.flatMap(\.approvals))
        var approvals: [String: Approval] = [:]
        if !wanted.isEmpty {
            for record in try records(in: [Approval.folder]) where wanted.contains(record.id) {
                approvals[record.id] = Approval(record)
            }
        }
        var result: [CommitID: RevisionAdoption] = [:]
        for revision in concerned {
            let end = revision.proposal.flatMap { proposals[$0] }.flatMap { proposal in
                consultationEnd(of: proposal, adoptedAt: revision.date, config: config)
            }
            result[revision.commit] = RevisionAdoption(
                proposal: revision.proposal, consultationEnd: end,
                approvals: revision.approvals.map { RevisionAdoption.Relied(id: $0, approval: approvals[$0]) },
                override: revision.override)
        }
        return result
    }

    /// When the consultation on `proposal` ends (or ended) for an adoption at `moment`: under the
    /// rule the `config` records make then, from the versions it had by then as their texts
    /// judge them (`judgedByText`); without a rule, the window it announced.
    func consultationEnd(of proposal: Proposal, adoptedAt moment: Timestamp, config: [Record]) -> Timestamp? {
        var proposal = judgedByText(proposal)
        proposal.versions = proposal.versions.filter { version in (try? Timestamp(parsing: version.at)).map { $0 <= moment } ?? false }
        return AdoptionRule.fold(config, at: moment).map { $0.consultationEnd(of: proposal) } ?? proposal.consultationUntil
    }

    /// `proposal` with each version the ledger calls editorial judged again from the texts: a
    /// proposal record is not signed, so one that calls a substantive change editorial, and
    /// would start the consultation window earlier, is not taken at its word. A version whose
    /// text, or the one before it, cannot be read counts as substantive: it restarts the window.
    /// (A version called substantive only lengthens the window, and is left as it is.)
    func judgedByText(_ proposal: Proposal) -> Proposal {
        var judged = proposal
        for index in judged.versions.indices.dropFirst() where !judged.versions[index].isSubstantive {
            let earlier = judged.versions[index - 1], version = judged.versions[index]
            guard let old = try? document(at: revision(at: earlier.commitID, recorded: earlier.commit)),
                  let new = try? document(at: revision(at: version.commitID, recorded: version.commit)) else {
                judged.versions[index].change = ClauseChange.Kind.substantive.rawValue
                continue
            }
            judged.versions[index].change = ClauseChange.rollUp(ClauseChange.from(Differ().diff(old, new))).rawValue
        }
        return judged
    }
}

internal import Git

extension Store {
    /// Whether `records` hold a setting of the adoption rule, signed or not (which are trusted
    /// is judged with the rule).
    static func hasAdoptionRule(_ records: [Record]) -> Bool {
        records.contains { $0.type == "config" && AdoptionRule.keys.contains($0.value["key"]?.stringValue ?? "") }
    }

    /// `verify`'s check of the adoption rule: each revision on main adopted while a rule was in
    /// force (judged by the settings dated at or before its adoption) waited for the consultation
    /// window of its proposal, or records an override (`Conduct-Override`) that rule allowed. A
    /// revision adopted without a proposal has had no consultation at all.
    ///
    /// Only trusted records count: a setting or an adoption the secretariat did not sign can
    /// neither make a rule nor lift one. The window is judged from the versions the proposal had
    /// when it was adopted, so a record dated after the adoption cannot move it, and from their
    /// texts, so a version recorded as editorial that changed a clause's substance restarts it.
    ///
    /// `signatories` is the registry as verify's own read of the ledger left it (never the
    /// ledger index kept in conduct-cache/).
    func auditAdoptionRules(_ records: [Record], signatories: [String: Signatory], into report: inout VerifyReport) throws(ConductError) {
        let trusted = try recordTrust().admitted(records.filter { $0.type == "config" || $0.type.hasPrefix("proposal") })
        let config = trusted.filter { $0.type == "config" }
        guard Store.hasAdoptionRule(config) else { return }
        let proposals = Proposal.fold(trusted)
        let revisions = try git("reading the history of main") { () throws -> [Revision] in
            guard let tip = try repository.reference(Store.mainReference) else { return [] }
            return try repository.walk(from: tip, firstParentOnly: true).map { Revision(try repository.commit($0)) }
        }
        for revision in revisions.reversed() where revision.parent != nil {
            guard let rule = AdoptionRule.fold(config, at: revision.date) else { continue }
            let subject = revision.commit.hex
            let adopted = "revision \(revision.label) was adopted on \(revision.date)"
            func find(_ problem: String) { report.findings.append(VerifyFinding(check: .adoption, subject: subject, problem: problem)) }
            auditQuorum(of: revision, under: rule, proposal: revision.proposal.flatMap { proposals[$0] }, records: records,
                        signatories: signatories, find: find)
            if let override = revision.override {
                if rule.override == .forbidden {
                    find("\(adopted) with an override (\"\(override)\"), while the adoption rule in force since \(rule.since) forbade overrides")
                }
                continue
            }
            guard let id = revision.proposal else {
                if let duration = rule.consultation, rule.requiresConsultation {
                    find("\(adopted) without a proposal, so without the consultation of \(duration) the adoption rule in force asked for, and records no override")
                }
                continue
            }
            guard let proposal = proposals[id] else {
                find("\(adopted) as proposal \(id), which the ledger does not hold, so its consultation window cannot be shown to have been kept")
                continue
            }
            if let end = consultationEnd(of: proposal, adoptedAt: revision.date, config: config), revision.date < end {
                find("\(adopted), inside the consultation window of \(id), which ended on \(end) under the adoption rule in force, and records no override")
            }
        }
    }

    /// The quorum half of the check: the approvals a revision's commit names (`Conduct-Approval`)
    /// are approval records of its proposal's version adopted, signed by the key each approver
    /// held, made by the adoption and not withdrawn by then, by approvers of the rule as
    /// registered then, of exactly the text the revision holds (its document's SHA-256); and there
    /// are as many as the rule's quorum asks for.
    private func auditQuorum(of revision: Revision, under rule: AdoptionRule, proposal: Proposal?, records: [Record],
                             signatories: [String: Signatory], find: (String) -> Void) {
        guard let quorum = rule.quorum(nonMaterial: revision.nonMaterial) else { return }
        let approvers = rule.approverIDs(among: signatories.filter { $0.value.registered <= revision.date }.mapValues(\.kind))
        let needed = quorum.required(of: approvers.count)
        guard needed > 0 else { return }
        let adopted = "revision \(revision.label) was adopted on \(revision.date)"
        guard let proposal else {
            find("\(adopted) without a proposal approved by \(needed) of \(approvers.joined(separator: ", ")), as the adoption rule in force asked")
            return
        }
        // The version adopted: the latest the proposal had by the adoption.
        let version = proposal.versions.last { version in (try? Timestamp(parsing: version.at)).map { $0 <= revision.date } ?? false }
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // A withdrawal counts only when the approval's own signatory signed it, with a key it held.
        let withdrawn = Set(records.compactMap { record -> String? in
            guard record.type == Approval.withdrawnType, record.time <= revision.date,
                  let target = record.value["withdraws"]?.stringValue, let signatory = record.value["signatory"]?.stringValue,
                  byID[target]?.value["signatory"]?.stringValue == signatory, Approval.signatureProblem(record) == nil,
                  Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatories[signatory]) == nil
            else { return nil }
            return target
        })
        let adoptedText = revision.approvals.isEmpty ? nil : documentDigest(at: revision.commit.hex)
        var counted = Set<String>()
        for id in revision.approvals {
            guard let record = byID[id], let approval = Approval(record) else {
                find("\(adopted) relying on approval \(id.prefix(12)), which the ledger does not hold")
                continue
            }
            let problem: String? =
                if approval.proposal != proposal.id || approval.commit != version?.commit { "it approves another proposal or version" }
                else if approval.document != adoptedText { "it approves another text than the one adopted" }
                else if !approvers.contains(approval.signatory) { "\(approval.signatory) is not an approver of the rule in force" }
                else if approval.time > revision.date { "it was made after the adoption" }
                else if withdrawn.contains(id) { "it was withdrawn before the adoption" }
                else if let problem = Approval.signatureProblem(record)
                    ?? Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatories[approval.signatory]) { problem }
                else { nil }
            if let problem {
                find("\(adopted) relying on approval \(id.prefix(12)) by \(approval.signatory), which does not count: \(problem)")
            } else {
                counted.insert(approval.signatory)
            }
        }
        if counted.count < needed {
            find("\(adopted) with \(counted.count) of the \(needed) approvals the adoption rule in force asked for"
                 + " (approvers: \(approvers.joined(separator: ", ")))")
        }
    }
}

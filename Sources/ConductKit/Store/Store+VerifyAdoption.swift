internal import Git

extension Store {
    /// `verify`'s check of the adoption rule: each revision on main adopted while a rule was in
    /// force (judged by the settings dated at or before its adoption) waited for the consultation
    /// window of its proposal, or records an override (`Conduct-Override`) that rule allowed. A
    /// revision adopted without a proposal has had no consultation at all.
    ///
    /// Only trusted records count: a setting or an adoption the secretariat did not sign can
    /// neither make a rule nor lift one. The window is judged from the versions the proposal had
    /// when it was adopted, so a record dated after the adoption cannot move it.
    func auditAdoptionRules(_ records: [Record], into report: inout VerifyReport) throws(ConductError) {
        let trusted = try recordTrust().admitted(records.filter { $0.type == "config" || $0.type.hasPrefix("proposal") })
        let config = trusted.filter { $0.type == "config" }
        guard config.contains(where: { AdoptionRule.keys.contains($0.value["key"]?.stringValue ?? "") }) else { return }
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
            guard var proposal = proposals[id] else {
                find("\(adopted) as proposal \(id), which the ledger does not hold, so its consultation window cannot be shown to have been kept")
                continue
            }
            proposal.versions = proposal.versions.filter { version in (try? Timestamp(parsing: version.at)).map { $0 <= revision.date } ?? false }
            if let end = rule.consultationEnd(of: proposal), revision.date < end {
                find("\(adopted), inside the consultation window of \(id), which ended on \(end) under the adoption rule in force, and records no override")
            }
        }
    }
}

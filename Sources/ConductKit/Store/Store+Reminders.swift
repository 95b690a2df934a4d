extension Store {
    /// The reminders for every signatory in `states` at `spec` (main when nil), with expiry
    /// judged at `now`: one message from `sender`, dated `now`, to each representative with an
    /// e-mail address, saying where the signatory stands, what changed in its scope since it
    /// attested (as `since` has it, substantive first) and the `conduct attest` command that
    /// renews it. Reads only.
    public func reminders(states: Set<AttestationStatus.State>, at spec: String? = nil, now: Timestamp,
                          from sender: Identity) throws(ConductError) -> ReminderReport {
        // The messages come from this address: it must be one a header can carry.
        guard MailHeader.isAddress(sender.email) else { throw .invalidIdentity(sender.description) }
        let status = try self.status(at: spec, now: now)
        let head = status.revision
        let document = try self.document(at: head)
        let title = HeadingText.plainText(document.title(orName: documentName))
        let clauses = Set(document.clauses.compactMap(\.id))
        // Every reminder about this store, signatory, representative and revision has one id.
        let root = try history().first?.commit.hex ?? head.commit.hex
        let domain = sender.email.split(separator: "@").last.flatMap { MailHeader.isDomain($0) ? String($0) : nil } ?? "conduct.invalid"
        var comparisons: [String: Comparison] = [:]
        var report = ReminderReport(revision: head, reminders: [], unreachable: [])
        for row in try status.rows() where states.contains(row.state) {
            let signatory = row.signatory
            let reachable = signatory.representatives.enumerated().filter { MailHeader.isAddress($0.element.email) }
            guard !reachable.isEmpty else {
                report.unreachable.append(signatory)
                continue
            }
            for representative in signatory.representatives where !MailHeader.isAddress(representative.email) {
                report.unaddressed.append((signatory, representative))
            }
            var since: (comparison: Comparison, clauses: [ClauseDiff])?
            if let attestation = row.attestation {
                let comparison: Comparison
                if let known = comparisons[attestation.revision] {
                    comparison = known
                } else {
                    comparison = try compare(try revision(at: attestation.revisionID, recorded: attestation.revision), head)
                    comparisons[attestation.revision] = comparison
                }
                since = (comparison, SinceReport.clauses(of: comparison, in: attestation.scope))
            }
            let letter = ReminderLetter(status: row, title: title, revision: head.label,
                                        spec: head.version?.label ?? String(head.commit.hex.prefix(12)),
                                        since: since, clauses: clauses, settings: status.settings)
            for (index, representative) in reachable {
                let digest = Fingerprint.sha256([root, signatory.id, representative.email, head.commit.hex].joined(separator: "\n"))
                let message = MailMessage(from: sender, to: representative, subject: letter.subject, date: now,
                                          messageID: Reminder.messageIDPrefix + digest.prefix(32) + "@" + domain,
                                          body: letter.body(to: representative, from: sender))
                report.reminders.append(Reminder(status: row, representative: representative, number: index + 1, message: message))
            }
        }
        return report
    }
}

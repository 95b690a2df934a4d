extension Store {
    /// The status of every signatory (or of those in `only`) at `spec` (main when nil), with
    /// expiry judged at `now`.
    public func status(at spec: String? = nil, now: Timestamp, only: Set<String>? = nil) throws(ConductError) -> StatusReport {
        let head = try resolve(spec ?? "main")
        let history = try CurrencyHistory(store: self, head: head)
        let settings = try self.settings()
        let ledger = try ledgerIndex()
        let judge = StatusJudge(history: history, readings: TranslationReadings(store: self), ledger: ledger, settings: settings,
                                now: now, only: only, headLabel: head.label)
        return StatusReport(revision: head, now: now, settings: settings,
                            skipped: ledger.problems.map { "\($0.path) \($0.problem)" }, judge: judge)
    }
}

extension Store {
    /// The structured diff from the signatory's latest attestation to main, limited to its scope.
    public func since(_ id: String) throws(ConductError) -> SinceReport {
        let (signatory, attestations) = try registered(id, in: try ledgerIndex())
        guard let attestation = attestations.last?.attestation else { throw .neverAttested(id) }
        let main = try head()
        let comparison = try compare(try revision(at: attestation.revisionID, recorded: attestation.revision), main)
        return SinceReport(signatory: signatory, attestation: attestation, comparison: comparison,
                           clauses: SinceReport.clauses(of: comparison, in: attestation.scope),
                           reading: try TranslationReadings(store: self).reading(of: attestation))
    }
}

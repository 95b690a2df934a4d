import Git

extension Store {
    /// The status of every signatory at every revision of main, with expiry judged at `now`.
    ///
    /// Each attestation's coverage is followed forward from the revision it attests, one
    /// revision at a time, looking only at the clauses each revision changed: the matrix costs
    /// about one pass over the history per attested revision, not one `status` per cell.
    public func attestationMatrix(now: Timestamp) throws(ConductError) -> AttestationMatrix {
        try attestationMatrix(now: now, parsed: [:])
    }

    /// The matrix, taking the clauses of documents already parsed (by commit id) instead of parsing them again.
    func attestationMatrix(now: Timestamp, parsed: [String: [Clause]]) throws(ConductError) -> AttestationMatrix {
        let revisions = try history()
        guard let head = revisions.last else { throw .corruptStore("refs/heads/main has no history") }
        let history = try CurrencyHistory(store: self, head: head)
        defer { history.flush() }
        for (position, revision) in revisions.enumerated() {
            if let clauses = parsed[revision.commit.hex] { history.seed(position, from: clauses) }
        }
        let settings = try self.settings()
        let ledger = try ledgerIndex()
        return try AttestationMatrix.judge(revisions: revisions, history: history, ledger: ledger, settings: settings, now: now)
    }
}

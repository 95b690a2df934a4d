import Git

extension Store {
    /// Main's first-parent history, oldest first.
    public func history() throws(ConductError) -> [Revision] {
        try git("reading the history of main") {
            guard let tip = try repository.reference(Store.mainReference) else {
                throw ConductError.corruptStore("refs/heads/main is missing")
            }
            return try repository.walk(from: tip, firstParentOnly: true).reversed().map { Revision(try repository.commit($0)) }
        }
    }

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
        let sweeps = CoverageSweeps(history: history)

        var rows: [AttestationMatrix.Row] = []
        var events: [AttestationMatrix.Event] = []
        rows.reserveCapacity(ledger.count)
        for index in 0..<ledger.count {
            let (id, registered, attestations) = try ledger.entry(at: index)
            guard let signatory = registered else { continue }
            var states = [AttestationStatus.State](repeating: .never, count: history.count)
            // Attestations of revisions on main, in fold order: at each revision the latest one
            // of a revision at or before it counts.
            let onMain = attestations.compactMap { checked in
                history.position(of: checked.attestation.revision).map { (checked, $0) }
            }
            for (checked, position) in onMain {
                events.append(.init(signatory: id, time: checked.attestation.time, revision: position, withdrawal: false))
                for withdrawal in checked.attestation.withdrawals {
                    events.append(.init(signatory: id, time: withdrawal.time, revision: position, withdrawal: true))
                }
            }
            var byPosition: [Int: Int] = [:]
            for (index, entry) in onMain.enumerated() { byPosition[entry.1] = max(byPosition[entry.1] ?? index, index) }
            // The attestation that counts changes only at revisions someone attested: judge it once there.
            var latest: Int? = nil
            var settled: AttestationStatus.State? = nil
            var counts: [CoverageSweeps.Counts] = []
            var row = AttestationStatus(signatory: signatory, state: .never, reason: "")
            for column in 0..<history.count {
                if let index = byPosition[column], index > (latest ?? -1) {
                    latest = index
                    let (checked, position) = onMain[index]
                    settled = Store.settledState(checked, signatory: signatory, label: history.label(at: position),
                                                 settings: settings, now: now, row: &row)
                    counts = settled == nil ? try sweeps.counts(from: position, scope: checked.attestation.scope) : []
                }
                guard let latest else { continue }
                if let settled {
                    states[column] = settled
                    continue
                }
                let at = counts[column - onMain[latest].1]
                states[column] = at.uncovered > 0 ? .stale : at.editorial > 0 ? .currentEditorial : .current
            }
            rows.append(.init(signatory: signatory, states: states))
        }
        events.sort { ($0.time, $0.signatory, $0.revision, $0.withdrawal ? 1 : 0) < ($1.time, $1.signatory, $1.revision, $1.withdrawal ? 1 : 0) }
        return AttestationMatrix(revisions: revisions, rows: rows, events: events, now: now)
    }
}

import Git

/// Every signatory's status at every revision of main: the attestation matrix a published
/// site shows, each cell what `conduct status --at REVISION` says of that signatory.
public struct AttestationMatrix: Sendable {
    public struct Row: Sendable {
        public var signatory: Signatory
        /// One state per revision, oldest revision first.
        public var states: [AttestationStatus.State]
    }

    /// An attestation or its withdrawal, for the timeline.
    public struct Event: Sendable {
        public var signatory: String
        public var time: Timestamp
        /// The attested revision's position in `revisions`.
        public var revision: Int
        public var withdrawal: Bool
    }

    /// Main's first-parent history, oldest first: the matrix's columns.
    public var revisions: [Revision]
    /// One row per signatory, by id.
    public var rows: [Row]
    /// Attestations of revisions on main, and withdrawals of them, oldest first.
    public var events: [Event]
    public var now: Timestamp
}

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
        let revisions = try history()
        guard let head = revisions.last else { throw .corruptStore("refs/heads/main has no history") }
        let history = try CurrencyHistory(store: self, head: head)
        defer { history.flush() }
        let settings = try self.settings()
        let ledger = try ledgerIndex()
        let sweeps = CoverageSweeps(history: history)

        var rows: [AttestationMatrix.Row] = []
        var events: [AttestationMatrix.Event] = []
        rows.reserveCapacity(ledger.signatories.count)
        for (id, signatory) in ledger.signatories.sorted(by: { $0.key < $1.key }) {
            var states = [AttestationStatus.State](repeating: .never, count: history.count)
            // Attestations of revisions on main, in fold order: at each revision the latest one
            // of a revision at or before it counts.
            let onMain = (ledger.attestations[id] ?? []).compactMap { checked in
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

/// How many clauses in an attestation's scope are uncovered or only editorially changed at
/// each revision from the attested one on, following `CurrencyHistory.coverage` one revision
/// at a time.
final class CoverageSweeps {
    struct Counts { var uncovered = 0, editorial = 0 }

    private let history: CurrencyHistory
    /// Per position, the clause ids whose state differs from the revision before (appearing or
    /// disappearing included).
    private var changedAt: [[String]]?
    private var known: [String: [Counts]] = [:]

    init(history: CurrencyHistory) {
        self.history = history
    }

    private func changes() throws(ConductError) -> [[String]] {
        if let changedAt { return changedAt }
        var result: [[String]] = [[]]
        var previous = try history.clauses(at: 0)
        for position in 1..<max(1, history.count) {
            let current = try history.clauses(at: position)
            var ids = current.filter { previous[$0.key] != $0.value }.map(\.key)
            ids += previous.keys.filter { current[$0] == nil }
            result.append(ids)
            previous = current
        }
        changedAt = result
        return result
    }

    /// Counts at positions `from`, `from + 1`, … up to the newest revision.
    func counts(from start: Int, scope: [String]?) throws(ConductError) -> [Counts] {
        let key = "\(start) " + (scope?.joined(separator: ",") ?? "*")
        if let cached = known[key] { return cached }
        let changedAt = try changes()
        let base = try history.clauses(at: start)
        let inScope = scope.map(Set.init)

        enum Standing { case covered, editorial, uncovered }
        var standing: [String: Standing] = [:]
        var material: Set<String> = []
        var counts = Counts()
        func judge(_ id: String, at position: Int) throws(ConductError) {
            let now = try history.clauses(at: position)[id]
            let then = base[id]
            let verdict: Standing?
            if now == nil {
                // Whole-document scope: a clause neither attested nor present now is not counted.
                verdict = (then == nil && inScope == nil) ? nil : .uncovered
            } else if let then, let now, then.fingerprint == now.fingerprint {
                verdict = then.raw != now.raw ? .editorial : .covered
            } else {
                verdict = material.contains(id) ? .uncovered : .editorial
            }
            switch standing[id] {
            case .uncovered?: counts.uncovered -= 1
            case .editorial?: counts.editorial -= 1
            default: break
            }
            standing[id] = verdict
            switch verdict {
            case .uncovered?: counts.uncovered += 1
            case .editorial?: counts.editorial += 1
            default: break
            }
        }
        // A scoped attestation of a clause its revision lacks is uncovered from the start.
        for id in scope ?? [] where base[id] == nil { try judge(id, at: start) }
        var result = [counts]
        result.reserveCapacity(history.count - start)
        if start + 1 < history.count {
            for position in (start + 1)..<history.count {
                let previous = try history.clauses(at: position - 1), current = try history.clauses(at: position)
                for id in changedAt[position] where inScope?.contains(id) ?? true {
                    // A change of fingerprint by a revision not adopted as non-material uncovers for good,
                    // unless the clause returns to its attested text.
                    if previous[id]?.fingerprint != current[id]?.fingerprint, !history.isNonMaterial(position) {
                        material.insert(id)
                    }
                    try judge(id, at: position)
                }
                result.append(counts)
            }
        }
        known[key] = result
        return result
    }
}

internal import Git

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

/// How many clauses in an attestation's scope are uncovered or only editorially changed at
/// each revision from the attested one on, following `CurrencyHistory.coverage` one revision
/// at a time.
///
/// Clause ids, fingerprints and raw digests are numbered once, so a sweep works on small
/// integer tables: a thousand sweeps over a thousand revisions cost well under a second.
final class CoverageSweeps {
    struct Counts { var uncovered = 0, editorial = 0 }

    /// A clause at one revision: numbered fingerprint and raw digest, or -1 when absent.
    private struct State: Equatable {
        var fingerprint: Int32 = -1
        var raw: Int32 = -1
    }

    private struct Change {
        var clause: Int
        /// Whether the clause's fingerprint (or presence) changed at this revision.
        var fingerprintChanged: Bool
    }

    private let history: CurrencyHistory
    private var prepared = false
    private var clauseNumbers: [String: Int] = [:]
    /// Per revision, per numbered clause.
    private var table: [[State]] = []
    /// Per revision, the clauses whose state differs from the revision before.
    private var changedAt: [[Change]] = []
    private var known: [String: [Counts]] = [:]

    init(history: CurrencyHistory) {
        self.history = history
    }

    private func prepare() throws(ConductError) {
        guard !prepared else { return }
        prepared = true
        var fingerprints: [Substring: Int32] = [:], raws: [Substring: Int32] = [:]
        var rows: [[(Int, State)]] = []
        for position in 0..<history.count {
            var row: [(Int, State)] = []
            for (id, state) in try history.clauses(at: position) {
                let clause = clauseNumbers[id] ?? clauseNumbers.count
                clauseNumbers[id] = clause
                let fingerprint = fingerprints[state.fingerprint] ?? Int32(fingerprints.count)
                fingerprints[state.fingerprint] = fingerprint
                let raw = raws[state.raw] ?? Int32(raws.count)
                raws[state.raw] = raw
                row.append((clause, State(fingerprint: fingerprint, raw: raw)))
            }
            rows.append(row)
        }
        table = rows.map { row in
            var states = [State](repeating: State(), count: clauseNumbers.count)
            for (clause, state) in row { states[clause] = state }
            return states
        }
        changedAt = [[]]
        for position in table.indices.dropFirst() {
            let before = table[position - 1], now = table[position]
            changedAt.append(now.indices.compactMap { clause in
                before[clause] == now[clause] ? nil
                    : Change(clause: clause, fingerprintChanged: before[clause].fingerprint != now[clause].fingerprint)
            })
        }
    }

    /// Counts at positions `from`, `from + 1`, … up to the newest revision.
    func counts(from start: Int, scope: [String]?) throws(ConductError) -> [Counts] {
        let key = "\(start) " + (scope?.joined(separator: ",") ?? "*")
        if let cached = known[key] { return cached }
        try prepare()
        let clauses = clauseNumbers.count
        let base = table[start]
        // Scope clauses the history never had are uncovered (removed) throughout.
        var inScope = [Bool](repeating: scope == nil, count: clauses)
        var absentForever = 0
        for id in scope ?? [] {
            if let clause = clauseNumbers[id] { inScope[clause] = true } else { absentForever += 1 }
        }

        // 0: not counted or covered, 1: editorial, 2: uncovered.
        var standing = [UInt8](repeating: 0, count: clauses)
        var material = [Bool](repeating: false, count: clauses)
        var counts = Counts(uncovered: absentForever, editorial: 0)
        func judge(_ clause: Int, at position: Int) {
            let now = table[position][clause], then = base[clause]
            let verdict: UInt8
            if now.fingerprint < 0 {
                // Whole-document scope: a clause neither attested nor present now is not counted.
                verdict = (then.fingerprint < 0 && scope == nil) ? 0 : 2
            } else if then.fingerprint >= 0, then.fingerprint == now.fingerprint {
                verdict = then.raw != now.raw ? 1 : 0
            } else {
                verdict = material[clause] ? 2 : 1
            }
            switch standing[clause] {
            case 2: counts.uncovered -= 1
            case 1: counts.editorial -= 1
            default: break
            }
            standing[clause] = verdict
            switch verdict {
            case 2: counts.uncovered += 1
            case 1: counts.editorial += 1
            default: break
            }
        }
        // A scoped attestation of a clause its revision lacks is uncovered from the start.
        if scope != nil {
            for clause in 0..<clauses where inScope[clause] && base[clause].fingerprint < 0 { judge(clause, at: start) }
        }
        var result = [counts]
        result.reserveCapacity(history.count - start)
        if start + 1 < history.count {
            for position in (start + 1)..<history.count {
                let nonMaterial = history.isNonMaterial(position)
                for change in changedAt[position] where inScope[change.clause] {
                    // A change of fingerprint by a revision not adopted as non-material uncovers for good,
                    // unless the clause returns to its attested text.
                    if change.fingerprintChanged, !nonMaterial { material[change.clause] = true }
                    judge(change.clause, at: position)
                }
                result.append(counts)
            }
        }
        known[key] = result
        return result
    }
}

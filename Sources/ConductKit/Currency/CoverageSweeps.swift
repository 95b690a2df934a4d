/// How many clauses in an attestation's scope are uncovered or only editorially changed at
/// each revision from the attested one on: `CoverageRule` applied one revision at a time, as
/// `CurrencyHistory.coverage` applies it between two revisions.
///
/// Clause ids, fingerprints and raw digests are numbered once, so a sweep works on small
/// integer tables: a thousand sweeps over a thousand revisions cost well under a second.
final class CoverageSweeps {
    struct Counts { var uncovered = 0, editorial = 0 }

    /// A clause at one revision: numbered fingerprint (with heading level) and raw digest, or -1 when absent.
    private struct State: Equatable, ClauseStanding {
        var fingerprint: Int32 = -1
        var raw: Int32 = -1

        var present: State? { fingerprint < 0 ? nil : self }
        func same(as other: State) -> Bool { fingerprint == other.fingerprint }
        func sameText(as other: State) -> Bool { raw == other.raw }
    }

    /// What the coverage rule compares as "reads the same": a fingerprint at a heading level.
    private struct Standing: Hashable {
        var fingerprint: Substring
        var level: Int
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
        var fingerprints: [Standing: Int32] = [:], raws: [Substring: Int32] = [:]
        var rows: [[(Int, State)]] = []
        for position in 0..<history.count {
            var row: [(Int, State)] = []
            for (id, state) in try history.clauses(at: position) {
                let clause = clauseNumbers[id] ?? clauseNumbers.count
                clauseNumbers[id] = clause
                let standing = Standing(fingerprint: state.fingerprint, level: state.level)
                let fingerprint = fingerprints[standing] ?? Int32(fingerprints.count)
                fingerprints[standing] = fingerprint
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
            let verdict = CoverageRule.verdict(attested: then.present, now: now.present, wholeDocument: scope == nil,
                                               changedMaterially: { material[clause] }).rawValue
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

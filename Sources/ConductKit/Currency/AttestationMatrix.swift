/// Every signatory's status at every revision of main: the attestation matrix a published
/// site shows, each cell what `conduct status --at REVISION` says of that signatory.
public struct AttestationMatrix: Sendable {
    public struct Row: Sendable {
        public var signatory: Signatory
        /// One state per revision, oldest revision first.
        public var states: [AttestationStatus.State]
        /// Per revision, the language of the translation read for the attestation that counts
        /// there (nil: none counts, or it was of the source text).
        public var languages: [String?]
    }

    /// An attestation or its withdrawal, for the timeline.
    public struct Event: Sendable {
        public var signatory: String
        public var time: Timestamp
        /// The attested revision's position in `revisions`.
        public var revision: Int
        public var withdrawal: Bool
        /// The language of the translation the signatory read (nil: the source text).
        public var language: String?
    }

    /// Main's first-parent history, oldest first: the matrix's columns.
    public var revisions: [Revision]
    /// One row per signatory, by id.
    public var rows: [Row]
    /// Attestations of revisions on main, and withdrawals of them, oldest first.
    public var events: [Event]
    public var now: Timestamp
}

extension AttestationMatrix {
    /// Judges every registered signatory of `ledger` at every revision of `history`.
    ///
    /// Each attestation's coverage is followed forward from the revision it attests, one
    /// revision at a time, looking only at the clauses each revision changed (`CoverageSweeps`).
    static func judge(revisions: [Revision], history: CurrencyHistory, ledger: LedgerIndex, settings: StoreSettings,
                      now: Timestamp) throws(ConductError) -> AttestationMatrix {
        let sweeps = CoverageSweeps(history: history)

        var rows: [AttestationMatrix.Row] = []
        var events: [AttestationMatrix.Event] = []
        rows.reserveCapacity(ledger.count)
        for index in 0..<ledger.count {
            let (id, registered, attestations) = try ledger.entry(at: index)
            guard let signatory = registered else { continue }
            var states = [AttestationStatus.State](repeating: .never, count: history.count)
            var languages = [String?](repeating: nil, count: history.count)
            // Attestations of revisions on main, in fold order: at each revision the latest one
            // of a revision at or before it counts.
            let onMain = attestations.compactMap { checked in
                history.position(of: checked.attestation.revision).map { (checked, $0) }
            }
            for (checked, position) in onMain {
                let language = checked.attestation.language
                events.append(.init(signatory: id, time: checked.attestation.time, revision: position, withdrawal: false, language: language))
                for withdrawal in checked.attestation.withdrawals {
                    events.append(.init(signatory: id, time: withdrawal.time, revision: position, withdrawal: true, language: language))
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
                languages[column] = onMain[latest].0.attestation.language
                if let settled {
                    states[column] = settled
                    continue
                }
                let at = counts[column - onMain[latest].1]
                states[column] = at.uncovered > 0 ? .stale : at.editorial > 0 ? .currentEditorial : .current
            }
            rows.append(.init(signatory: signatory, states: states, languages: languages))
        }
        events.sort { ($0.time, $0.signatory, $0.revision, $0.withdrawal ? 1 : 0) < ($1.time, $1.signatory, $1.revision, $1.withdrawal ? 1 : 0) }
        return AttestationMatrix(revisions: revisions, rows: rows, events: events, now: now)
    }
}

extension AttestationMatrix {
    /// How many signatories stand in each state at each revision, oldest revision first: the
    /// matrix's columns summed, so each count is what `status --at` that revision lists, and
    /// every registered signatory is counted once at every revision (`never` before it attests).
    public func counts() -> [[AttestationStatus.State: Int]] {
        // A million cells are counted into one flat array, a state's place in it fixed by `allCases`.
        let states = AttestationStatus.State.allCases
        var place: [AttestationStatus.State: Int] = [:]
        for (index, state) in states.enumerated() { place[state] = index }
        var tallies = [Int](repeating: 0, count: revisions.count * states.count)
        for row in rows {
            var last = row.states.first, offset = last.flatMap { place[$0] } ?? 0
            for (column, state) in row.states.enumerated() {
                // A row keeps its state over many revisions: look the place up only when it changes.
                if state != last { (last, offset) = (state, place[state] ?? 0) }
                tallies[column * states.count + offset] += 1
            }
        }
        return revisions.indices.map { column in
            var counts: [AttestationStatus.State: Int] = [:]
            for (index, state) in states.enumerated() where tallies[column * states.count + index] > 0 {
                counts[state] = tallies[column * states.count + index]
            }
            return counts
        }
    }
}

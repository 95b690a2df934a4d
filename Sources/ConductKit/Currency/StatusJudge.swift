import Synchronization

/// Judges each signatory of a ledger index against one history (design.md's currency).
///
/// Rows may be judged on several threads at once: the ledger index and settings are values, and
/// the history and the translation readings, which fill their memos as they are asked, are
/// only used under `lock`.
final class StatusJudge: @unchecked Sendable {
    private let history: CurrencyHistory
    private let readings: TranslationReadings
    private let lock = Mutex(())
    let ledger: LedgerIndex
    let settings: StoreSettings
    let now: Timestamp
    let only: Set<String>?
    let headLabel: String

    init(history: CurrencyHistory, readings: TranslationReadings, ledger: LedgerIndex, settings: StoreSettings, now: Timestamp,
         only: Set<String>?, headLabel: String) {
        (self.history, self.readings, self.ledger, self.settings) = (history, readings, ledger, settings)
        (self.now, self.only, self.headLabel) = (now, only, headLabel)
    }

    private var indices: [Int] {
        only.map { wanted in wanted.compactMap(ledger.index(of:)).sorted() } ?? Array(0..<ledger.count)
    }

    func forEachRow(_ body: (AttestationStatus) -> Void) throws(ConductError) {
        defer { history.flush() }
        for index in indices {
            if let row = try row(at: index) { body(row) }
        }
    }

    func writeRows(render: @escaping @Sendable (Int, AttestationStatus, inout [UInt8]) -> Void, write: ([UInt8]) -> Void) throws(ConductError) {
        defer { history.flush() }
        let indices = self.indices, batch = 1_024
        try pipelined((indices.count + batch - 1) / batch, workers: indices.count >= 4 * batch ? StatusReport.workers : 1,
                      produce: { worker, number in
            Result { () throws(ConductError) -> [UInt8] in
                var out: [UInt8] = []
                out.reserveCapacity(batch * 1_024)
                for index in indices[(number * batch)..<min(indices.count, (number + 1) * batch)] {
                    if let row = try self.row(at: index) { render(worker, row, &out) }
                }
                return out
            }
        }, consume: write)
    }

    /// The row of the ledger entry at `index`, or nil when it is not a registered signatory.
    private func row(at index: Int) throws(ConductError) -> AttestationStatus? {
        let entry = try ledger.entry(at: index)
        guard let signatory = entry.signatory else { return nil }
        return try row(signatory, entry.attestations)
    }

    func longestID() -> Int {
        if let only { return only.map(\.count).max() ?? 0 }
        return (0..<ledger.count).reduce(0) { longest, index in max(longest, ledger.id(at: index)?.count ?? 0) }
    }

    private func row(_ signatory: Signatory, _ attestations: [CheckedAttestation]) throws(ConductError) -> AttestationStatus {
        // The latest attestation of a revision in the history read; later ones do not count yet.
        guard let checked = attestations.last(where: { history.position(of: $0.attestation.revision) != nil }),
              let position = history.position(of: checked.attestation.revision) else {
            return AttestationStatus(signatory: signatory, state: .never, reason: "has not attested \(headLabel) or a revision before it")
        }
        let attestation = checked.attestation
        let label = history.label(at: position)
        var row = AttestationStatus(signatory: signatory, state: .current, attestation: attestation, attested: label, reason: "")
        if let settled = Store.settledState(checked, signatory: signatory, label: label, settings: settings, now: now, row: &row) {
            row.state = settled
            return row
        }
        let (coverage, reading) = try lock.withLock { _ throws(ConductError) in
            (try history.coverage(from: position, scope: attestation.scope), try readings.reading(of: attestation))
        }
        row.coverage = coverage
        row.reading = reading
        let scope = attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
        // What the signatory read is part of what it attested: said before what changed since.
        let attested = "attested \(label) (\(scope))" + (reading.map { ", " + $0.summary } ?? "")
        if !coverage.uncovered.isEmpty {
            row.state = .stale
            row.reason = attested + "; " + coverage.uncoveredSummary
        } else if !coverage.editorial.isEmpty {
            row.state = .currentEditorial
            row.reason = attested + "; editorial changes since in " + coverage.editorialSummary
        } else {
            row.reason = position == history.count - 1 ? attested : attested + "; unchanged since"
        }
        if row.inGrace, let expires = row.expires {
            row.reason += "; past the maximum age since \(expires.day), in its grace period"
        }
        return row
    }
}

extension Store {
    /// The states an attestation is in whatever revision it is read at: invalid, withdrawn or
    /// expired (by `now`); nil when only coverage decides. Fills in the row's reason and expiry.
    static func settledState(_ checked: CheckedAttestation, signatory: Signatory, label: String, settings: StoreSettings,
                             now: Timestamp, row: inout AttestationStatus) -> AttestationStatus.State? {
        let attestation = checked.attestation
        if let problem = checked.problem ?? Attestation.keyProblem(attestation.key, at: attestation.time, signatory: signatory) {
            row.reason = "its attestation of \(label) does not verify: \(problem)"
            return .invalid
        }
        if let withdrawal = checked.validWithdrawal(of: signatory, by: now) {
            row.reason = "withdrew its attestation of \(label) on \(withdrawal.time.day)"
            return .withdrawn
        }
        if let maximum = settings.maximumAge {
            let expires = Timestamp(seconds: attestation.time.seconds + maximum.seconds)
            row.expires = expires
            let graceEnd = Timestamp(seconds: expires.seconds + (settings.grace?.seconds ?? 0))
            if now > graceEnd {
                let grace = settings.grace.map { " and the grace of \($0)" } ?? ""
                row.reason = "attested \(label) on \(attestation.time.day), longer ago than the maximum age of \(maximum)\(grace)"
                return .expired
            }
            row.inGrace = now > expires
        }
        return nil
    }
}

internal import Git
import Synchronization

/// Where one signatory stands at a revision: design.md's currency, row by row.
public struct AttestationStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        case current, currentEditorial = "current-editorial", stale, expired, withdrawn, never, invalid

        /// Whether a signatory in this state adheres to the revision read.
        public var isCurrent: Bool { self == .current || self == .currentEditorial }
    }

    /// A clause in scope that the attestation no longer covers.
    public struct Uncovered: Sendable, Equatable {
        public enum Change: String, Sendable { case changed, added, removed }
        public var clause: String
        public var change: Change
    }

    public var signatory: Signatory
    public var state: State
    /// The attestation the state is about (the latest one on the revision's history).
    public var attestation: Attestation?
    /// The attested revision's label (`v1.0`, or a short commit id).
    public var attested: String?
    /// What the attestation still covers (nil when it was not judged: never, invalid,
    /// withdrawn, expired). Rows that attested the same revision with the same scope share one.
    public var coverage: Coverage?
    /// When the attestation reaches the maximum age, and whether it is in its grace period.
    public var expires: Timestamp?
    public var inGrace = false
    /// One line saying why.
    public var reason: String

    /// For `stale`: the clauses changed, added or removed since the attested revision.
    public var uncovered: [Uncovered] { coverage?.uncovered ?? [] }
    /// Clauses in scope with editorial (or non-material) changes since.
    public var editorial: [String] { coverage?.editorial ?? [] }
}

/// What an attestation of one revision, with one scope, still covers at the revision read.
public final class Coverage: Sendable {
    public let uncovered: [AttestationStatus.Uncovered]
    public let editorial: [String]
    /// The uncovered clauses by kind of change, each in document order.
    public let changed: [String], added: [String], removed: [String]
    /// `changed since: …; added since: …`, or empty.
    let uncoveredSummary: String
    /// The editorial clauses, named or counted for a reason line.
    let editorialSummary: String

    init(uncovered: [AttestationStatus.Uncovered], editorial: [String]) {
        self.uncovered = uncovered
        self.editorial = editorial
        func clauses(_ change: AttestationStatus.Uncovered.Change) -> [String] {
            uncovered.filter { $0.change == change }.map(\.clause)
        }
        (changed, added, removed) = (clauses(.changed), clauses(.added), clauses(.removed))
        uncoveredSummary = [("changed", changed), ("added", added), ("removed", removed)].compactMap { name, clauses in
            clauses.isEmpty ? nil : "\(name) since: \(ConductError.summarise(clauses, limit: 6))"
        }.joined(separator: "; ")
        editorialSummary = editorial.count > 4
            ? "\(editorial.count) clauses (\(ConductError.summarise(editorial, limit: 4)))"
            : editorial.joined(separator: ", ")
    }
}

/// Every signatory's status at one revision. Rows are computed while they are read, one at a
/// time: a store can have a hundred thousand signatories.
public struct StatusReport {
    public var revision: Revision
    public var now: Timestamp
    public var settings: StoreSettings
    /// Ledger files that are not valid records where they lie, skipped (`verify` names them all).
    public var skipped: [String]
    fileprivate let judge: StatusJudge

    /// Hands each row to `body`, in the order of signatory ids.
    public func forEachRow(_ body: (AttestationStatus) -> Void) throws(ConductError) {
        try judge.forEachRow(body)
    }

    /// How many threads `render` may be called on at once (its `worker` is below this).
    public static let workers = 2

    /// Renders every row, in the order of signatory ids, and hands the output to `write` in
    /// pieces, in order. Rows are judged and rendered in batches on `workers` threads at once;
    /// `render` is called for one batch per thread at a time, and may keep state per `worker`.
    public func writeRows(render: @escaping @Sendable (_ worker: Int, _ row: AttestationStatus, _ out: inout [UInt8]) -> Void,
                          write: ([UInt8]) -> Void) throws(ConductError) {
        try judge.writeRows(render: render, write: write)
    }

    /// The length of the longest signatory id, for lining up rows before they are read.
    public func longestID() -> Int { judge.longestID() }

    /// Every row, in the order of signatory ids.
    public func rows() throws(ConductError) -> [AttestationStatus] {
        var rows: [AttestationStatus] = []
        try forEachRow { rows.append($0) }
        return rows
    }
}

extension Store {
    /// The status of every signatory (or of those in `only`) at `spec` (main when nil), with
    /// expiry judged at `now`.
    public func status(at spec: String? = nil, now: Timestamp, only: Set<String>? = nil) throws(ConductError) -> StatusReport {
        let head = try resolve(spec ?? "main")
        let history = try CurrencyHistory(store: self, head: head)
        let settings = try self.settings()
        let ledger = try ledgerIndex()
        let judge = StatusJudge(history: history, ledger: ledger, settings: settings, now: now, only: only, headLabel: head.label)
        return StatusReport(revision: head, now: now, settings: settings,
                            skipped: ledger.problems.map { "\($0.path) \($0.problem)" }, judge: judge)
    }
}

/// Judges each signatory of a ledger index against one history (design.md's currency).
///
/// Rows may be judged on several threads at once: the ledger index and settings are values, and
/// the history, which fills its memos as it is asked, is only used under `lock`.
private final class StatusJudge: @unchecked Sendable {
    private let history: CurrencyHistory
    private let lock = Mutex(())
    let ledger: LedgerIndex
    let settings: StoreSettings
    let now: Timestamp
    let only: Set<String>?
    let headLabel: String

    init(history: CurrencyHistory, ledger: LedgerIndex, settings: StoreSettings, now: Timestamp, only: Set<String>?, headLabel: String) {
        (self.history, self.ledger, self.settings, self.now, self.only, self.headLabel) = (history, ledger, settings, now, only, headLabel)
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
        let coverage = try lock.withLock { _ throws(ConductError) in try history.coverage(from: position, scope: attestation.scope) }
        row.coverage = coverage
        let scope = attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
        if !coverage.uncovered.isEmpty {
            row.state = .stale
            row.reason = "attested \(label) (\(scope)); " + coverage.uncoveredSummary
        } else if !coverage.editorial.isEmpty {
            row.state = .currentEditorial
            row.reason = "attested \(label) (\(scope)); editorial changes since in " + coverage.editorialSummary
        } else {
            row.reason = position == history.count - 1
                ? "attested \(label) (\(scope))" : "attested \(label) (\(scope)); unchanged since"
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

/// The first-parent history of the revision read, with each revision's clause fingerprints,
/// for judging what an attestation of an earlier revision still covers.
final class CurrencyHistory {
    private let store: Store
    /// Oldest first: each revision's commit id, label, document blob and whether it was non-material.
    private var commits: [ObjectID] = []
    private var labels: [String] = []
    private var blobs: [ObjectID?] = []
    /// Non-material revisions among the first k (for "any in a range" in constant time).
    private var nonMaterialBefore: [Int] = [0]
    private var positions: [String: Int] = [:]
    private var states: [Int: [String: ClauseState]] = [:]
    private var order: [Int: [String]] = [:]
    private var cache: ClauseStateCache
    private let memo = DigestMemo()
    /// Verdicts by attested position and scope (`nil` scope: the whole document).
    private var verdicts: [Int: [[String]?: Coverage]] = [:]

    /// A clause's fingerprint, its heading level and a short digest of its stored text, at one
    /// revision. The level is judged with the fingerprint: a clause moved to another level of the
    /// structure is changed, as `diff` says (restructured).
    struct ClauseState: Equatable {
        var fingerprint: Substring
        var raw: Substring
        var level: Int

        /// Unchanged in what it says and where it stands in the structure.
        func same(as other: ClauseState) -> Bool { fingerprint == other.fingerprint && level == other.level }
    }

    init(store: Store, head: Revision) throws(ConductError) {
        self.store = store
        cache = ClauseStateCache(gitDirectory: store.path)
        try store.git("reading the history of \(head.label)") {
            let ids = try store.repository.walk(from: head.commit.object, firstParentOnly: true)
            for id in ids.reversed() {
                let commit = try store.repository.commit(id)
                let revision = Revision(commit)
                positions[id.hex] = commits.count
                commits.append(id)
                labels.append(revision.version?.label ?? String(id.hex.prefix(7)))
                blobs.append(try store.repository.blob(atPath: store.documentName, inTree: commit.tree))
                nonMaterialBefore.append(nonMaterialBefore[nonMaterialBefore.count - 1] + (revision.nonMaterial ? 1 : 0))
            }
        }
    }

    var count: Int { commits.count }

    func position(of commit: String) -> Int? { positions[commit] }

    func label(at position: Int) -> String { labels[position] }

    func flush() { cache.flush() }

    /// Takes the clause states of the revision at `position` from a document parsed for
    /// another purpose, so that it is not read and parsed again.
    func seed(_ position: Int, from clauses: [Clause]) {
        let list = clauses.compactMap { clause in
            clause.id.map { ($0, ClauseState(fingerprint: Substring(clause.fingerprint), raw: Substring(clause.rawDigest.prefix(16)),
                                             level: clause.level)) }
        }
        order[position] = list.map(\.0)
        states[position] = Dictionary(list, uniquingKeysWith: { first, _ in first })
    }

    /// What an attestation of the revision at `position` covers at the newest revision; one
    /// verdict per position and scope, shared by every row that asks.
    func coverage(from position: Int, scope: [String]?) throws(ConductError) -> Coverage {
        if let known = verdicts[position]?[scope] { return known }
        let last = count - 1
        let (old, new) = (try clauses(at: position), try clauses(at: last))
        var uncovered: [AttestationStatus.Uncovered] = []
        var editorial: [String] = []
        let ids: [String]
        if let scope {
            ids = scope
        } else {
            let current = try order(at: last)
            ids = current + (try order(at: position)).filter { new[$0] == nil }
        }
        for id in ids {
            guard let now = new[id] else {
                uncovered.append(.init(clause: id, change: .removed))
                continue
            }
            let then = old[id]
            if let then, then.same(as: now) {
                if then.raw != now.raw { editorial.append(id) }
                continue
            }
            // Changed or added since: still covered when every revision that changed it was non-material.
            if try changedOnlyByNonMaterial(id, from: position, to: last) {
                editorial.append(id)
            } else {
                uncovered.append(.init(clause: id, change: then == nil ? .added : .changed))
            }
        }
        let verdict = Coverage(uncovered: uncovered, editorial: editorial)
        verdicts[position, default: [:]][scope] = verdict
        return verdict
    }

    private func changedOnlyByNonMaterial(_ id: String, from start: Int, to end: Int) throws(ConductError) -> Bool {
        guard nonMaterialBefore[end + 1] - nonMaterialBefore[start + 1] > 0 else { return false }
        var previous = try clauses(at: start)[id]
        for position in (start + 1)...end {
            let state = try clauses(at: position)[id]
            let same = previous.flatMap { previous in state.map { previous.same(as: $0) } } ?? (previous == nil && state == nil)
            if !same, !isNonMaterial(position) { return false }
            previous = state
        }
        return true
    }

    func isNonMaterial(_ position: Int) -> Bool {
        nonMaterialBefore[position + 1] > nonMaterialBefore[position]
    }

    private func order(at position: Int) throws(ConductError) -> [String] {
        _ = try clauses(at: position)
        return order[position] ?? []
    }

    /// The clause states of the revision at `position`, from the cache or computed once.
    func clauses(at position: Int) throws(ConductError) -> [String: ClauseState] {
        if let known = states[position] { return known }
        var list: [(String, ClauseState)] = []
        if let blob = blobs[position] {
            if let cached = cache.lookup(blob) {
                list = cached
            } else {
                let bytes = try store.git("reading the document of \(labels[position])") { try store.repository.blob(blob) }
                let digests: [ClauseDigest]
                do {
                    digests = try Document.digests(bytes: bytes, memo: memo)
                } catch {
                    throw .corruptStore("the document of \(labels[position]) does not parse: \(error.explanation)")
                }
                list = digests.filter { !Document.isPartKey($0.key) && !$0.key.isEmpty }.map {
                    ($0.key, ClauseState(fingerprint: Substring($0.fingerprint), raw: Substring($0.rawDigest.prefix(16)), level: $0.level))
                }
                cache.store(blob, list)
            }
        }
        order[position] = list.map(\.0)
        let map = Dictionary(list, uniquingKeysWith: { first, _ in first })
        states[position] = map
        return map
    }
}

/// Clause fingerprints per document blob, kept under the git directory: they depend only on
/// the blob (design.md), so an entry never goes stale.
struct ClauseStateCache {
    private var cache: LineCache
    private var lines: [Substring: Substring] = [:]

    init(gitDirectory: String) {
        cache = LineCache(gitDirectory: gitDirectory, name: "clauses-v2")
        for line in cache.lines() {
            guard let space = line.firstIndex(of: " "), line.distance(from: line.startIndex, to: space) == 40 else { continue }
            lines[line[..<space]] = line[line.index(after: space)...]
        }
    }

    /// `id=fingerprint:raw:level` fields, in document order.
    func lookup(_ blob: ObjectID) -> [(String, CurrencyHistory.ClauseState)]? {
        guard let line = lines[Substring(blob.hex)] else { return nil }
        var result: [(String, CurrencyHistory.ClauseState)] = []
        for field in line.split(byte: UInt8(ascii: " "), keepingEmpty: false) {
            guard let equals = field.firstIndex(of: "="), let last = field.lastIndex(of: ":"), equals < last,
                  let level = Int(field[field.index(after: last)...]) else { return nil }
            let rest = field[field.index(after: equals)..<last]
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            let fingerprint = rest[..<colon], raw = rest[rest.index(after: colon)...]
            guard fingerprint.utf8.count == 64, raw.utf8.count == 16 else { return nil }
            result.append((String(field[..<equals]), CurrencyHistory.ClauseState(fingerprint: fingerprint, raw: raw, level: level)))
        }
        return result
    }

    mutating func store(_ blob: ObjectID, _ list: [(String, CurrencyHistory.ClauseState)]) {
        // Clause ids hold no spaces, '=' or ':' (Ledger and heading rules), so the fields split back.
        guard list.allSatisfy({ !$0.0.contains(" ") && !$0.0.contains("=") && !$0.0.contains(":") }) else { return }
        cache.append(([blob.hex] + list.map { "\($0.0)=\($0.1.fingerprint):\($0.1.raw):\($0.1.level)" }).joined(separator: " "))
    }

    mutating func flush() { cache.flush() }
}

/// What changed in a signatory's scope since the revision it attested.
public struct SinceReport: Sendable {
    public var signatory: Signatory
    public var attestation: Attestation
    public var comparison: Comparison
    /// The changed clauses in scope, substantive first, each group in document order.
    public var clauses: [ClauseDiff]
}

extension Store {
    /// The structured diff from the signatory's latest attestation to main, limited to its scope.
    public func since(_ id: String) throws(ConductError) -> SinceReport {
        let (signatory, attestations) = try registered(id, in: try ledgerIndex())
        guard let attestation = attestations.last?.attestation else { throw .neverAttested(id) }
        let main = try head()
        let comparison = try compare(try revision(at: attestation.revisionID, recorded: attestation.revision), main)
        let inScope = comparison.diff.filtered().filter { entry in
            guard let scope = attestation.scope else { return true }
            return [entry.old?.id, entry.new?.id].contains { $0.map(scope.contains) ?? false }
                || entry.related.contains(where: scope.contains)
        }
        let clauses = inScope.filter { $0.significance == .substantive } + inScope.filter { $0.significance != .substantive }
        return SinceReport(signatory: signatory, attestation: attestation, comparison: comparison, clauses: clauses)
    }
}

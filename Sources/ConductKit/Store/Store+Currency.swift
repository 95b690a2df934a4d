import Git

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
    /// For `stale`: the clauses changed, added or removed since the attested revision.
    public var uncovered: [Uncovered] = []
    /// Clauses in scope with editorial (or non-material) changes since.
    public var editorial: [String] = []
    /// When the attestation reaches the maximum age, and whether it is in its grace period.
    public var expires: Timestamp?
    public var inGrace = false
    /// One line saying why.
    public var reason: String
}

/// Every signatory's status at one revision.
public struct StatusReport: Sendable {
    public var revision: Revision
    public var now: Timestamp
    public var settings: StoreSettings
    public var rows: [AttestationStatus]
    /// Ledger files that are not valid records where they lie, skipped (`verify` names them all).
    public var skipped: [String]
}

extension Store {
    /// The status of every signatory (or of those in `only`) at `spec` (main when nil), with
    /// expiry judged at `now`.
    public func status(at spec: String? = nil, now: Timestamp, only: Set<String>? = nil) throws(ConductError) -> StatusReport {
        let head = try resolve(spec ?? "main")
        let history = try CurrencyHistory(store: self, head: head)
        defer { history.flush() }
        let settings = try self.settings()
        let ledger = try ledgerIndex()

        var rows: [AttestationStatus] = []
        rows.reserveCapacity(ledger.signatories.count)
        for (id, signatory) in ledger.signatories.sorted(by: { $0.key < $1.key }) where only?.contains(id) ?? true {
            // The latest attestation of a revision in the history read; later ones do not count yet.
            guard let checked = ledger.attestations[id]?.last(where: { history.position(of: $0.attestation.revision) != nil }),
                  let position = history.position(of: checked.attestation.revision) else {
                rows.append(AttestationStatus(signatory: signatory, state: .never, reason: "has not attested \(head.label) or a revision before it"))
                continue
            }
            let attestation = checked.attestation
            let label = history.label(at: position)
            var row = AttestationStatus(signatory: signatory, state: .current, attestation: attestation, attested: label, reason: "")
            if let settled = Store.settledState(checked, signatory: signatory, label: label, settings: settings, now: now, row: &row) {
                row.state = settled
                rows.append(row)
                continue
            }
            let verdict = try history.coverage(from: position, scope: attestation.scope)
            row.uncovered = verdict.uncovered
            row.editorial = verdict.editorial
            let scope = attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
            if !verdict.uncovered.isEmpty {
                row.state = .stale
                let groups = [AttestationStatus.Uncovered.Change.changed, .added, .removed].compactMap { change -> String? in
                    let clauses = verdict.uncovered.filter { $0.change == change }.map(\.clause)
                    return clauses.isEmpty ? nil : "\(change.rawValue) since: \(ConductError.summarise(clauses, limit: 6))"
                }
                row.reason = "attested \(label) (\(scope)); " + groups.joined(separator: "; ")
            } else if !verdict.editorial.isEmpty {
                row.state = .currentEditorial
                let clauses = verdict.editorial.count > 4
                    ? "\(verdict.editorial.count) clauses (\(ConductError.summarise(verdict.editorial, limit: 4)))"
                    : verdict.editorial.joined(separator: ", ")
                row.reason = "attested \(label) (\(scope)); editorial changes since in \(clauses)"
            } else {
                row.reason = position == history.count - 1
                    ? "attested \(label) (\(scope))" : "attested \(label) (\(scope)); unchanged since"
            }
            if row.inGrace, let expires = row.expires {
                row.reason += "; past the maximum age since \(expires.day), in its grace period"
            }
            rows.append(row)
        }
        return StatusReport(revision: head, now: now, settings: settings, rows: rows,
                            skipped: ledger.problems.map { "\($0.path) \($0.problem)" })
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
    private var wholeDocument: [Int: Coverage] = [:]

    /// A clause's fingerprint and a short digest of its stored text, at one revision.
    struct ClauseState: Equatable {
        var fingerprint: Substring
        var raw: Substring
    }

    struct Coverage {
        var uncovered: [AttestationStatus.Uncovered] = []
        var editorial: [String] = []
    }

    init(store: Store, head: Revision) throws(ConductError) {
        self.store = store
        cache = ClauseStateCache(gitDirectory: store.path)
        try store.git("reading the history of \(head.label)") {
            let ids = try store.repository.walk(from: head.commit, firstParentOnly: true)
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
            clause.id.map { ($0, ClauseState(fingerprint: Substring(clause.fingerprint), raw: Substring(clause.rawDigest.prefix(16)))) }
        }
        order[position] = list.map(\.0)
        states[position] = Dictionary(list, uniquingKeysWith: { first, _ in first })
    }

    /// What an attestation of the revision at `position` covers at the newest revision.
    func coverage(from position: Int, scope: [String]?) throws(ConductError) -> Coverage {
        if scope == nil, let known = wholeDocument[position] { return known }
        let last = count - 1
        let (old, new) = (try clauses(at: position), try clauses(at: last))
        var result = Coverage()
        let ids: [String]
        if let scope {
            ids = scope
        } else {
            let current = try order(at: last)
            ids = current + (try order(at: position)).filter { new[$0] == nil }
        }
        for id in ids {
            guard let now = new[id] else {
                result.uncovered.append(.init(clause: id, change: .removed))
                continue
            }
            let then = old[id]
            if let then, then.fingerprint == now.fingerprint {
                if then.raw != now.raw { result.editorial.append(id) }
                continue
            }
            // Changed or added since: still covered when every revision that changed it was non-material.
            if try changedOnlyByNonMaterial(id, from: position, to: last) {
                result.editorial.append(id)
            } else {
                result.uncovered.append(.init(clause: id, change: then == nil ? .added : .changed))
            }
        }
        if scope == nil { wholeDocument[position] = result }
        return result
    }

    private func changedOnlyByNonMaterial(_ id: String, from start: Int, to end: Int) throws(ConductError) -> Bool {
        guard nonMaterialBefore[end + 1] - nonMaterialBefore[start + 1] > 0 else { return false }
        var previous = try clauses(at: start)[id]?.fingerprint
        for position in (start + 1)...end {
            let fingerprint = try clauses(at: position)[id]?.fingerprint
            if fingerprint != previous, !isNonMaterial(position) { return false }
            previous = fingerprint
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
                list = digests.filter { $0.key != Document.preambleKey && !$0.key.isEmpty }.map {
                    ($0.key, ClauseState(fingerprint: Substring($0.fingerprint), raw: Substring($0.rawDigest.prefix(16))))
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
        cache = LineCache(gitDirectory: gitDirectory, name: "clauses-v1")
        for line in cache.lines() {
            guard let space = line.firstIndex(of: " "), line.distance(from: line.startIndex, to: space) == 40 else { continue }
            lines[line[..<space]] = line[line.index(after: space)...]
        }
    }

    /// `id=fingerprint:raw` fields, in document order.
    func lookup(_ blob: ObjectID) -> [(String, CurrencyHistory.ClauseState)]? {
        guard let line = lines[Substring(blob.hex)] else { return nil }
        var result: [(String, CurrencyHistory.ClauseState)] = []
        for field in line.split(byte: UInt8(ascii: " "), keepingEmpty: false) {
            guard let equals = field.firstIndex(of: "="), let colon = field.lastIndex(of: ":"), equals < colon else { return nil }
            let fingerprint = field[field.index(after: equals)..<colon], raw = field[field.index(after: colon)...]
            guard fingerprint.utf8.count == 64, raw.utf8.count == 16 else { return nil }
            result.append((String(field[..<equals]), CurrencyHistory.ClauseState(fingerprint: fingerprint, raw: raw)))
        }
        return result
    }

    mutating func store(_ blob: ObjectID, _ list: [(String, CurrencyHistory.ClauseState)]) {
        // Clause ids hold no spaces, '=' or ':' (Ledger and heading rules), so the fields split back.
        guard list.allSatisfy({ !$0.0.contains(" ") && !$0.0.contains("=") && !$0.0.contains(":") }) else { return }
        cache.append(([blob.hex] + list.map { "\($0.0)=\($0.1.fingerprint):\($0.1.raw)" }).joined(separator: " "))
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
        let ledger = try ledgerIndex()
        let signatory = try Store.signatory(id, in: ledger.signatories)
        guard let attestation = ledger.attestations[id]?.last?.attestation else { throw .neverAttested(id) }
        let comparison = try compare(attestation.revision, nil)
        let inScope = comparison.diff.filtered().filter { entry in
            guard let scope = attestation.scope else { return true }
            return [entry.old?.id, entry.new?.id].contains { $0.map(scope.contains) ?? false }
                || entry.related.contains(where: scope.contains)
        }
        let clauses = inScope.filter { $0.significance == .substantive } + inScope.filter { $0.significance != .substantive }
        return SinceReport(signatory: signatory, attestation: attestation, comparison: comparison, clauses: clauses)
    }
}

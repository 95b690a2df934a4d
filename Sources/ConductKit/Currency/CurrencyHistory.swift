import Git

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
    struct ClauseState: Equatable, ClauseStanding {
        var fingerprint: Substring
        var raw: Substring
        var level: Int

        /// Unchanged in what it says and where it stands in the structure.
        func same(as other: ClauseState) -> Bool { fingerprint == other.fingerprint && level == other.level }

        func sameText(as other: ClauseState) -> Bool { raw == other.raw }
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
            let then = old[id], now = new[id]
            // Changed or added since: still covered when every revision that changed it was non-material.
            switch try CoverageRule.verdict(attested: then, now: now, wholeDocument: scope == nil,
                                            changedMaterially: { () throws(ConductError) -> Bool in
                                                !(try changedOnlyByNonMaterial(id, from: position, to: last)) }) {
            case .covered: continue
            case .editorial: editorial.append(id)
            case .uncovered: uncovered.append(.init(clause: id, change: now == nil ? .removed : then == nil ? .added : .changed))
            }
        }
        let verdict = Coverage(uncovered: uncovered, editorial: editorial)
        verdicts[position, default: [:]][scope] = verdict
        return verdict
    }

    private func changedOnlyByNonMaterial(_ id: String, from start: Int, to end: Int) throws(ConductError) -> Bool {
        guard nonMaterialBefore[end + 1] - nonMaterialBefore[start + 1] > 0 else { return false }
        return try materialChanges(of: id, from: start, to: end).isEmpty
    }

    /// The positions after `start`, up to `end`, whose revision changed clause `id` (its reading or
    /// its place in the structure, or its presence) and was not adopted as non-material.
    func materialChanges(of id: String, from start: Int, to end: Int) throws(ConductError) -> [Int] {
        guard start < end else { return [] }
        var changes: [Int] = []
        var previous = try clauses(at: start)[id]
        for position in (start + 1)...end {
            let state = try clauses(at: position)[id]
            let same = previous.flatMap { previous in state.map { previous.same(as: $0) } } ?? (previous == nil && state == nil)
            if !same, !isNonMaterial(position) { changes.append(position) }
            previous = state
        }
        return changes
    }

    /// The commit id of the revision at `position`.
    func commit(at position: Int) -> CommitID { CommitID(commits[position]) }

    func isNonMaterial(_ position: Int) -> Bool {
        nonMaterialBefore[position + 1] > nonMaterialBefore[position]
    }

    func order(at position: Int) throws(ConductError) -> [String] {
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

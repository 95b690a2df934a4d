/// Finds which clause of the old document each clause of the new one continues.
///
/// Passes, each over what the earlier ones left unmatched: the same id; the same body
/// fingerprint (renumbered or renamed); the same normalised heading; then similar text (Dice
/// on word shingles ≥ 0.5), solved as one assignment that maximises total similarity. Then
/// splits (one old clause → several adjacent new ones, each taking a real share of it) and
/// merges (the mirror).
final class ClauseMatcher {
    static let similarityThreshold = 0.5
    /// A split or merge part must hold at least this share of its words from the other side…
    static let containmentThreshold = 0.5
    /// …and bring at least this share of the other side's words.
    static let shareThreshold = 0.1
    /// Above this many unmatched pairs the similarity pass looks only at candidates that share a shingle.
    static let denseLimit = 200
    /// Above it, how many clauses one clause is compared with, found within how many entries of the shingle index.
    static let candidateLimit = 16
    static let postingBudget = 2_048

    struct Result {
        /// old index → new index
        var pairs: [Int: Int] = [:]
        /// old index → the new indices it became (the first is its paired clause if it has one)
        var splits: [Int: [Int]] = [:]
        /// new index → the old indices it came from
        var merges: [Int: [Int]] = [:]
    }

    let old: Document
    let new: Document
    /// Shingles are computed on first use: most clauses are matched by id and never need them.
    private var oldCache: [Shingles?]
    private var newCache: [Shingles?]

    init(old: Document, new: Document) {
        self.old = old
        self.new = new
        oldCache = Array(repeating: nil, count: old.clauses.count)
        newCache = Array(repeating: nil, count: new.clauses.count)
    }

    private func oldShingles(_ index: Int) -> Shingles {
        if let known = oldCache[index] { return known }
        let shingles = Shingles(old.clauses[index].foldedText)
        oldCache[index] = shingles
        return shingles
    }

    private func newShingles(_ index: Int) -> Shingles {
        if let known = newCache[index] { return known }
        let shingles = Shingles(new.clauses[index].foldedText)
        newCache[index] = shingles
        return shingles
    }

    func match() -> Result {
        var result = Result()
        var unmatchedOld = Set(old.clauses.indices)
        var unmatchedNew = Set(new.clauses.indices)
        func pair(_ o: Int, _ n: Int) {
            result.pairs[o] = n
            unmatchedOld.remove(o)
            unmatchedNew.remove(n)
        }

        // 1. The same id.
        var oldByID: [String: Int] = [:]
        for (index, clause) in old.clauses.enumerated() { if let id = clause.id { oldByID[id] = index } }
        for (index, clause) in new.clauses.enumerated() {
            if let id = clause.id, let o = oldByID[id] { pair(o, index) }
        }
        // 2. The same body, 3. the same heading: first unmatched candidate in document order.
        let keys: [(Clause) -> String?] = [
            { $0.blocks.isEmpty ? nil : $0.bodyFingerprint },
            { $0.normalizedHeading.isEmpty ? nil : $0.normalizedHeading },
        ]
        for key in keys {
            // Slices, taken from in place: many clauses of one heading cost no copying.
            var candidates: [String: ArraySlice<Int>] = [:]
            for o in unmatchedOld.sorted() { if let k = key(old.clauses[o]) { candidates[k, default: []].append(o) } }
            for n in unmatchedNew.sorted() {
                guard let k = key(new.clauses[n]), let o = candidates[k]?.popFirst() else { continue }
                pair(o, n)
            }
        }
        // 4. Similar text, as one global assignment.
        let rows = unmatchedOld.sorted(), columns = unmatchedNew.sorted()
        if !rows.isEmpty, !columns.isEmpty {
            for (o, n) in similarPairs(rows, columns) { pair(o, n) }
        }
        findSplits(&result, unmatchedOld: &unmatchedOld, unmatchedNew: &unmatchedNew)
        return result
    }

    private func similarPairs(_ rows: [Int], _ columns: [Int]) -> [(Int, Int)] {
        if rows.count <= Self.denseLimit, columns.count <= Self.denseLimit {
            let score = rows.map { o in
                columns.map { n -> Double in
                    let dice = oldShingles(o).dice(newShingles(n))
                    return dice >= Self.similarityThreshold ? dice : 0
                }
            }
            return Assignment.maximise(score).map { (rows[$0.0], columns[$0.1]) }
        }
        // Large inputs: score only the clauses that share the most shingles with a clause, counted
        // over its rarest shingles first (they point to its own partner, while a common phrase is
        // shared with everything) and over at most `postingBudget` index entries, then take the
        // best pairs first. Linear in the clauses.
        var index: [UInt64: [Int]] = [:]
        for o in rows { for shingle in oldShingles(o).members { index[shingle, default: []].append(o) } }
        var scored: [(Double, Int, Int)] = []
        var counts = [Int](repeating: 0, count: old.clauses.count)
        var touched: [Int] = []
        for n in columns {
            let lists = newShingles(n).members.compactMap { index[$0] }.sorted { ($0.count, $0[0]) < ($1.count, $1[0]) }
            var read = 0
            for list in lists where read < Self.postingBudget {
                for o in list.prefix(Self.postingBudget - read) {
                    if counts[o] == 0 { touched.append(o) }
                    counts[o] += 1
                }
                read += list.count
            }
            // A partner shares at least half of what the best candidate shares: sort only those.
            let most = touched.reduce(0) { max($0, counts[$1]) }
            let candidates = touched.filter { 2 * counts[$0] >= most }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }.prefix(Self.candidateLimit)
            for o in candidates {
                let dice = oldShingles(o).dice(newShingles(n))
                if dice >= Self.similarityThreshold { scored.append((dice, o, n)) }
            }
            for o in touched { counts[o] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2) < ($1.1, $1.2) }
        var usedOld = Set<Int>(), usedNew = Set<Int>(), pairs: [(Int, Int)] = []
        for (_, o, n) in scored where !usedOld.contains(o) && !usedNew.contains(n) {
            usedOld.insert(o)
            usedNew.insert(n)
            pairs.append((o, n))
        }
        return pairs
    }

    /// Share of `part`'s shingles found in `whole`, and share of `whole`'s shingles `part` brings.
    private func shares(_ part: Shingles, _ whole: Shingles) -> (containment: Double, share: Double) {
        guard !part.isEmpty, !whole.isEmpty else { return (0, 0) }
        let common = Double(part.common(whole))
        return (common / Double(part.count), common / Double(whole.count))
    }

    private func findSplits(_ result: inout Result, unmatchedOld: inout Set<Int>, unmatchedNew: inout Set<Int>) {
        // Splits: an old clause whose text went into several adjacent new clauses.
        result.splits = groups(
            sources: old.clauses.count, targets: new.clauses.count, pairs: result.pairs,
            source: oldShingles, target: newShingles, unmatchedSources: &unmatchedOld, unmatchedTargets: &unmatchedNew)
        // Merges, the mirror: several adjacent old clauses whose text went into one new clause.
        var newToOld: [Int: Int] = [:]
        for (o, n) in result.pairs { newToOld[n] = o }
        result.merges = groups(
            sources: new.clauses.count, targets: old.clauses.count, pairs: newToOld,
            source: newShingles, target: oldShingles, unmatchedSources: &unmatchedNew, unmatchedTargets: &unmatchedOld)
    }

    /// For each source clause, the run of adjacent target clauses its text went into: its own
    /// partner (if it has one) and unmatched neighbours that each draw mostly on it and bring a
    /// real share of it, together covering at least half of it. Runs of fewer than two are not groups.
    private func groups(
        sources: Int, targets: Int, pairs: [Int: Int], source: (Int) -> Shingles, target: (Int) -> Shingles,
        unmatchedSources: inout Set<Int>, unmatchedTargets: inout Set<Int>
    ) -> [Int: [Int]] {
        var found: [Int: [Int]] = [:]
        for s in 0..<sources {
            let partner = pairs[s]
            var parts: [Int] = partner.map { [$0] } ?? []
            let candidates = unmatchedTargets
            func isPart(_ t: Int) -> Bool {
                guard candidates.contains(t) else { return false }
                let (containment, share) = shares(target(t), source(s))
                return containment >= Self.containmentThreshold && share >= Self.shareThreshold
            }
            if let start = partner {
                var t = start + 1
                while t < targets, isPart(t) { parts.append(t); t += 1 }
                t = start - 1
                while t >= 0, isPart(t) { parts.insert(t, at: 0); t -= 1 }
            } else if unmatchedSources.contains(s) {
                parts = longestRun(in: Self.window(around: s, pairs: pairs, otherCount: targets), where: isPart)
            }
            guard parts.count >= 2 else { continue }
            let whole = source(s)
            let covered = parts.reduce(into: Set<UInt64>()) { $0.formUnion(target($1).members.intersection(whole.members)) }
            guard Double(covered.count) >= 0.5 * Double(whole.count) else { continue }
            found[s] = parts
            unmatchedSources.remove(s)
            for t in parts { unmatchedTargets.remove(t) }
        }
        return found
    }
}

extension ClauseMatcher {
    /// Where a clause without a partner would stand on the other side: between the partners of
    /// its nearest paired neighbours (at most 64 clauses either way).
    static func window(around index: Int, pairs: [Int: Int], otherCount: Int) -> Range<Int> {
        var lower = 0, upper = otherCount
        var cursor = index - 1
        while cursor >= 0, index - cursor <= 64 {
            if let partner = pairs[cursor] { lower = partner + 1; break }
            cursor -= 1
        }
        for cursor in (index + 1)...(index + 64) {
            if let partner = pairs[cursor] { upper = partner; break }
        }
        if lower >= upper { return 0..<0 }
        return lower..<min(upper, lower + 128)
    }

    private func longestRun(in range: Range<Int>, where isPart: (Int) -> Bool) -> [Int] {
        var best: [Int] = [], run: [Int] = []
        for index in range {
            if isPart(index) { run.append(index) } else { run = [] }
            if run.count > best.count { best = run }
        }
        return best
    }
}

extension Clause {
    /// Normalised heading and body together: what similarity is measured on.
    var foldedText: String { normalizedHeading + " " + foldedBody }
}

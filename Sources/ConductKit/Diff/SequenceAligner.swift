/// The order-keeping pairing of two sequences that maximises the total of their pairs' scores,
/// each element left unpaired costing `gap` (Needleman–Wunsch), and, for every element of the
/// second sequence, how much worse the best alignment that chooses otherwise for it scores (so a
/// caller can tell a clear choice from a near tie).
///
/// The table is kept to a band around the diagonal (the difference of the lengths plus a margin,
/// widened until the best path stays clear of its edges), so two sequences of ten thousand
/// elements that differ by a few cost a few hundred thousand cells, not a hundred million.
struct SequenceAligner {
    struct Result {
        /// (first, second) index pairs, increasing in both.
        var pairs: [(first: Int, second: Int)]
        /// For each element of the second sequence, the next best choice for it.
        var alternatives: [Alternative]

        /// The elements of the second sequence whose next best choice is within `tolerance` of the best.
        func ambiguous(within tolerance: Double) -> [Alternative] { alternatives.filter { $0.margin < tolerance } }
    }

    /// The choice the best alignment made for an element of the second sequence (a partner in the
    /// first, or nil: none), the best other choice, and how much less the best alignment with it scores.
    struct Alternative {
        var second: Int
        var chosen: Int?
        var next: Int?
        var margin: Double
    }

    var firstCount: Int
    var secondCount: Int
    /// What leaving one element unpaired costs.
    var gap: Double
    /// The band's margin on either side of the diagonal, before any widening.
    var margin = 48

    func align(score: (Int, Int) -> Double) -> Result {
        var margin = self.margin
        while true {
            let table = Table(n: firstCount, m: secondCount, margin: margin)
            let result = solve(table, score: score)
            if !result.touchesEdge || table.isFull { return result.result }
            margin *= 4
        }
    }

    /// Which cells (i, j) of the (n+1)×(m+1) table are kept: row i holds lo[i]...hi[i].
    private struct Table {
        var n: Int, m: Int
        var lo: [Int], hi: [Int], offset: [Int]
        var count: Int
        var isFull: Bool

        init(n: Int, m: Int, margin: Int) {
            (self.n, self.m) = (n, m)
            let difference = m - n
            // Small tables are kept whole.
            let full = (n + 1) * (m + 1) <= 1 << 16
            isFull = full
            lo = []; hi = []; offset = []
            lo.reserveCapacity(n + 1); hi.reserveCapacity(n + 1); offset.reserveCapacity(n + 1)
            var total = 0
            for i in 0...n {
                let low = full ? 0 : max(0, i + min(0, difference) - margin)
                let high = full ? m : min(m, i + max(0, difference) + margin)
                lo.append(low); hi.append(high); offset.append(total)
                total += high - low + 1
            }
            count = total
            if !full, lo.allSatisfy({ $0 == 0 }), hi.allSatisfy({ $0 == m }) { isFull = true }
        }

        @inline(__always) func contains(_ i: Int, _ j: Int) -> Bool { i >= 0 && i <= n && j >= lo[i] && j <= hi[i] }
        @inline(__always) func index(_ i: Int, _ j: Int) -> Int { offset[i] + j - lo[i] }
        func onEdge(_ i: Int, _ j: Int) -> Bool { (j == lo[i] && lo[i] > 0) || (j == hi[i] && hi[i] < m) }
    }

    private func solve(_ table: Table, score: (Int, Int) -> Double) -> (result: Result, touchesEdge: Bool) {
        let n = firstCount, m = secondCount
        let none = -Double.infinity
        // match[index(i+1, j+1)]: the score of pairing first[i] with second[j].
        var match = [Double](repeating: none, count: table.count)
        for i in 0..<n {
            let low = max(table.lo[i], table.lo[i + 1] - 1), high = min(table.hi[i], table.hi[i + 1] - 1, m - 1)
            guard low <= high else { continue }
            for j in low...high { match[table.index(i + 1, j + 1)] = score(i, j) }
        }
        // forward[i, j]: the best for first[..<i] and second[..<j]; backward[i, j]: for first[i...] and second[j...].
        var forward = [Double](repeating: none, count: table.count)
        var backward = [Double](repeating: none, count: table.count)
        for i in 0...n {
            for j in table.lo[i]...table.hi[i] {
                var best = i == 0 && j == 0 ? 0 : none
                if i > 0, j > 0, table.contains(i - 1, j - 1) {
                    best = max(best, forward[table.index(i - 1, j - 1)] + match[table.index(i, j)])
                }
                if i > 0, table.contains(i - 1, j) { best = max(best, forward[table.index(i - 1, j)] - gap) }
                if j > 0, table.contains(i, j - 1) { best = max(best, forward[table.index(i, j - 1)] - gap) }
                forward[table.index(i, j)] = best
            }
        }
        for i in stride(from: n, through: 0, by: -1) {
            for j in stride(from: table.hi[i], through: table.lo[i], by: -1) {
                var best = i == n && j == m ? 0 : none
                if i < n, j < m, table.contains(i + 1, j + 1) {
                    best = max(best, backward[table.index(i + 1, j + 1)] + match[table.index(i + 1, j + 1)])
                }
                if i < n, table.contains(i + 1, j) { best = max(best, backward[table.index(i + 1, j)] - gap) }
                if j < m, table.contains(i, j + 1) { best = max(best, backward[table.index(i, j + 1)] - gap) }
                backward[table.index(i, j)] = best
            }
        }

        // The best path, back from the end: a pair where it is as good as any other step.
        var pairs: [(first: Int, second: Int)] = []
        var touchesEdge = false
        var (i, j) = (n, m)
        let epsilon = 1e-9
        while i > 0 || j > 0 {
            if table.onEdge(i, j) { touchesEdge = true }
            let here = forward[table.index(i, j)]
            if i > 0, j > 0, table.contains(i - 1, j - 1),
               abs(forward[table.index(i - 1, j - 1)] + match[table.index(i, j)] - here) <= epsilon {
                pairs.append((i - 1, j - 1))
                (i, j) = (i - 1, j - 1)
            } else if i > 0, table.contains(i - 1, j), abs(forward[table.index(i - 1, j)] - gap - here) <= epsilon {
                i -= 1
            } else {
                j -= 1
            }
        }
        pairs.reverse()

        // For each element of the second sequence, the best total with each choice for it.
        let total = forward[table.index(n, m)]
        var chosen = [Int?](repeating: nil, count: m)
        for pair in pairs { chosen[pair.second] = pair.first }
        var unpaired = [Double](repeating: none, count: m)
        var bestOther = [Double](repeating: none, count: m)
        var otherChoice = [Int?](repeating: nil, count: m)
        for i in 0...n {
            for j in table.lo[i]...table.hi[i] where j < m {
                let before = forward[table.index(i, j)]
                if i < n, table.contains(i + 1, j + 1), chosen[j] != i {
                    let value = before + match[table.index(i + 1, j + 1)] + backward[table.index(i + 1, j + 1)]
                    if value > bestOther[j] { (bestOther[j], otherChoice[j]) = (value, i) }
                }
                if table.contains(i, j + 1) {
                    unpaired[j] = max(unpaired[j], before - gap + backward[table.index(i, j + 1)])
                }
            }
        }
        var alternatives: [Alternative] = []
        for j in 0..<m {
            var other = bestOther[j], choice = otherChoice[j]
            if chosen[j] != nil, unpaired[j] > other { (other, choice) = (unpaired[j], nil) }
            guard other > none else { continue }
            alternatives.append(Alternative(second: j, chosen: chosen[j], next: choice, margin: total - other))
        }
        return (Result(pairs: pairs, alternatives: alternatives), touchesEdge)
    }
}

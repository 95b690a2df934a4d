/// Pairs the blocks of two versions of a clause: unique equal blocks first (as anchors, kept in
/// order), then equal blocks between the anchors, then similar blocks (Dice ≥ 0.5 on their
/// words) within what is left, in order.
enum BlockAligner {
    enum Pair: Equatable {
        case both(Int, Int)
        case old(Int)
        case new(Int)
    }

    /// Above this many changed blocks on a side between anchors, blocks are not paired by similarity.
    static let similarityLimit = 64

    static func align(_ old: [DiffBlock], _ new: [DiffBlock]) -> [Pair] {
        // 1. Anchors: folded texts that occur exactly once on each side, longest increasing run.
        var oldCount: [String: Int] = [:], newCount: [String: Int] = [:]
        var oldIndex: [String: Int] = [:], newIndex: [String: Int] = [:]
        for (i, block) in old.enumerated() { oldCount[block.folded, default: 0] += 1; oldIndex[block.folded] = i }
        for (j, block) in new.enumerated() { newCount[block.folded, default: 0] += 1; newIndex[block.folded] = j }
        var candidates: [(Int, Int)] = []
        for (j, block) in new.enumerated() where newCount[block.folded] == 1 && oldCount[block.folded] == 1 {
            if let i = oldIndex[block.folded] { candidates.append((i, j)) }
        }
        candidates.sort { $0.0 < $1.0 }
        let anchors = longestIncreasing(candidates)

        // 2. Between anchors: equal blocks by edit script, then similar blocks.
        var pairs: [Pair] = []
        var i = 0, j = 0
        for (ai, aj) in anchors + [(old.count, new.count)] {
            pairs += alignGap(old, i..<ai, new, j..<aj)
            if ai < old.count { pairs.append(.both(ai, aj)) }
            i = ai + 1
            j = aj + 1
        }
        return pairs
    }

    /// The pairs with increasing second elements, as many as possible (first elements already increase).
    static func longestIncreasing(_ pairs: [(Int, Int)]) -> [(Int, Int)] {
        var tails: [Int] = []          // index into pairs of the smallest tail of each length
        var previous = [Int](repeating: -1, count: pairs.count)
        for (index, pair) in pairs.enumerated() {
            var low = 0, high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if pairs[tails[mid]].1 < pair.1 { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[index] = tails[low - 1] }
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var result: [(Int, Int)] = []
        var cursor = tails.last ?? -1
        while cursor >= 0 {
            result.append(pairs[cursor])
            cursor = previous[cursor]
        }
        return result.reversed()
    }

    private static func alignGap(_ old: [DiffBlock], _ oldRange: Range<Int>, _ new: [DiffBlock], _ newRange: Range<Int>) -> [Pair] {
        if oldRange.isEmpty { return newRange.map { .new($0) } }
        if newRange.isEmpty { return oldRange.map { .old($0) } }
        var table: [String: Int] = [:]
        func id(_ block: DiffBlock) -> Int {
            if let known = table[block.folded] { return known }
            table[block.folded] = table.count
            return table.count - 1
        }
        let a = oldRange.map { id(old[$0]) }, b = newRange.map { id(new[$0]) }
        let script = TokenDiff.script(a, b, costCap: Int.max) ?? []
        var pairs: [Pair] = []
        var i = oldRange.lowerBound, j = newRange.lowerBound
        var deleted: [Int] = [], inserted: [Int] = []
        func flush() {
            pairs += pairSimilar(old, deleted, new, inserted)
            deleted = []
            inserted = []
        }
        for step in script {
            switch step {
            case .equal(let count):
                flush()
                for _ in 0..<count { pairs.append(.both(i, j)); i += 1; j += 1 }
            case .delete(let count):
                for _ in 0..<count { deleted.append(i); i += 1 }
            case .insert(let count):
                for _ in 0..<count { inserted.append(j); j += 1 }
            }
        }
        flush()
        return pairs
    }

    /// Pairs deleted and inserted blocks that are similar, keeping both orders (a small DP).
    private static func pairSimilar(_ old: [DiffBlock], _ deleted: [Int], _ new: [DiffBlock], _ inserted: [Int]) -> [Pair] {
        if deleted.isEmpty || inserted.isEmpty { return deleted.map { .old($0) } + inserted.map { .new($0) } }
        let n = deleted.count, m = inserted.count
        // Beyond the limit the blocks are reported as deleted and inserted: bounded work.
        guard n <= similarityLimit, m <= similarityLimit else { return deleted.map { .old($0) } + inserted.map { .new($0) } }
        var score = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        // Blocks of one clause are compared by their words: a block whose words were half
        // replaced is still the same block, reworded.
        let oldShingles = deleted.map { Shingles(old[$0].folded, words: true) }
        let newShingles = inserted.map { Shingles(new[$0].folded, words: true) }
        for x in 0..<n {
            for y in 0..<m {
                let dice = oldShingles[x].dice(newShingles[y])
                score[x][y] = dice >= ClauseMatcher.similarityThreshold ? dice : 0
            }
        }
        // best[x][y]: best total pairing deleted[x...] with inserted[y...].
        var best = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: n + 1)
        for x in stride(from: n - 1, through: 0, by: -1) {
            for y in stride(from: m - 1, through: 0, by: -1) {
                let take = score[x][y] > 0 ? score[x][y] + best[x + 1][y + 1] : 0
                best[x][y] = max(take, best[x + 1][y], best[x][y + 1])
            }
        }
        var pairs: [Pair] = []
        var x = 0, y = 0
        while x < n, y < m {
            if score[x][y] > 0, best[x][y] == score[x][y] + best[x + 1][y + 1] {
                pairs.append(.both(deleted[x], inserted[y])); x += 1; y += 1
            } else if best[x][y] == best[x + 1][y] {
                pairs.append(.old(deleted[x])); x += 1
            } else {
                pairs.append(.new(inserted[y])); y += 1
            }
        }
        while x < n { pairs.append(.old(deleted[x])); x += 1 }
        while y < m { pairs.append(.new(inserted[y])); y += 1 }
        return pairs
    }
}

/// The assignment of rows to columns that maximises the total score (Kuhn–Munkres).
enum Assignment {
    /// Pairs (row, column) with the largest total of `score`; pairs scoring 0 are left out.
    /// O(n³) in the larger side: callers keep n small.
    static func maximise(_ score: [[Double]]) -> [(Int, Int)] {
        let rows = score.count
        guard rows > 0, let columns = score.first?.count, columns > 0 else { return [] }
        let n = max(rows, columns)
        // Minimise cost = max − score on a square matrix padded with zeros.
        let top = score.flatMap { $0 }.max() ?? 0
        func cost(_ i: Int, _ j: Int) -> Double { i < rows && j < columns ? top - score[i][j] : top }
        var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: n + 1)
        var match = [Int](repeating: 0, count: n + 1), way = [Int](repeating: 0, count: n + 1)
        for i in 1...n {
            match[0] = i
            var j0 = 0
            var minimum = [Double](repeating: .infinity, count: n + 1)
            var used = [Bool](repeating: false, count: n + 1)
            repeat {
                used[j0] = true
                let i0 = match[j0]
                var delta = Double.infinity, j1 = 0
                for j in 1...n where !used[j] {
                    let current = cost(i0 - 1, j - 1) - u[i0] - v[j]
                    if current < minimum[j] { minimum[j] = current; way[j] = j0 }
                    if minimum[j] < delta { delta = minimum[j]; j1 = j }
                }
                for j in 0...n {
                    if used[j] { u[match[j]] += delta; v[j] -= delta } else { minimum[j] -= delta }
                }
                j0 = j1
            } while match[j0] != 0
            repeat {
                let j1 = way[j0]
                match[j0] = match[j1]
                j0 = j1
            } while j0 != 0
        }
        var pairs: [(Int, Int)] = []
        for j in 1...n {
            let i = match[j] - 1, column = j - 1
            if i < rows, column < columns, score[i][column] > 0 { pairs.append((i, column)) }
        }
        return pairs.sorted { $0.0 < $1.0 }
    }
}

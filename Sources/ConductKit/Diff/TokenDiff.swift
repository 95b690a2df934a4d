/// Myers' shortest edit script over integer tokens, in linear space.
///
/// The middle snake of the forward and backward searches splits the problem in two (Myers
/// 1986, section 4b), so memory stays linear in the input while time is O((N+M)·D).
enum TokenDiff {
    enum Step: Equatable {
        case equal(Int), delete(Int), insert(Int)
    }

    /// The shortest edit script turning `a` into `b`, or nil when it costs more than `costCap`.
    static func script(_ a: [Int], _ b: [Int], costCap: Int) -> [Step]? {
        var builder = Builder()
        let ok = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                diff(a, 0, a.count, b, 0, b.count, cap: costCap, into: &builder)
            }
        }
        return ok ? builder.steps : nil
    }

    struct Builder {
        var steps: [Step] = []
        mutating func add(_ step: Step) {
            switch (steps.last, step) {
            case (.equal(let x)?, .equal(let y)): steps[steps.count - 1] = .equal(x + y)
            case (.delete(let x)?, .delete(let y)): steps[steps.count - 1] = .delete(x + y)
            case (.insert(let x)?, .insert(let y)): steps[steps.count - 1] = .insert(x + y)
            case (_, .equal(0)), (_, .delete(0)), (_, .insert(0)): break
            default: steps.append(step)
            }
        }
    }

    /// Diffs a[aLo..<aHi] against b[bLo..<bHi]; false when the cost exceeds `cap` (nil cap: unbounded).
    private static func diff(_ a: UnsafeBufferPointer<Int>, _ aLo: Int, _ aHi: Int,
                             _ b: UnsafeBufferPointer<Int>, _ bLo: Int, _ bHi: Int,
                             cap: Int?, into builder: inout Builder) -> Bool {
        var aLo = aLo, bLo = bLo, aHi = aHi, bHi = bHi
        var prefix = 0
        while aLo < aHi, bLo < bHi, a[aLo] == b[bLo] { aLo += 1; bLo += 1; prefix += 1 }
        var suffix = 0
        while aLo < aHi, bLo < bHi, a[aHi - 1] == b[bHi - 1] { aHi -= 1; bHi -= 1; suffix += 1 }
        builder.add(.equal(prefix))
        defer { builder.add(.equal(suffix)) }
        if aLo == aHi || bLo == bHi {
            let cost = (aHi - aLo) + (bHi - bLo)
            if let cap, cost > cap { return false }
            builder.add(.delete(aHi - aLo))
            builder.add(.insert(bHi - bLo))
            return true
        }
        guard let (x, y) = middleSnake(a, aLo, aHi, b, bLo, bHi, cap: cap) else { return false }
        // Below the top level the cost is known to fit: the halves of a script within the cap.
        _ = diff(a, aLo, x, b, bLo, y, cap: nil, into: &builder)
        _ = diff(a, x, aHi, b, y, bHi, cap: nil, into: &builder)
        return true
    }

    /// A point on a shortest edit path, found where the forward and backward searches meet.
    private static func middleSnake(_ a: UnsafeBufferPointer<Int>, _ aLo: Int, _ aHi: Int,
                                    _ b: UnsafeBufferPointer<Int>, _ bLo: Int, _ bHi: Int,
                                    cap: Int?) -> (Int, Int)? {
        let n = aHi - aLo, m = bHi - bLo
        var maxD = (n + m + 1) / 2
        if let cap { maxD = min(maxD, cap / 2 + 1) }
        let offset = maxD + 1
        let length = 2 * maxD + 3
        var forward = [Int](repeating: -1, count: length)
        var backward = [Int](repeating: -1, count: length)
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = n - m
        let front = delta & 1 != 0
        var k1start = 0, k1end = 0, k2start = 0, k2end = 0
        for d in 0..<maxD {
            var k1 = -d + k1start
            while k1 <= d - k1end {
                let index = offset + k1
                var x1 = (k1 == -d || (k1 != d && forward[index - 1] < forward[index + 1])) ? forward[index + 1] : forward[index - 1] + 1
                var y1 = x1 - k1
                while x1 < n, y1 < m, a[aLo + x1] == b[bLo + y1] { x1 += 1; y1 += 1 }
                forward[index] = x1
                if x1 > n {
                    k1end += 2
                } else if y1 > m {
                    k1start += 2
                } else if front {
                    let other = offset + delta - k1
                    if other >= 0, other < length, backward[other] != -1, x1 >= n - backward[other] {
                        if let cap, 2 * d - 1 > cap { return nil }
                        return (aLo + x1, bLo + y1)
                    }
                }
                k1 += 2
            }
            var k2 = -d + k2start
            while k2 <= d - k2end {
                let index = offset + k2
                var x2 = (k2 == -d || (k2 != d && backward[index - 1] < backward[index + 1])) ? backward[index + 1] : backward[index - 1] + 1
                var y2 = x2 - k2
                while x2 < n, y2 < m, a[aHi - x2 - 1] == b[bHi - y2 - 1] { x2 += 1; y2 += 1 }
                backward[index] = x2
                if x2 > n {
                    k2end += 2
                } else if y2 > m {
                    k2start += 2
                } else if !front {
                    let other = offset + delta - k2
                    if other >= 0, other < length, forward[other] != -1 {
                        let x1 = forward[other]
                        let y1 = x1 - (other - offset)
                        if x1 >= n - x2 {
                            if let cap, 2 * d > cap { return nil }
                            return (aLo + x1, bLo + y1)
                        }
                    }
                }
                k2 += 2
            }
        }
        if cap != nil, maxD < (n + m + 1) / 2 { return nil }
        // No common token at all: everything is replaced (the caller's halves handle it).
        return (aHi, bLo)
    }
}

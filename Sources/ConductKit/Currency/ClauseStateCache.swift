import Git

/// Clause fingerprints per document blob, kept under the git directory: they depend only on
/// the blob (design.md), so an entry never goes stale.
struct ClauseStateCache {
    private var cache: LineCache
    private var lines: [Substring: Substring] = [:]

    init(gitDirectory: String) {
        // v3: indentation after a line break counts in fingerprints (list nesting, code lines).
        cache = LineCache(gitDirectory: gitDirectory, name: "clauses-v3", replacing: ["clauses-v2"])
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

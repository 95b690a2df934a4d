internal import Git

/// Change summaries computed before, kept under the store's git directory (never in a ref).
///
/// A summary depends only on the two document blobs it compares, and blob ids are content
/// hashes, so an entry never goes stale.
struct SummaryCache {
    /// Bump when the comparison rule changes, so old entries are not reused.
    /// v5: indentation after a line break counts in fingerprints (list nesting, code lines).
    static let fileName = "summaries-v5"
    static let replaced = ["summaries-v4"]

    private var cache: LineCache
    private(set) var entries: [String: [ClauseChange]] = [:]

    /// Opens the cache of the store at `gitDirectory`; with `load: false`, only to append to it.
    init(gitDirectory: String, load: Bool = true) {
        cache = LineCache(gitDirectory: gitDirectory, name: SummaryCache.fileName, replacing: SummaryCache.replaced)
        guard load else { return }
        for line in cache.lines() {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, fields[0].utf8.count == 40, fields[1].utf8.count == 40 else { continue }
            var changes: [ClauseChange] = []
            var valid = true
            for field in fields.dropFirst(2) {
                guard let change = SummaryCache.decode(String(field)) else { valid = false; break }
                changes.append(change)
            }
            if valid { entries[String(fields[0]) + String(fields[1])] = changes }
        }
    }

    static func key(old: ObjectID?, new: ObjectID) -> String { (old ?? .zero).hex + new.hex }

    func lookup(old: ObjectID?, new: ObjectID) -> [ClauseChange]? {
        entries[SummaryCache.key(old: old, new: new)]
    }

    mutating func store(old: ObjectID?, new: ObjectID, changes: [ClauseChange]) {
        entries[SummaryCache.key(old: old, new: new)] = changes
        // Clause ids hold no spaces or bars; "(preamble)" none either, and "(front matter)" is written "(front-matter)".
        cache.append(([(old ?? .zero).hex, new.hex] + changes.map(SummaryCache.encode)).joined(separator: " "))
    }

    /// `clause|change|kind|detail+detail|was`
    static func encode(_ change: ClauseChange) -> String {
        [change.clause == Document.frontMatterKey ? "(front-matter)" : change.clause, change.change.rawValue, change.kind.rawValue, change.details.map(\.rawValue).joined(separator: "+"),
         change.was ?? ""].joined(separator: "|")
    }

    static func decode(_ field: String) -> ClauseChange? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 5, !parts[0].isEmpty,
              let change = ClauseChange.Change(rawValue: String(parts[1])),
              let kind = ClauseChange.Kind(rawValue: String(parts[2])) else { return nil }
        var details: [ClauseDiff.Change] = []
        for detail in parts[3].split(separator: "+") {
            guard let value = ClauseDiff.Change(rawValue: String(detail)) else { return nil }
            details.append(value)
        }
        return ClauseChange(clause: parts[0] == "(front-matter)" ? Document.frontMatterKey : String(parts[0]), change: change, kind: kind, details: details,
                            was: parts[4].isEmpty ? nil : String(parts[4]))
    }

    /// Appends what was computed since loading; failures are ignored (the cache is an optimisation).
    mutating func flush() { cache.flush() }
}

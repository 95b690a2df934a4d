#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

/// Change summaries computed before, kept under the store's git directory (never in a ref).
///
/// A summary depends only on the two document blobs it compares, and blob ids are content
/// hashes, so an entry never goes stale. Lines are appended whole; a line that does not parse
/// is ignored, so a torn write or a damaged file costs only a recomputation.
struct SummaryCache {
    /// Bump when the comparison rule changes, so old entries are not reused.
    static let fileName = "conduct-cache/summaries-v3"

    let url: URL
    private(set) var entries: [String: [ClauseChange]] = [:]
    private var pending: [String] = []

    /// Opens the cache of the store at `gitDirectory`; with `load: false`, only to append to it.
    init(gitDirectory: String, load: Bool = true) {
        url = URL(fileURLWithPath: gitDirectory).appendingPathComponent(SummaryCache.fileName)
        guard load, let data = try? Data(contentsOf: url) else { return }
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2, fields[0].count == 40, fields[1].count == 40 else { continue }
            var changes: [ClauseChange] = []
            var valid = true
            for field in fields.dropFirst(2) {
                guard let change = SummaryCache.decode(String(decoding: field, as: UTF8.self)) else { valid = false; break }
                changes.append(change)
            }
            if valid {
                entries[String(decoding: fields[0], as: UTF8.self) + String(decoding: fields[1], as: UTF8.self)] = changes
            }
        }
    }

    static func key(old: ObjectID?, new: ObjectID) -> String { (old ?? .zero).hex + new.hex }

    func lookup(old: ObjectID?, new: ObjectID) -> [ClauseChange]? {
        entries[SummaryCache.key(old: old, new: new)]
    }

    mutating func store(old: ObjectID?, new: ObjectID, changes: [ClauseChange]) {
        entries[SummaryCache.key(old: old, new: new)] = changes
        // Clause ids hold no spaces or bars; the preamble key "(preamble)" holds none either.
        let codes = changes.map(SummaryCache.encode)
        pending.append(([(old ?? .zero).hex, new.hex] + codes).joined(separator: " "))
    }

    /// `clause|change|kind|detail+detail|was`
    static func encode(_ change: ClauseChange) -> String {
        [change.clause, change.change.rawValue, change.kind.rawValue, change.details.map(\.rawValue).joined(separator: "+"),
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
        return ClauseChange(clause: String(parts[0]), change: change, kind: kind, details: details,
                            was: parts[4].isEmpty ? nil : String(parts[4]))
    }

    /// Appends what was computed since loading; failures are ignored (the cache is an optimisation).
    mutating func flush() {
        guard !pending.isEmpty else { return }
        let text = pending.joined(separator: "\n") + "\n"
        pending.removeAll()
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}

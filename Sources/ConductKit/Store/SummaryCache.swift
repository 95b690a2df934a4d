import Foundation
import Git

/// Change summaries computed before, kept under the store's git directory (never in a ref).
///
/// A summary depends only on the two document blobs it compares, and blob ids are content
/// hashes, so an entry never goes stale. Lines are appended whole; a line that does not parse
/// is ignored, so a torn write or a damaged file costs only a recomputation.
struct SummaryCache {
    /// Bump when the comparison rule changes, so old entries are not reused.
    static let fileName = "conduct-cache/summaries-v1"

    let url: URL
    private(set) var entries: [String: [ClauseChange]] = [:]
    private var pending: [String] = []

    init(gitDirectory: String) {
        url = URL(fileURLWithPath: gitDirectory).appendingPathComponent(SummaryCache.fileName)
        guard let data = try? Data(contentsOf: url) else { return }
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count >= 2, fields[0].count == 40, fields[1].count == 40 else { continue }
            var changes: [ClauseChange] = []
            var valid = true
            for field in fields.dropFirst(2) {
                guard field.count > 2, field[field.startIndex + 1] == UInt8(ascii: ":") else { valid = false; break }
                let clause = String(decoding: field.dropFirst(2), as: UTF8.self)
                switch field[field.startIndex] {
                case UInt8(ascii: "A"): changes.append(ClauseChange(clause: clause, change: .added, kind: .substantive))
                case UInt8(ascii: "R"): changes.append(ClauseChange(clause: clause, change: .removed, kind: .substantive))
                case UInt8(ascii: "S"): changes.append(ClauseChange(clause: clause, change: .changed, kind: .substantive))
                case UInt8(ascii: "E"): changes.append(ClauseChange(clause: clause, change: .changed, kind: .editorial))
                default: valid = false
                }
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
        // Clause ids hold no spaces; the preamble key "(preamble)" holds none either.
        let codes = changes.map { change -> String in
            let code: String
            switch (change.change, change.kind) {
            case (.added, _): code = "A"
            case (.removed, _): code = "R"
            case (.changed, .substantive): code = "S"
            case (.changed, .editorial): code = "E"
            }
            return code + ":" + change.clause
        }
        pending.append(([(old ?? .zero).hex, new.hex] + codes).joined(separator: " "))
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

import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension StatusReport {
    /// Says on standard error which ledger files were skipped as not being valid records.
    func noteSkipped() {
        guard !skipped.isEmpty else { return }
        Terminal.note("conduct: warning: \(skipped.count) ledger file\(skipped.count == 1 ? " is" : "s are") not a valid record and \(skipped.count == 1 ? "was" : "were") skipped; 'conduct verify' lists every finding:")
        for line in skipped.prefix(5) { Terminal.note("  \(line)") }
    }

    /// `conduct status`: one aligned line per signatory.
    func writeText() throws(ConductError) {
        // Written in pieces while the rows are judged, like the JSON.
        let width = longestID()
        var out = "", empty = true
        try forEachRow { row in
            empty = false
            let id = row.signatory.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let state = row.state.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
            let date = row.attestation.map { $0.time.day } ?? ""
            out += "\(id)  \(state)  \((row.attested ?? "").padding(toLength: 8, withPad: " ", startingAt: 0))  \(date.padding(toLength: 10, withPad: " ", startingAt: 0))  \(row.reason)\n"
            if out.utf8.count >= 1 << 16 {
                Terminal.write(out)
                out = ""
            }
        }
        Terminal.write(out)
        if empty { Terminal.note("No signatories yet; register one with 'conduct signatory add'.") }
    }

    /// `conduct status --format json` (Schemas/status.schema.json): keys sorted, one signatory
    /// per line, written in pieces while the rows are judged, so that a hundred thousand rows
    /// are never held at once.
    func writeJSON(to sink: ([UInt8]) -> Void) throws(ConductError) {
        var settingsObject: [String: JSONValue] = [:]
        if let age = settings.maximumAge { settingsObject["maxAge"] = .string(age.description) }
        if let grace = settings.grace { settingsObject["grace"] = .string(grace.description) }
        var out: [UInt8] = []
        func field(_ key: String, _ value: JSONValue, last: Bool = false) {
            out += Array("  \"\(key)\" : ".utf8)
            value.writeCanonical(to: &out)
            out += Array((last ? "\n" : ",\n").utf8)
        }
        out += Array("{\n".utf8)
        field("now", .string(now.description))
        field("revision", .object(["label": .string(revision.label), "commit": .string(revision.commit.hex)]))
        field("settings", .object(settingsObject))
        out += Array("  \"signatories\" : [".utf8)
        // Rows that share a coverage verdict share its encoding: one memo per worker thread.
        final class Memo { var encoded: [ObjectIdentifier: (editorial: [UInt8], uncovered: [UInt8])] = [:] }
        nonisolated(unsafe) let memos = (0..<StatusReport.workers).map { _ in Memo() }
        var first = true
        try writeRows(render: { worker, row, rows in
            // Each row starts with ",\n    "; the first comma is dropped when written.
            rows.append(contentsOf: ",\n    ".utf8)
            let memo = memos[worker]
            let fragments = row.coverage.map { coverage in
                if let known = memo.encoded[ObjectIdentifier(coverage)] { return known }
                let fragments = (AttestationStatus.editorialJSON(coverage.editorial),
                                 AttestationStatus.uncoveredJSON(added: coverage.added, changed: coverage.changed, removed: coverage.removed))
                memo.encoded[ObjectIdentifier(coverage)] = fragments
                return fragments
            } ?? (Array("[]".utf8), Array("{}".utf8))
            row.writeJSON(to: &rows, editorial: fragments.0, uncovered: fragments.1)
        }, write: { rows in
            guard !rows.isEmpty else { return }
            if first {
                out += rows.dropFirst()
                first = false
            } else {
                out += rows
            }
            sink(out)
            out.removeAll(keepingCapacity: true)
        })
        out += Array((first ? "]\n}\n" : "\n  ]\n}\n").utf8)
        sink(out)
    }
}

extension StatusReport {
    /// `conduct status --format csv`: one record per signatory, read from the row's JSON, so
    /// that the two say the same; the report's revision, time and settings are not repeated
    /// on each row (README, "Listings as CSV").
    static let csvColumns = CSV.Columns([
        "id", "name", "kind", "state", "reason",
        "attestation.id", "attestation.revision", "attestation.label", "attestation.version", "attestation.at",
        "attestation.key", "attestation.by.name", "attestation.by.email", "attestation.scope",
        "attestation.language", "attestation.translation", "attestation.translationSha256",
        "editorial", "uncovered.changed", "uncovered.added", "uncovered.removed", "expires", "inGrace",
        "reading.language", "reading.record", "reading.source.label", "reading.source.commit",
        "reading.behind.clause", "reading.behind.change", "reading.behind.revisions.label", "reading.behind.revisions.commit",
        "reading.incomplete", "reading.problem",
    ])

    /// Writes the CSV in pieces while the rows are judged, like the JSON.
    func writeCSV(to sink: ([UInt8]) -> Void) throws(ConductError) {
        sink(Array(Self.csvColumns.header.utf8))
        try writeRows(render: { _, row, out in
            var json: [UInt8] = []
            let coverage = row.coverage
            row.writeJSON(to: &json, editorial: AttestationStatus.editorialJSON(coverage?.editorial ?? []),
                          uncovered: AttestationStatus.uncoveredJSON(added: coverage?.added ?? [], changed: coverage?.changed ?? [],
                                                                     removed: coverage?.removed ?? []))
            // The row's own JSON always parses; an empty record would show if it did not.
            out.append(contentsOf: Self.csvColumns.record(JSONValue.parse(json) ?? .null).utf8)
        }, write: { if !$0.isEmpty { sink($0) } })
    }
}

extension AttestationStatus {
    static func editorialJSON(_ clauses: [String]) -> [UInt8] {
        var out: [UInt8] = []
        strings(clauses, to: &out)
        return out
    }

    static func uncoveredJSON(added: [String], changed: [String], removed: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (name, clauses) in [("added", added), ("changed", changed), ("removed", removed)] where !clauses.isEmpty {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "\"\(name)\":".utf8)
            strings(clauses, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func strings(_ items: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.string(item).writeCanonical(to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends the row as canonical JSON (keys sorted, no spaces) without building dictionaries:
    /// a status of a hundred thousand signatories is mostly this. `editorial` and `uncovered`
    /// are the row's coverage, encoded.
    func writeJSON(to out: inout [UInt8], editorial: [UInt8], uncovered: [UInt8]) {
        func key(_ name: String) { out.append(contentsOf: "\"\(name)\":".utf8) }
        func string(_ text: String) { JSONValue.string(text).writeCanonical(to: &out) }
        out.append(UInt8(ascii: "{"))
        if let attestation {
            key("attestation")
            out.append(contentsOf: "{\"at\":".utf8); string(attestation.time.description)
            out.append(contentsOf: ",\"by\":{\"email\":".utf8); string(attestation.by.email)
            out.append(contentsOf: ",\"name\":".utf8); string(attestation.by.name)
            out.append(contentsOf: "},\"id\":".utf8); string(attestation.id)
            out.append(contentsOf: ",\"key\":".utf8); string(attestation.key)
            out.append(contentsOf: ",\"label\":".utf8); string(attested ?? "")
            if let language = attestation.language { out.append(contentsOf: ",\"language\":".utf8); string(language) }
            out.append(contentsOf: ",\"revision\":".utf8); string(attestation.revision)
            out.append(contentsOf: ",\"scope\":".utf8)
            if let scope = attestation.scope { Self.strings(scope, to: &out) } else { string("document") }
            if let translation = attestation.translation { out.append(contentsOf: ",\"translation\":".utf8); string(translation) }
            if let digest = attestation.translationSHA256 { out.append(contentsOf: ",\"translationSha256\":".utf8); string(digest) }
            if let version = attestation.version { out.append(contentsOf: ",\"version\":".utf8); string(version) }
            out.append(contentsOf: "},".utf8)
        }
        key("editorial"); out.append(contentsOf: editorial)
        if let expires { out.append(contentsOf: ",".utf8); key("expires"); string(expires.description) }
        out.append(contentsOf: ",".utf8); key("id"); string(signatory.id)
        if inGrace { out.append(contentsOf: ",\"inGrace\":true".utf8) }
        out.append(contentsOf: ",".utf8); key("kind"); string(signatory.kind.rawValue)
        out.append(contentsOf: ",".utf8); key("name"); string(signatory.name)
        if let reading { out.append(contentsOf: ",".utf8); key("reading"); reading.json.writeCanonical(to: &out) }
        out.append(contentsOf: ",".utf8); key("reason"); string(reason)
        out.append(contentsOf: ",".utf8); key("state"); string(state.rawValue)
        out.append(contentsOf: ",\"uncovered\":".utf8); out.append(contentsOf: uncovered)
        out.append(UInt8(ascii: "}"))
    }
}

extension TranslationReading {
    /// What a signatory read, in `status --format json` (Schemas/status.schema.json): rare, so
    /// built as a value.
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "language": .string(language), "behind": .array(behind.map(\.json)),
            "incomplete": .array(incomplete.map(JSONValue.string)),
        ]
        if let translation {
            object["record"] = .string(translation.id)
            object["source"] = .object(["label": .string(source ?? String(translation.revision.prefix(7))), "commit": .string(translation.revision)])
        }
        if let problem { object["problem"] = .string(problem) }
        return .object(object)
    }
}

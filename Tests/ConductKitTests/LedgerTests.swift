import Foundation
import PropertyBased
import Synchronization
import Testing
@testable import ConductKit

@Suite("Ledger records")
struct LedgerTests {
    static let who = Authorship(author: Identity(name: "Secretariat", email: "s@example.org"),
                                date: Timestamp(seconds: 1_700_000_000))

    static func record(_ type: String, at: String, _ fields: [String: JSONValue] = [:]) throws -> Record {
        var all = fields
        all["type"] = .string(type)
        all["at"] = .string(at)
        return try Record(all)
    }

    /// A fresh store in a temporary directory, removed when `body` returns.
    static func withStore(_ body: (Store, String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-ledger-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, _) = try Store.create(at: directory.path, bytes: Array("# Code\n\n## Scope {#scope}\n\nAll.\n".utf8),
                                          source: "test", version: nil, message: nil, authorship: who)
        try body(store, directory.path)
    }

    static func git(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func canonicalJSONSortsKeysAndEscapesOnlyWhatItMust() throws {
        let value = JSONValue.object([
            "b": .integer(-2), "a": .string("quote \" slash / é \u{1} tab\t"), "c": .array([.bool(true), .null]),
        ])
        #expect(String(decoding: value.canonicalBytes, as: UTF8.self) == #"{"a":"quote \" slash / é \u0001 tab\t","b":-2,"c":[true,null]}"#)
        #expect(JSONValue.parse(value.canonicalBytes) == value)
        #expect(JSONValue.parse(Array(#"{"a":1.5}"#.utf8)) == nil, "fractions are refused")
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"a":1e3}"#, #"{"a":01}"#, #"{"a":1.0}"#, "{\"a\":\"tab\tinside\"}", #"{"a":1} x"#,
        #"{"a":}"#, #"{"a" 1}"#, #"[1,]"#, #"{"a":"\ud800"}"#, #"nul"#, String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ])
    func theParserRefusesWhatRecordsMayNotHold(_ text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil, "\(text)")
    }

    /// Stored records are checked for canonical form while they are parsed: the canonical parser
    /// takes exactly what the writer writes and nothing else.
    @Test func theCanonicalParserTakesOnlyCanonicalBytes() {
        let values: [JSONValue] = [
            .object(["b": .integer(-2), "a": .string("quote \" back \\ é \u{1} \u{1F} \u{8}\u{C}\n\r\t 😀"), "c": .array([.bool(true), .null, .integer(0)])]),
            .object(["": .string(""), "a": .object(["é": .integer(1), "z": .array([])]), "ab": .object([:])]),
        ]
        for value in values { #expect(JSONValue.parseCanonical(value.canonicalBytes) == value) }
        for text in [
            #"{"b":1,"a":2}"#, #"{"a":1,"a":1}"#, #"{"a": 1}"#, #" {"a":1}"#, #"{"a":1}\#n"#, #"{"a":"\/"}"#,
            #"{"a":"\u0041"}"#, #"{"a":"\u001F"}"#, #"{"a":"\u000a"}"#, #"{"a":-0}"#, #"{"a":[1, 2]}"#, #"{"a":"\u00e9"}"#,
        ] {
            #expect(JSONValue.parseCanonical(Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// What sync checks of a record coming in: the fields its type needs, in their form.
    @Test func aRecordLackingWhatItsTypeNeedsIsNamed() throws {
        let by: JSONValue = .object(["name": .string("A"), "email": .string("a@example.org")])
        let comment = try Self.record("comment", at: "2025-02-07T10:00:00Z", [
            "target": .string("v1.0"), "commit": .string(String(repeating: "a", count: 40)), "clause": .string("scope"),
            "message": .string("Clear."), "by": by,
        ])
        #expect(comment.missingField == nil)
        let noCommit = try Self.record("comment", at: "2025-02-07T10:00:00Z", ["target": .string("v1.0"), "clause": .string("scope"),
                                                                             "message": .string("Clear."), "by": by])
        #expect(noCommit.missingField?.contains("'commit'") == true)
        let badRevision = try Self.record("attestation", at: "2025-02-07T10:00:00Z", [
            "signatory": .string("acme"), "revision": .string("v1.0"), "document": .string(String(repeating: "b", count: 64)),
            "fingerprints": .string(String(repeating: "c", count: 64)), "scope": .string("document"), "key": .string("SHA256:x"),
            "signature": .string("sig"), "by": by,
        ])
        #expect(badRevision.missingField?.contains("'revision'") == true)
    }

    @Test func theParserReadsEscapesAndSurrogatePairs() {
        let value = JSONValue.parse(Array(#"{"a":"\u00e9\ud83d\ude00\n\/","b":[true,false,null,-42]}"#.utf8))
        #expect(value == .object(["a": .string("é😀\n/"), "b": .array([.bool(true), .bool(false), .null, .integer(-42)])]))
    }

    @Test func aRecordIsNamedByItsContentAndReadOnlyInCanonicalForm() throws {
        let record = try Self.record("proposal", at: "2025-02-07T10:00:00Z", ["proposal": .string("p1"), "title": .string("Yearly reports")])
        #expect(record.id == Fingerprint.sha256(record.bytes))
        #expect(record.path == ["proposals", "p1", record.id + ".json"])
        #expect(try Record(bytes: record.bytes, name: record.id) == record)
        #expect(throws: RecordProblem.notCanonical) { try Record(bytes: Array(#"{"type": "config", "at": "2025-02-07T10:00:00Z"}"#.utf8)) }
        #expect(throws: RecordProblem.nameMismatch(expected: String(repeating: "0", count: 64), actual: record.id)) {
            try Record(bytes: record.bytes, name: String(repeating: "0", count: 64))
        }
        for key in ["../etc", "a/b", "", ".hidden", "UPPER"] {
            #expect(throws: RecordProblem.self) { try Self.record("proposal", at: "2025-02-07T10:00:00Z", ["proposal": .string(key)]) }
        }
        #expect(throws: RecordProblem.missingField("at")) { try Record(["type": .string("config")]) }
        #expect(throws: RecordProblem.self) { try Self.record("mystery", at: "2025-02-07T10:00:00Z") }
    }

    @Test func appendedRecordsAreFilesGitAcceptsAndFoldInOrder() throws {
        try Self.withStore { store, path in
            let late = try Self.record("config", at: "2025-03-01T00:00:00Z", ["key": .string("attestation.max-age"), "value": .string("365d")])
            let early = try Self.record("proposal", at: "2025-01-01T00:00:00+01:00", ["proposal": .string("p1")])
            let middle = try Self.record("comment", at: "2025-02-01T00:00:00Z", ["target": .string("v1.0"), "clause": .string("scope")])
            let first = try store.append([late, early], message: "Two records", authorship: Self.who)
            try store.append([middle], message: "A comment", authorship: Self.who)
            // (The store's first authority record, which init wrote, lies in authority/.)
            #expect(try store.records(in: ["config", "proposals", "comments"]).map(\.id) == [early.id, middle.id, late.id])

            // Appending what is there already writes nothing.
            let tip = try store.append([early], message: "Again", authorship: Self.who)
            #expect(tip != first)
            #expect(try store.append([early, middle], message: "Again", authorship: Self.who) == tip)

            #expect(try Self.git(["-C", path, "fsck", "--strict"]).status == 0)
            let files = try Self.git(["-C", path, "ls-tree", "-r", "--name-only", Ledger.reference]).output.split(separator: "\n")
                .filter { !$0.hasPrefix("authority/") }
            #expect(Set(files) == ["config/\(late.id).json", "proposals/p1/\(early.id).json", "comments/v1.0/\(middle.id).json"])
            // Each file's SHA-256 is its name: a reader can check the ledger with nothing but git and sha256sum.
            for file in files {
                let content = try Self.git(["-C", path, "cat-file", "blob", "\(Ledger.reference):\(file)"]).output
                #expect(Fingerprint.sha256(Array(content.utf8)) + ".json" == String(file.split(separator: "/").last ?? ""))
            }
            let log = try Self.git(["-C", path, "log", "--format=%s", Ledger.reference]).output
            #expect(log == "A comment\nTwo records\nEstablish the secretariat's authority\n")
        }
    }

    @Test func aRecordWhoseNameDoesNotMatchItsContentIsFound() throws {
        try Self.withStore { store, path in
            let record = try Self.record("proposal", at: "2025-01-01T00:00:00Z", ["proposal": .string("p1")])
            try store.append([record], message: "One", authorship: Self.who)
            // Forge: the same content under another name, written with plain git.
            let forged = String(repeating: "a", count: 64)
            let blob = try Self.git(["-C", path, "rev-parse", "\(Ledger.reference):proposals/p1/\(record.id).json"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let inner = Process()
            inner.executableURL = URL(fileURLWithPath: "/bin/sh")
            inner.arguments = ["-c", """
                cd '\(path)' && sub=$(printf '100644 blob \(blob)\\t\(forged).json\\n' | git mktree) && \
                mid=$(printf '040000 tree %s\\tp1\\n' "$sub" | git mktree) && \
                top=$(printf '040000 tree %s\\tproposals\\n' "$mid" | git mktree) && \
                commit=$(git commit-tree "$top" -p \(Ledger.reference) -m forged) && git update-ref \(Ledger.reference) "$commit"
                """]
            try inner.run()
            inner.waitUntilExit()
            #expect(inner.terminationStatus == 0)
            // Skipped and named, not fatal: one bad record must not take every command down.
            #expect(try store.records().isEmpty)
            #expect(store.skippedRecords.contains { $0.path == "proposals/p1/\(forged).json" && $0.problem.contains("not to its name") },
                    "\(store.skippedRecords)")
        }
    }

    @Test func concurrentWritersLoseNothing() throws {
        try Self.withStore { _, path in
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { writer in
                do {
                    let store = try Store.open(at: path)
                    for index in 0..<25 {
                        let record = try Self.record("proposal", at: "2025-01-01T00:00:\(String(format: "%02d", index))Z",
                                                     ["proposal": .string("w\(writer)"), "n": .integer(Int64(index))])
                        try store.append([record], message: "w\(writer) \(index)", authorship: Self.who)
                    }
                } catch {
                    failures.withLock { $0.append("\(writer): \(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let reopened = try Store.open(at: path)
            let count = try reopened.records(in: ["proposals"]).count
            #expect(count == 200)
            let fsck = try Self.git(["-C", path, "fsck", "--strict"])
            #expect(fsck.status == 0)
        }
    }
}

/// Record times: the text written is the text read back, and it is ISO 8601 as git and
/// Python's `datetime.fromisoformat` read it.
@Suite("Timestamps")
struct TimestampTests {
    @Test func writtenTimesReadBackExactly() async {
        // Years 1 to 9999, every millisecond and offset form.
        await propertyCheck(count: 2_000, input: Gen.int64(in: -62_135_510_400...253_402_214_399), Gen.int(in: 0...999), Gen.int(in: -14 * 60...14 * 60)) { seconds, milliseconds, offset in
            let time = Timestamp(seconds: seconds, milliseconds: milliseconds, offsetMinutes: Int32(offset))
            let text = time.description
            let back = try? Timestamp(parsing: text)
            #expect(back?.seconds == seconds && back?.milliseconds == milliseconds && back?.offsetMinutes == Int32(offset), "\(text)")
            #expect(text.hasPrefix(back.map { $0.day } ?? "-"), "\(text)")
        }
    }

    @Test func knownTimesAreWrittenAsExpected() {
        #expect(Timestamp(seconds: 0).description == "1970-01-01T00:00:00Z")
        #expect(Timestamp(seconds: 1_738_922_400, milliseconds: 7, offsetMinutes: 60).description == "2025-02-07T11:00:00.007+01:00")
        #expect(Timestamp(seconds: 1_738_922_400, offsetMinutes: -330).description == "2025-02-07T04:30:00-05:30")
        #expect(Timestamp(seconds: 951_782_400).description == "2000-02-29T00:00:00Z")
    }
}

import Foundation
import PropertyBased
import Testing
@testable import ConductKit
import Git

/// The limits on what a record may hold, and the one-pass tree merge that places many records.
@Suite("Record limits and the ledger merge")
struct RecordLimitTests {
    static func comment(_ message: String, extra: JSONValue? = nil) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "type": .string("comment"), "at": .string("2025-01-01T00:00:00.000Z"), "target": .string("v1.0"),
            "clause": .string("scope"), "commit": .string(String(repeating: "a", count: 40)), "message": .string(message),
            "by": .object(["name": .string("Ann"), "email": .string("ann@example.org")]),
        ]
        if let extra { fields["extra"] = extra }
        return fields
    }

    @Test func aRecordOverALimitIsNeverMade() {
        #expect(throws: RecordProblem.overLimit(RecordLimits.stringProblem(RecordLimits.maximumStringBytes + 1))) {
            try Record(Self.comment(String(repeating: "x", count: RecordLimits.maximumStringBytes + 1)))
        }
        var deep = JSONValue.array([])
        for _ in 0..<RecordLimits.maximumDepth { deep = .array([deep]) }
        #expect(throws: RecordProblem.overLimit(RecordLimits.depthProblem)) { try Record(Self.comment("deep", extra: deep)) }
        // Five strings just under the string limit make a record over the size limit.
        let many = JSONValue.array(Array(repeating: .string(String(repeating: "y", count: RecordLimits.maximumStringBytes - 10)), count: 5))
        #expect(throws: RecordProblem.self) { try Record(Self.comment("many", extra: many)) }
        #expect((try? Record(Self.comment(String(repeating: "z", count: 65_536)))) != nil, "a comment at its own limit fits")
    }

    @Test func storedBytesOverALimitAreNamedBeforeTheyAreParsed() throws {
        let fits = try Record(Self.comment("fits"))
        func with(_ replacement: String) -> [UInt8] {
            var text = String(decoding: fits.bytes, as: UTF8.self)
            if let range = text.firstRange(of: "\"fits\"") { text.replaceSubrange(range, with: replacement) }
            return Array(text.utf8)
        }
        let long = with("\"" + String(repeating: "s", count: RecordLimits.maximumStringBytes + 1) + "\"")
        #expect(throws: RecordProblem.overLimit(RecordLimits.stringProblem(RecordLimits.maximumStringBytes + 1))) { try Record(bytes: long) }
        let nested = with(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        #expect(throws: RecordProblem.overLimit(RecordLimits.depthProblem)) { try Record(bytes: nested) }
        let huge = [UInt8](repeating: 0x20, count: RecordLimits.maximumBytes + 1)
        #expect(throws: RecordProblem.overLimit(RecordLimits.sizeProblem(RecordLimits.maximumBytes + 1))) { try Record(bytes: huge) }
    }

    /// Whatever records are placed, in whatever groups, the ledger holds exactly the union of
    /// them: appending in one batch gives the same tree as appending one at a time.
    @Test func placingInOnePassGivesTheTreeOneAtATimeWould() async throws {
        await propertyCheck(count: 20, input: Gen.int(in: 1...60), Gen.int(in: 1...6), Gen.int(in: 0...1_000)) { count, folders, seed in
            try? LedgerTests.withStore { store, _ in
                let records = try (0..<count).map { index in
                    var fields = Self.comment("record \(seed)-\(index)")
                    fields["target"] = .string("t\(index % folders)")
                    return try Record(fields)
                }
                let split = records.count / 2
                try store.append(Array(records[..<split]), message: "first half", authorship: LedgerTests.who)
                let batch = try store.append(Array(records[split...]) + Array(records[..<split]), message: "all", authorship: LedgerTests.who)
                let read = try store.records(in: ["comments"])
                #expect(Set(read.map(\.id)) == Set(records.map(\.id)))
                #expect(store.skippedRecords.isEmpty)
                // Appending what is there already writes nothing.
                #expect(try store.append(records.shuffled(), message: "again", authorship: LedgerTests.who) == batch)
            }
        }
    }
}

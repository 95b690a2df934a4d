import Foundation
import PropertyBased
import Testing
@testable import ConductKit

/// Every `--format json` listing is written by `JSONValue.writePretty`. The listings once written
/// by Foundation's JSONEncoder (log, diff, outline, proposals, import, secretariat show) must keep
/// their bytes: with `empty: .open` the writer prints exactly what JSONEncoder printed.
@Suite("Pretty JSON")
struct JSONPrettyTests {
    static func foundation(_ value: JSONValue) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func pretty(_ value: JSONValue, empty: JSONValue.EmptyContainers) -> [UInt8] {
        var out: [UInt8] = []
        value.writePretty(chunkSize: 7, empty: empty) { out += $0 }
        return out
    }

    /// Keys and strings that sort and escape differently if the writer were careless: case,
    /// underscores and digits, slashes, quotes, control characters, non-ASCII.
    static let words = ["a", "B", "_b", "a1", "a10", "a2", "versionTags", "versions", "path/to", "say \"hi\"", "tab\there",
                        "line\nbreak", "\u{1}\u{1f}", "back\\slash", "é", "日本", "\u{2028}", "", "🙂"]

    static func value(_ random: inout DocumentGenerator.SplitMix, depth: Int) -> JSONValue {
        switch Int(random.next() % (depth > 3 ? 4 : 6)) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .integer(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
        case 3: return .string(words[Int(random.next() % UInt64(words.count))])
        case 4: return .array((0..<Int(random.next() % 4)).map { _ in value(&random, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(random.next() % 5) { members[words[Int(random.next() % UInt64(words.count))]] = value(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    @Test func openEmptiesMatchFoundationsPrettyPrinting() async throws {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var random = DocumentGenerator.SplitMix(state: seed)
            let value = Self.value(&random, depth: 0)
            let foundation = try? Self.foundation(value)
            #expect(foundation != nil)
            #expect(Self.pretty(value, empty: .open) == foundation)
        }
    }

    @Test func emptiesAreWrittenBothWays() throws {
        let value = JSONValue.object(["list": .array([]), "map": .object([:]), "n": .integer(1)])
        #expect(String(decoding: Self.pretty(value, empty: .closed), as: UTF8.self)
            == "{\n  \"list\" : [],\n  \"map\" : {},\n  \"n\" : 1\n}")
        #expect(String(decoding: Self.pretty(value, empty: .open), as: UTF8.self)
            == "{\n  \"list\" : [\n\n  ],\n  \"map\" : {\n\n  },\n  \"n\" : 1\n}")
        let foundation = try Self.foundation(.array([]))
        #expect(Self.pretty(.array([]), empty: .open) == foundation)
    }
}

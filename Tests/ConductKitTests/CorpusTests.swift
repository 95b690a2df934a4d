import Foundation
import Testing
@testable import ConductKit

/// The Hiroshima Corpus: every revision parses, keeps its ids, and changes as its README says.
@Suite("Corpus")
struct CorpusTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/hiroshima-code")

    static func load(_ name: String) throws -> Document {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(name).md"))
        return try Document.parse(bytes: Array(data))
    }

    @Test(arguments: ["v0.1", "v1.0", "v1.1", "v1.2"])
    func revisionParsesWithIDsAndStableRoundTrip(name: String) throws {
        let document = try Self.load(name)
        #expect(!document.missingIDs)
        #expect(!document.clauses.isEmpty)
        let canonical = document.canonicalText
        let reparsed = try Document.parse(text: canonical)
        #expect(reparsed.canonicalText == canonical)
        #expect(reparsed.clauses.map(\.fingerprint) == document.clauses.map(\.fingerprint))
        #expect(reparsed.clauses.map(\.id) == document.clauses.map(\.id))
    }

    @Test func v1_1IsEditorialOnly() throws {
        let diff = Differ().diff(try Self.load("v1.0"), try Self.load("v1.1"))
        #expect(diff.significance == .editorial)
        #expect(!diff.changed.isEmpty)
        #expect(diff.changed.allSatisfy { $0.status == .matched && $0.significance == .editorial })
        #expect(diff.changed.flatMap(\.blocks).allSatisfy { $0.significance != .substantive })
        // The clause-level summary from digests alone agrees with the engine.
        let fast = ClauseChange.fromDigests(old: try Self.load("v1.0").digests, new: try Self.load("v1.1").digests)
        #expect(fast == ClauseChange.from(diff))
    }

    @Test func v1_2AddsOneActionAndRewordsTransparency() throws {
        let diff = Differ().diff(try Self.load("v1.1"), try Self.load("v1.2"))
        #expect(ClauseChange.from(diff) == [
            ClauseChange(clause: "transparency", change: .changed, kind: .substantive, details: [.reworded]),
            ClauseChange(clause: "trustworthy-use", change: .added, kind: .substantive),
        ])
        let transparency = try #require(diff.changed.first)
        let changedBlocks = transparency.blocks.filter { $0.operation != .equal }
        #expect(changedBlocks.count == 1)
        let inserted = changedBlocks.first?.words?.filter { $0.operation == .insert }.map(\.text).joined() ?? ""
        #expect(inserted.contains("at least once every 12 months"))
    }

    @Test func v1_0HasElevenNumberedActions() throws {
        let document = try Self.load("v1.0")
        let numbered = document.clauses.filter { $0.level == 2 && $0.heading.number != nil }
        #expect(numbered.count == 11)
        #expect(numbered.map(\.heading.number) == (1...11).map { "\($0)." })
    }
}

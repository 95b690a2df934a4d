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
        let changes = ClauseChange.compare(old: try Self.load("v1.0").digests, new: try Self.load("v1.1").digests)
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.change == .changed && $0.kind == .editorial })
    }

    @Test func v1_2AddsOneActionAndRewordsTransparency() throws {
        let changes = ClauseChange.compare(old: try Self.load("v1.1").digests, new: try Self.load("v1.2").digests)
        #expect(changes == [
            ClauseChange(clause: "transparency", change: .changed, kind: .substantive),
            ClauseChange(clause: "trustworthy-use", change: .added, kind: .substantive),
        ])
    }

    @Test func v1_0HasElevenNumberedActions() throws {
        let document = try Self.load("v1.0")
        let numbered = document.clauses.filter { $0.level == 2 && $0.heading.number != nil }
        #expect(numbered.count == 11)
        #expect(numbered.map(\.heading.number) == (1...11).map { "\($0)." })
    }
}

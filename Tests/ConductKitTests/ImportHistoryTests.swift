import ConductKit
import Foundation
import TestPeers
import Testing

/// A project's git history of its code of conduct becoming revisions, read through
/// ConductKit's public API (`Store.importHistory`): a small history made with the real git.
@Suite("Import through ConductKit")
struct ImportHistoryTests {
    /// The sample code as a project writes it, with headings that carry no ids.
    static let first = StoreFixture.code.replacingOccurrences(of: #" \{#[a-z]+\}"#, with: "", options: .regularExpression)
    /// Editorial: only case.
    static let second = first.replacingOccurrences(of: "Members test their systems", with: "MEMBERS TEST THEIR SYSTEMS")
    /// Substantive: a word changed.
    static let fourth = second.replacingOccurrences(of: "within thirty days", with: "within fourteen days")
    /// Substantive: a heading renamed and a clause added.
    static let sixth = fourth.replacingOccurrences(of: "## Reporting\n", with: "## Reporting incidents\n")
        + "\n## Training\n\nMembers train their staff every year.\n"

    /// The history, oldest first: the file at docs/CONDUCT.md (tag v1.0), a README-only commit,
    /// an editorial change, a binary save, a substantive change (tag v1.1), a move to
    /// CODE_OF_CONDUCT.md with no change of text, and a substantive change there (tag v2.0).
    struct History {
        let directory: TemporaryDirectory
        let path: String
        let commits: [String: String]

        init() throws {
            directory = try TemporaryDirectory()
            let (path, git) = try directory.gitRepository("project")
            self.path = path
            var commits: [String: String] = [:]
            func commit(_ name: String, _ file: String, _ bytes: [UInt8], tag: String? = nil) throws {
                let url = URL(fileURLWithPath: path).appendingPathComponent(file)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
                _ = try git(["add", "-A"])
                _ = try git(["commit", "-q", "-m", name])
                commits[name] = try git(["rev-parse", "HEAD"])
                if let tag { _ = try git(["tag", tag]) }
            }
            try commit("first", "docs/CONDUCT.md", Array(ImportHistoryTests.first.utf8), tag: "v1.0")
            try commit("readme", "README.md", Array("A project.\n".utf8))
            try commit("editorial", "docs/CONDUCT.md", Array(ImportHistoryTests.second.utf8))
            try commit("binary", "docs/CONDUCT.md", Array(ImportHistoryTests.second.utf8) + [0, 1, 2])
            try commit("substantive", "docs/CONDUCT.md", Array(ImportHistoryTests.fourth.utf8), tag: "v1.1")
            _ = try git(["mv", "docs/CONDUCT.md", "CODE_OF_CONDUCT.md"])
            _ = try git(["commit", "-q", "-m", "move"])
            commits["move"] = try git(["rev-parse", "HEAD"])
            try commit("renamed", "CODE_OF_CONDUCT.md", Array(ImportHistoryTests.sixth.utf8), tag: "v2.0")
            self.commits = commits
        }

        func request(strict: Bool = false) -> ImportRequest {
            ImportRequest(repository: path, path: "CODE_OF_CONDUCT.md", strict: strict)
        }

        func importInto(_ store: String, strict: Bool = false) throws -> ImportReport {
            try Store.importHistory(request(strict: strict), store: store, environment: [:], currentDirectory: directory.url.path)
        }
    }

    @Test func everyReadableChangeBecomesARevisionWithItsVersionAndPath() throws {
        let history = try History()
        let storePath = history.directory.path("store.git")
        let report = try history.importInto(storePath)
        let c = history.commits

        #expect(report.created)
        #expect(report.versioning == .tags)
        #expect(report.tip.hex == c["renamed"])
        #expect(report.revisions.map(\.source.hex) == [c["first"], c["editorial"], c["substantive"], c["renamed"]].compactMap { $0 })
        #expect(report.revisions.map(\.change) == ["initial", "editorial", "substantive", "substantive"])
        #expect(report.revisions.map { $0.revision.version?.label ?? "-" } == ["v1.0", "-", "v1.1", "v2.0"])
        #expect(report.revisions.map(\.path) == ["docs/CONDUCT.md", "docs/CONDUCT.md", "docs/CONDUCT.md", "CODE_OF_CONDUCT.md"])

        // The move is followed, and changes nothing of the text.
        #expect(report.renames.map { "\($0.commit.hex) \($0.from) -> \($0.to)" } == ["\(c["move"] ?? "") docs/CONDUCT.md -> CODE_OF_CONDUCT.md"])
        #expect(!report.revisions.contains { $0.source.hex == c["move"] }, "the move is no revision of its own")

        // The binary save is skipped, named, and the next change is read against the one before it.
        #expect(report.skipped.map(\.commit.hex) == [c["binary"]].compactMap { $0 })
        #expect(report.skipped.map(\.path) == ["docs/CONDUCT.md"])
        guard case .binary = report.skipped.first?.problem else {
            Issue.record("the binary save's problem: \(String(describing: report.skipped.first?.problem))")
            return
        }

        // The store holds the revisions on main, with version tags, and ids that follow the clauses.
        let store = try Store.open(at: storePath)
        let log = try store.history()
        #expect(log.map(\.commit.hex) == report.revisions.map(\.revision.commit.hex))
        #expect(try store.resolve("v1.1").commit.hex == report.revisions[2].revision.commit.hex)
        #expect(try StoreFixture.clauseIDs(store, "v1.0") == ["scope", "safety", "reporting"])
        #expect(try StoreFixture.clauseIDs(store, "main") == ["scope", "safety", "reporting", "training"],
                "the renamed heading keeps its id; the new clause gets one")
        #expect(report.clauses == 4)
    }

    @Test func importingAgainWritesNothing() throws {
        let history = try History()
        let storePath = history.directory.path("store.git")
        let first = try history.importInto(storePath)
        let again = try history.importInto(storePath)
        #expect(!again.created)
        #expect(again.revisions.isEmpty)
        #expect(again.alreadyImported == first.revisions.count + first.skipped.count,
                "every change of the file up to the last one imported counts, the skipped one too")
        #expect(again.skipped.isEmpty, "a change skipped before is not listed again")
        #expect(try Store.open(at: storePath).history().count == first.revisions.count)
    }

    @Test func aStrictImportStopsAtTheUnreadableChangeAndWritesNothing() throws {
        let history = try History()
        let storePath = history.directory.path("store.git")
        #expect(throws: ConductError.self) { try history.importInto(storePath, strict: true) }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: storePath)) ?? []
        #expect(left.isEmpty, "no store is left behind: \(left)")
    }
}

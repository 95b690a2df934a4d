import Foundation
import Testing

/// `conduct import` on histories as projects have them: a revision that is no text does not stop
/// the others, and versions come from tags on release commits that left the file alone.
@Suite("Import of real histories")
struct ImportRealHistoryTests {
    /// A git repository built commit by commit with the git CLI.
    struct Repository {
        let directory: TemporaryDirectory
        let path: String

        init() throws {
            directory = try TemporaryDirectory()
            path = directory.path("repo")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try git(["init", "-q", "-b", "main"])
            try git(["config", "user.name", "Maintainer"])
            try git(["config", "user.email", "maintainer@example.org"])
        }

        @discardableResult
        func git(_ arguments: [String]) throws -> String {
            let result = try CLI.git(["-C", path] + arguments)
            try #require(result.status == 0, "git \(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Commits `bytes` as `file` (default: the code of conduct); returns the commit id.
        @discardableResult
        func commit(_ bytes: [UInt8], file: String = "CODE_OF_CONDUCT.md", message: String) throws -> String {
            try #require(FileManager.default.createFile(atPath: path + "/" + file, contents: Data(bytes)))
            try git(["add", "-A"])
            try git(["commit", "-q", "-m", message])
            return try git(["rev-parse", "HEAD"])
        }

        @discardableResult
        func commit(_ text: String, file: String = "CODE_OF_CONDUCT.md", message: String) throws -> String {
            try commit(Array(text.utf8), file: file, message: message)
        }
    }

    static func ids(_ store: String, _ revision: String) throws -> [String] {
        let result = try CLI.conduct(["outline", revision, "--store", store, "--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        return (try CLI.json(result.stdout)["clauses"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? "" }
    }

    static let first = "# Project Code of Conduct\n\n## Kindness\n\nBe kind to everyone who takes part in the project.\n\n## Scope\n\nThis code applies in every project space.\n"
    /// A NUL byte in the middle: git stores it as a binary file.
    static let binary = Array("# Project Code of Conduct\n\n## Kindness\n\nBe kind".utf8) + [0] + Array(" to everyone.\n".utf8)
    static let third = "# Project Code of Conduct\n\n## Kind words\n\nBe kind to everyone who takes part in the project, always.\n\n## Scope\n\nThis code applies in every project space.\n"
    /// A Latin-1 byte (0xE9, é) where UTF-8 is expected, at offset 33.
    static let latin1 = Array("# Project Code of Conduct\n\n## Caf".utf8) + [0xE9] + Array("\n\nNo UTF-8 here.\n".utf8)
    static let fifth = "# Project Code of Conduct\n\n## Kind words\n\nBe kind to everyone who takes part in the project, always.\n\n## Scope\n\nThis code applies in every project space and in public.\n\n## Reporting\n\nWrite to conduct@example.org.\n"

    /// Five changes; the second holds a NUL byte and the fourth is not UTF-8.
    static func unreadableHistory() throws -> (Repository, [String]) {
        let repo = try Repository()
        let commits = [
            try repo.commit(first, message: "Add a code of conduct"),
            try repo.commit(binary, message: "Save from a word processor"),
            try repo.commit(third, message: "Kind words"),
            try repo.commit(latin1, message: "Save as Latin-1"),
            try repo.commit(fifth, message: "Say where to report"),
        ]
        return (repo, commits)
    }

    @Test func unreadableRevisionsAreSkippedAndListedAndTheRestImported() throws {
        let (repo, commits) = try Self.unreadableHistory()
        let store = repo.directory.path("store.git")
        let arguments = ["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", store]
        let result = try CLI.conduct(arguments + ["--format", "json"])
        #expect(result.status == 1, "written, but not every change: exit 1 (\(result.stderr))")
        let validation = try CLI.validate(result.stdout, schema: "import")
        #expect(validation.status == 0, "\(validation.stderr)")
        let report = try CLI.json(result.stdout)
        let revisions = try #require(report["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["source"] as? String ?? "" } == [commits[0], commits[2], commits[4]])
        #expect(revisions.map { $0["change"] as? String ?? "" } == ["initial", "substantive", "substantive"])
        let skipped = try #require(report["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["commit"] as? String ?? "" } == [commits[1], commits[3]])
        #expect(skipped.map { $0["path"] as? String ?? "" } == ["CODE_OF_CONDUCT.md", "CODE_OF_CONDUCT.md"])
        let reasons = skipped.map { $0["reason"] as? String ?? "" }
        #expect(reasons.first?.contains("NUL") == true, "\(reasons)")
        #expect(reasons.last?.contains("not valid UTF-8") == true && reasons.last?.contains("offset 33") == true, "\(reasons)")
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["imported"] as? Int == 3 && summary["skipped"] as? Int == 2)

        // Ids carry over the gaps: each revision was matched against the last one imported.
        #expect(try Self.ids(store, "main~1") == ["kindness", "scope"])
        #expect(try Self.ids(store, "main") == ["kindness", "scope", "reporting"])
        #expect(try CLI.conduct(["show", "--store", store, "--raw"]).stdout.contains("## Kind words {#kindness}"))
        #expect(try CLI.git(["-C", store, "fsck", "--strict"]).status == 0)

        // The text form lists both, with commit and reason, in the same run.
        let text = try CLI.conduct(["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", repo.directory.path("text.git")])
        #expect(text.status == 1)
        #expect(text.stdout.contains("Imported 3 revisions"), "\(text.stdout)")
        #expect(text.stdout.contains("Skipped 2 changes"))
        #expect(text.stdout.contains("\(commits[1].prefix(12))  CODE_OF_CONDUCT.md: it is a binary file (it contains NUL bytes)"), "\(text.stdout)")
        #expect(text.stdout.contains("\(commits[3].prefix(12))  CODE_OF_CONDUCT.md: it is not valid UTF-8 (first bad byte at offset 33)"), "\(text.stdout)")
        #expect(text.stdout.contains("2 changes skipped"))

        // Importing again: the skipped changes lie before the last one imported; nothing to do, exit 0.
        let again = try CLI.conduct(arguments)
        #expect(again.status == 0, "\(again.stdout) \(again.stderr)")
        #expect(again.stdout.contains("Nothing to import"))
    }

    @Test func strictStopsAtTheFirstUnreadableRevisionAndWritesNothing() throws {
        let (repo, commits) = try Self.unreadableHistory()
        let store = repo.directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", store, "--strict"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("CODE_OF_CONDUCT.md at commit \(commits[1].prefix(12))"), "\(result.stderr)")
        #expect(result.stderr.contains("NUL bytes"))
        #expect(!result.stderr.contains(String(commits[3].prefix(12))), "it stops at the first")
        #expect(result.stderr.contains("without --strict") && result.stderr.contains("--since \(commits[1].prefix(12))"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func aNewestRevisionThatIsUnreadableIsListedOnEveryImport() throws {
        let repo = try Repository()
        let good = try repo.commit(Self.first, message: "Add a code of conduct")
        let bad = try repo.commit(Self.binary, message: "Oops")
        let store = repo.directory.path("store.git")
        let arguments = ["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", store, "--format", "json"]
        let result = try CLI.conduct(arguments)
        #expect(result.status == 1)
        #expect((try CLI.json(result.stdout)["summary"] as? [String: Any])?["last"] as? String == good)
        let before = snapshot(store)
        let again = try CLI.conduct(arguments)
        #expect(again.status == 1, "still not imported, still said")
        #expect(try CLI.validate(again.stdout, schema: "import").status == 0)
        #expect((try CLI.json(again.stdout)["skipped"] as? [[String: Any]])?.map { $0["commit"] as? String ?? "" } == [bad])
        #expect(snapshot(store) == before)
    }

    @Test func aHistoryWithNoReadableRevisionIsRefused() throws {
        let repo = try Repository()
        let one = try repo.commit(Self.binary, message: "Binary")
        let two = try repo.commit(Self.latin1, message: "Latin-1")
        let store = repo.directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", store])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nothing was imported"), "\(result.stderr)")
        #expect(result.stderr.contains("commit \(one.prefix(12))") && result.stderr.contains("commit \(two.prefix(12))"))
        #expect(result.stderr.contains("NUL") && result.stderr.contains("UTF-8"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    /// Releases tagged after the last change of the file: a tag names the newest change at or
    /// before its commit; of two naming one change, the later one is its version.
    @Test func versionsComeFromTagsOnLaterCommits() throws {
        let repo = try Repository()
        let one = try repo.commit(Self.first, message: "Add a code of conduct")
        try repo.commit("A project.\n", file: "README.md", message: "Release 1.0")
        try repo.git(["tag", "-a", "1.0", "-m", "Release 1.0"])
        let two = try repo.commit(Self.third, message: "Kind words")
        let three = try repo.commit(Self.fifth, message: "Say where to report")
        try repo.commit("A project, released.\n", file: "README.md", message: "Release 2.0")
        let release2 = try repo.git(["rev-parse", "HEAD"])
        try repo.git(["tag", "2.0"])
        try repo.commit("A project, released again.\n", file: "README.md", message: "Release 2.1")
        try repo.git(["tag", "-a", "v2.1", "-m", "Release 2.1"])

        let store = repo.directory.path("store.git")
        let arguments = ["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", store]
        let result = try CLI.conduct(arguments + ["--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(try CLI.validate(result.stdout, schema: "import").status == 0)
        let report = try CLI.json(result.stdout)
        #expect(report["versions"] as? String == "tags")
        let revisions = try #require(report["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["source"] as? String ?? "" } == [one, two, three])
        #expect(revisions.map { $0["version"] as? String ?? "-" } == ["1.0", "-", "2.1"])
        let unused = try #require(report["unusedTags"] as? [[String: Any]])
        #expect(unused.count == 1)
        #expect(unused.first?["tag"] as? String == "2.0")
        #expect(unused.first?["commit"] as? String == release2)
        #expect(unused.first?["change"] as? String == three)
        #expect((unused.first?["reason"] as? String)?.contains("v2.1, on a later commit") == true, "\(unused)")
        #expect(try CLI.git(["-C", store, "rev-parse", "v2.1^{commit}"]).stdout == (try CLI.git(["-C", store, "rev-parse", "main"])).stdout)
        #expect(try CLI.git(["-C", store, "log", "-1", "--format=%B", "v1.0"]).stdout.contains("Conduct-Imported-From: \(one)"))

        // The text form says which text a tag on a release commit names.
        let text = try CLI.conduct(["import", "--from-git", repo.path, "--path", "CODE_OF_CONDUCT.md", "--store", repo.directory.path("text.git")])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Versions from tags: v1.0, v2.1"), "\(text.stdout)")
        #expect(text.stdout.contains("Tag 2.0 on \(release2.prefix(12)) (naming the text of \(three.prefix(12))) gave no version"), "\(text.stdout)")

        // A release tagged after the import names a revision imported before: listed, nothing written.
        try repo.commit("A project, released a third time.\n", file: "README.md", message: "Release 2.2")
        try repo.git(["tag", "2.2"])
        let before = snapshot(store)
        let again = try CLI.conduct(arguments + ["--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try CLI.validate(again.stdout, schema: "import").status == 0)
        let later = (try CLI.json(again.stdout)["unusedTags"] as? [[String: Any]]) ?? []
        #expect(later.map { $0["tag"] as? String ?? "" } == ["2.2"], "\(later)")
        #expect((later.first?["reason"] as? String)?.contains("imported before") == true)
        #expect(snapshot(store) == before)

        // The next adoption counts on from the newest version.
        let next = try CLI.conduct(["show", "--store", store, "--raw"]).stdout + "\n## Appeals\n\nDecisions can be appealed.\n"
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", try repo.directory.write("next.md", next)])
        #expect(adopted.stdout.contains("Adopted v2.2"), "\(adopted.stdout) \(adopted.stderr)")
    }
}

import Foundation
import Testing

/// `init`, `adopt`, `log`, `show` and `outline` on the Corpus, run as a user runs them.
@Suite("Store commands end to end")
struct StoreCommandTests {
    static let dates = ["v0.1": "2023-09-07", "v1.0": "2023-10-30", "v1.1": "2024-03-14", "v1.2": "2025-02-07"]

    /// A store holding the Corpus revisions v0.1 → v1.2.
    static func corpusStore(in directory: TemporaryDirectory) throws -> String {
        let store = directory.path("code.git")
        let first = try CLI.conduct(["init", store, "--from", CLI.corpus.appendingPathComponent("v0.1.md").path,
                                     "--version", "0.1", "--date", "2023-09-07", "--message", "Discussion draft"])
        try #require(first.status == 0, "\(first.stderr)")
        for version in ["v1.0", "v1.1", "v1.2"] {
            var arguments = ["adopt", "--store", store, "--from", CLI.corpus.appendingPathComponent("\(version).md").path,
                             "--date", dates[version] ?? ""]
            if version == "v1.0" { arguments += ["--version", "1.0"] }
            let result = try CLI.conduct(arguments)
            try #require(result.status == 0, "\(result.stderr)")
        }
        return store
    }

    @Test func logTellsTheCorpusStory() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let result = try CLI.conduct(["log", "--store", store, "--format", "json"])
        #expect(result.status == 0)
        let validation = try CLI.validate(result.stdout, schema: "log")
        #expect(validation.status == 0, "\(validation.stderr)")

        let revisions = try #require(try CLI.json(result.stdout)["revisions"] as? [[String: Any]])
        #expect(revisions.compactMap { $0["version"] as? String } == ["1.2", "1.1", "1.0", "0.1"])
        #expect(revisions.map { ($0["date"] as? String)?.prefix(10) } == ["2025-02-07", "2024-03-14", "2023-10-30", "2023-09-07"])
        #expect((revisions[0]["author"] as? [String: String])?["name"] == "Test Secretariat")

        let v12 = try #require(revisions[0]["clauses"] as? [[String: Any]])
        #expect(v12.map { $0["clause"] as? String } == ["transparency", "trustworthy-use"])
        #expect(v12.map { $0["change"] as? String } == ["changed", "added"])
        #expect(v12.map { $0["kind"] as? String } == ["substantive", "substantive"])
        #expect(v12.first?["details"] as? [String] == ["reworded"])
        #expect(revisions[0]["change"] as? String == "substantive")

        let v11 = try #require(revisions[1]["clauses"] as? [[String: Any]])
        #expect(!v11.isEmpty)
        #expect(v11.allSatisfy { $0["kind"] as? String == "editorial" && $0["change"] as? String == "changed" })
        #expect(revisions[1]["change"] as? String == "editorial")

        let limited = try CLI.conduct(["log", "--store", store, "--limit", "1"])
        #expect(limited.stdout.contains("v1.2") && !limited.stdout.contains("v1.1"))
        #expect(limited.stdout.contains("trustworthy-use"))
    }

    @Test func theSummaryCacheNeverChangesWhatLogSays() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        // adopt filled the cache; log computed from scratch must say exactly the same.
        let cache = URL(fileURLWithPath: store).appendingPathComponent("conduct-cache")
        #expect(FileManager.default.fileExists(atPath: cache.path))
        let cached = try CLI.conduct(["log", "--store", store, "--format", "json"])
        try FileManager.default.removeItem(at: cache)
        let computed = try CLI.conduct(["log", "--store", store, "--format", "json"])
        #expect(computed.stdoutBytes == cached.stdoutBytes)
        // A damaged cache line is ignored, not believed.
        let file = cache.appendingPathComponent("summaries-v5")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "not a summary line\n" + String(repeating: "0", count: 40) + " " + String(repeating: "f", count: 40) + " x|bogus|y||\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try CLI.conduct(["log", "--store", store, "--format", "json"]).stdoutBytes == cached.stdoutBytes)
        // A cache of an earlier rule is never believed, and goes once the new one is written.
        let earlier = cache.appendingPathComponent("summaries-v4")
        try FileManager.default.moveItem(at: file, to: earlier)
        #expect(try CLI.conduct(["log", "--store", store, "--format", "json"]).stdoutBytes == cached.stdoutBytes)
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: earlier.path))
    }

    @Test func gitItselfAcceptsTheStore() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let fsck = try CLI.git(["-C", store, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.stderr)")
        #expect(!fsck.stderr.contains("error") && !fsck.stdout.contains("error"))

        let log = try CLI.git(["-C", store, "log", "main", "--format=%s|%(trailers:key=Conduct-Version,valueonly,separator=)|%(trailers:key=Conduct-Change,valueonly,separator=)"])
        #expect(log.stdout.split(separator: "\n") == [
            "Adopt v1.2|1.2|substantive", "Adopt v1.1|1.1|editorial", "Adopt v1.0|1.0|substantive", "Discussion draft|0.1|substantive",
        ])
        let shown = try CLI.git(["-C", store, "show", "v1.0:CODE_OF_CONDUCT.md"])
        #expect(shown.stdoutBytes == (try Data(contentsOf: CLI.corpus.appendingPathComponent("v1.0.md"))))
        let tag = try CLI.git(["-C", store, "cat-file", "-t", "v1.1"])
        #expect(tag.stdout == "tag\n")
        let reflog = try CLI.git(["-C", store, "reflog", "show", "--format=%gs", "refs/heads/main"])
        #expect(reflog.stdout.split(separator: "\n").count == 4)
        let head = try CLI.git(["-C", store, "symbolic-ref", "HEAD"])
        #expect(head.stdout == "refs/heads/main\n")
    }

    @Test func showAndOutlineResolveEveryRevisionSpelling() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let v11 = try Data(contentsOf: CLI.corpus.appendingPathComponent("v1.1.md"))
        let commit = try CLI.git(["-C", store, "rev-parse", "v1.1^{commit}"]).stdout.prefix(10)
        for spec in ["v1.1", "1.1", "main~1", String(commit)] {
            let raw = try CLI.conduct(["show", "--store", store, spec, "--raw"])
            #expect(raw.status == 0, "\(spec): \(raw.stderr)")
            #expect(raw.stdoutBytes == v11, "\(spec)")
        }
        let main = try CLI.conduct(["show", "--store", store, "main", "--raw"])
        #expect(main.stdoutBytes == (try Data(contentsOf: CLI.corpus.appendingPathComponent("v1.2.md"))))

        let canonical = try CLI.conduct(["show", "--store", store])
        #expect(canonical.stdout.hasPrefix("# International Code of Conduct"))
        #expect(canonical.stdout.contains("## 12. Promote the trustworthy and responsible use of advanced AI {#trustworthy-use}"))

        let clause = try CLI.conduct(["show", "--store", store, "v1.2", "--clause", "lifecycle-risks"])
        #expect(clause.stdout.hasPrefix("## 1. Identify, evaluate and mitigate risks"))
        #expect(clause.stdout.contains("{#red-teaming}"), "a clause is shown with the clauses under it")
        #expect(!clause.stdout.contains("{#post-deployment-monitoring}"))
        let rawClause = try CLI.conduct(["show", "--store", store, "v1.2", "--clause", "transparency", "--raw"])
        #expect(rawClause.stdout.contains("12 months"))

        let outline = try CLI.conduct(["outline", "--store", store, "v1.0", "--format", "json"])
        let validation = try CLI.validate(outline.stdout, schema: "outline")
        #expect(validation.status == 0, "\(validation.stderr)")
        let tree = try CLI.json(outline.stdout)
        #expect(tree["version"] as? String == "1.0")
        let clauses = try #require(tree["clauses"] as? [[String: Any]])
        #expect(clauses.compactMap { $0["id"] as? String }.first == "scope")
        let risks = try #require(clauses.first { $0["id"] as? String == "lifecycle-risks" })
        #expect(risks["number"] as? String == "1.")
        #expect((risks["children"] as? [[String: Any]])?.first?["id"] as? String == "red-teaming")

        let text = try CLI.conduct(["outline", "--store", store])
        #expect(text.stdout.contains("  1.1 Red-teaming  {#red-teaming}"))
    }

    @Test func storeIsFoundFromTheEnvironmentAndTheCurrentDirectory() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let fromEnvironment = try CLI.conduct(["log", "--limit", "1"], environment: ["CONDUCT_STORE": store])
        #expect(fromEnvironment.status == 0 && fromEnvironment.stdout.contains("v1.2"))
        let fromDirectory = try CLI.conduct(["outline"], in: URL(fileURLWithPath: store).appendingPathComponent("refs"))
        #expect(fromDirectory.status == 0 && fromDirectory.stdout.contains("{#trustworthy-use}"), "\(fromDirectory.stderr)")
    }

    @Test func adoptMatchesHeadingsThatLostTheirIDs() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        var text = try String(contentsOf: CLI.corpus.appendingPathComponent("v1.2.md"), encoding: .utf8)
        text = text.replacingOccurrences(of: " {#transparency}", with: "")   // same heading: keeps its id
        text = text.replacingOccurrences(of: "## Review of this code {#review}", with: "## Revising this code")  // same body
        text += "\n## 13. Report on how the code is applied\n\nSignatories report every year.\n"
        let file = try directory.write("next.md", text)
        let result = try CLI.conduct(["adopt", "--store", store, "--from", file, "--message", "Add reporting"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Adopted v1.3"))
        #expect(result.stdout.contains("{#transparency}  (same heading as before)"))
        #expect(result.stdout.contains("{#review}  (same text as before)"))
        #expect(result.stdout.contains("{#report-on-how-the-code-is-applied}  (new)"))

        let stored = try CLI.conduct(["show", "--store", store, "--raw"]).stdout
        #expect(stored.contains("Publish transparency reports") && stored.contains("{#transparency}"))
        #expect(stored.contains("## Revising this code {#review}"))
        let log = try CLI.json(try CLI.conduct(["log", "--store", store, "--format", "json", "--limit", "1"]).stdout)
        let changes = try #require((log["revisions"] as? [[String: Any]])?.first?["clauses"] as? [[String: Any]])
        #expect(changes.map { $0["clause"] as? String } == ["review", "report-on-how-the-code-is-applied"])
        #expect(changes.map { $0["change"] as? String } == ["changed", "added"])
        #expect(changes.first?["details"] as? [String] == ["renamed"])
    }

    @Test func logFollowsAClauseWhoseIDChanged() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        // The same clause under a new id: the diff engine, not the id, tells it is the same clause.
        let text = try String(contentsOf: CLI.corpus.appendingPathComponent("v1.2.md"), encoding: .utf8)
            .replacingOccurrences(of: "{#review}", with: "{#code-review}")
        let file = try directory.write("renamed.md", text)
        #expect(try CLI.conduct(["adopt", "--store", store, "--from", file]).status == 0)
        let log = try CLI.json(try CLI.conduct(["log", "--store", store, "--format", "json", "--limit", "1"]).stdout)
        let changes = try #require((log["revisions"] as? [[String: Any]])?.first?["clauses"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["clause"] as? String == "code-review")
        #expect(changes.first?["was"] as? String == "review")
        #expect(changes.first?["kind"] as? String == "editorial")
    }

    @Test func initGivesIDsAndKeepsAChosenDocumentName() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("coc.md", "# Project Code of Conduct\n\n## Our Pledge\n\nWe pledge.\n\n## Enforcement ##\n\nReport to the team.\n")
        let store = directory.path("project")
        let result = try CLI.conduct(["init", store, "--from", file, "--document-name", "CODE.md"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("v1.0"))
        let shown = try CLI.git(["-C", store, "show", "v1.0:CODE.md"])
        #expect(shown.stdout == "# Project Code of Conduct\n\n## Our Pledge {#our-pledge}\n\nWe pledge.\n\n## Enforcement {#enforcement}\n\nReport to the team.\n")
        // A plain clone carries no local config: the document is still found.
        let clone = directory.path("clone.git")
        #expect(try CLI.git(["clone", "--quiet", "--mirror", store, clone]).status == 0)
        let outline = try CLI.conduct(["outline", "--store", clone])
        #expect(outline.status == 0, "\(outline.stderr)")
        #expect(outline.stdout.contains("{#enforcement}"))
    }
}

import Foundation
import Testing

/// `diff --files` on ordinary files without `{#id}`s, as a pull request holds them, and a heading
/// level change reported as the change of structure it is.
@Suite("Diff of files without ids")
struct DiffFilesTests {
    static let old = """
        # Contributor Code of Conduct

        We want a friendly, safe and welcoming community.

        ## Our pledge

        We pledge to make participation in our project a harassment-free experience for everyone.

        ## Our standards

        Examples of behaviour that contributes to a positive environment include using welcoming language.

        ## Scope

        This code applies within all project spaces.

        ## Enforcement

        Instances of unacceptable behaviour may be reported to the project team.

        ## Attribution

        This code is adapted from the Contributor Covenant.

        """

    /// The pledge reworded, Scope one level down (under Our standards), Attribution removed, Reporting added.
    static let new = """
        # Contributor Code of Conduct

        We want a friendly, safe and welcoming community.

        ## Our pledge

        We pledge to make participation in our community a harassment-free experience for everyone, whoever they are.

        ## Our standards

        Examples of behaviour that contributes to a positive environment include using welcoming language.

        ### Scope

        This code applies within all project spaces.

        ## Enforcement

        Instances of unacceptable behaviour may be reported to the project team.

        ## Reporting

        Write to conduct@example.org; every report is answered within a week.

        """

    struct Files {
        let directory: TemporaryDirectory
        let old: String
        let new: String

        init(old oldText: String = DiffFilesTests.old, new newText: String = DiffFilesTests.new) throws {
            directory = try TemporaryDirectory()
            old = try directory.write("old.md", oldText)
            new = try directory.write("new.md", newText)
        }

        func diff(_ extra: [String]) throws -> CLI.Result {
            try CLI.conduct(["diff", "--files", old, new] + extra, in: directory.url)
        }
    }

    @Test func theRedlineNamesClausesByTheirHeadings() throws {
        let files = try Files()
        let result = try files.diff([])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("{#"), "\(result.stdout)")
        #expect(result.stdout.contains("4 clauses changed (4 substantive, 0 editorial)"), "\(result.stdout)")
        #expect(result.stdout.contains("[substantive] Our pledge  reworded\n"))
        #expect(result.stdout.contains("[substantive] Scope  restructured (heading level ## → ###)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("[substantive] Attribution  removed\n"))
        #expect(result.stdout.contains("[substantive] Reporting  added\n"))
        #expect(result.stdout.contains("[-project -]{+community +}"), "\(result.stdout)")
    }

    @Test func everyStatRowNamesItsClause() throws {
        let files = try Files()
        let result = try files.diff(["--stat"])
        try #require(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        try #require(rows.count == 5, "\(rows)")
        for row in rows.dropLast() {
            #expect(row.first.map { !$0.isWhitespace } == true, "a row without a name: '\(row)'")
        }
        #expect(rows[0].hasPrefix("Our pledge ") && rows[0].contains("reworded") && rows[0].contains("substantive"))
        #expect(rows[1].hasPrefix("Scope ") && rows[1].contains("restructured (heading level ## → ###)") && rows[1].contains("substantive"), "\(rows)")
        #expect(rows[2].hasPrefix("Reporting ") && rows[2].contains("added") && rows[2].hasSuffix("+12 -0"))
        #expect(rows[3].hasPrefix("Attribution ") && rows[3].contains("removed") && rows[3].hasSuffix("+0 -8"))
        #expect(rows[4] == "4 clauses changed, 16 words inserted, 9 deleted", "\(rows[4])")
    }

    @Test func theMarkdownSummaryHasNoEmptyCodeSpans() throws {
        let files = try Files()
        let result = try files.diff(["--format", "markdown"])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("{#"), "\(result.stdout)")
        #expect(!result.stdout.contains("``"), "\(result.stdout)")
        #expect(!result.stdout.contains("()"))
        #expect(result.stdout.contains("- Reworded: Our pledge — "), "\(result.stdout)")
        #expect(result.stdout.contains("- Restructured (heading level ## → ###): Scope\n"), "\(result.stdout)")
        #expect(result.stdout.contains("- Removed: Attribution\n") && result.stdout.contains("- Added: Reporting\n"))
    }

    @Test func theJSONNamesClausesBySlugAndSaysRestructured() throws {
        let files = try Files()
        let result = try files.diff(["--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        let validation = try CLI.validate(result.stdout, schema: "diff")
        #expect(validation.status == 0, "\(validation.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let clauses = try #require(object["clauses"] as? [[String: Any]])
        let sides = clauses.map { ($0["new"] ?? $0["old"]) as? [String: Any] ?? [:] }
        #expect(sides.map { $0["slug"] as? String ?? "" } == ["our-pledge", "scope", "reporting", "attribution"], "a removed clause last, where it stood")
        #expect(sides.allSatisfy { $0["id"] == nil }, "no empty ids: \(sides)")
        let scope = try #require(clauses.first { (($0["new"] as? [String: Any])?["slug"] as? String) == "scope" })
        #expect(scope["changes"] as? [String] == ["restructured"])
        #expect(scope["significance"] as? String == "substantive")
        #expect((scope["old"] as? [String: Any])?["level"] as? Int == 2 && (scope["new"] as? [String: Any])?["level"] as? Int == 3)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["restructured"] as? Int == 1 && summary["substantive"] as? Int == 4)

        let one = try files.diff(["--format", "json", "--clause", "scope"])
        #expect(try CLI.validate(one.stdout, schema: "diff").status == 0)
        let only = (try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])?["clauses"] as? [[String: Any]]
        #expect(only?.count == 1)
    }

    @Test func clauseTakesASlugOrAHeadingAndItsHintNamesACommandThatExists() throws {
        let files = try Files()
        for name in ["scope", "Scope", "our-pledge", "Our pledge", "attribution"] {
            let result = try files.diff(["--clause", name])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.contains("1 clause changed"), "\(name): \(result.stdout)")
        }
        #expect(try files.diff(["--clause", "scope"]).stdout.contains("[substantive] Scope  restructured"))
        // A clause that did not change is known, and shows nothing.
        let unchanged = try files.diff(["--clause", "our-standards"])
        #expect(unchanged.status == 0 && unchanged.stdout.contains("0 clauses changed"), "\(unchanged.stdout) \(unchanged.stderr)")

        let unknown = try files.diff(["--clause", "nowhere"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no clause 'nowhere'"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("our-pledge") && unknown.stderr.contains("scope"))
        // The command the hint names runs.
        let hint = try #require(unknown.stderr.split(separator: "'").first { $0.hasPrefix("conduct ") }, "\(unknown.stderr)")
        let words = hint.split(separator: " ").dropFirst().map(String.init)
        #expect(words.first == "diff" && words.contains("--stat"), "\(hint)")
        let listed = try CLI.conduct(words, in: files.directory.url)
        #expect(listed.status == 0, "\(hint): \(listed.stderr)")
        #expect(listed.stdout.contains("Scope"))
    }

    @Test func aHeadingLevelChangeAloneIsAChangeNeverAnEmptyOne() throws {
        let files = try Files(old: "# Code\n\n## Scope\n\nEverywhere.\n", new: "# Code\n\n### Scope\n\nEverywhere.\n")
        let text = try files.diff([])
        #expect(text.stdout.contains("1 clause changed (1 substantive, 0 editorial)"), "\(text.stdout)")
        #expect(text.stdout.contains("[substantive] Scope  restructured (heading level ## → ###)"))
        let stat = try files.diff(["--stat"])
        #expect(stat.stdout.hasPrefix("Scope  restructured (heading level ## → ###)  substantive"), "\(stat.stdout)")
        let markdown = try files.diff(["--format", "markdown"])
        #expect(markdown.stdout.contains("1 substantive and 0 editorial change"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("- Restructured (heading level ## → ###): Scope"))
        let json = try files.diff(["--format", "json", "--substantive-only"])
        #expect(try CLI.validate(json.stdout, schema: "diff").status == 0)
        #expect(json.stdout.contains("\"restructured\""))
        #expect(json.stdout.contains("\"significance\" : \"substantive\""), "\(json.stdout)")
    }

    /// In a store the same rule holds: log, adopt and status judge a level change substantive,
    /// so an attestation of the clause goes stale, while the fingerprints it signed stay valid.
    @Test func inAStoreALevelChangeIsSubstantiveAndMakesAnAttestationStale() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("code.git")
        let v1 = "# Code\n\n## Conduct {#conduct}\n\nBe kind.\n\n## Scope {#scope}\n\nEverywhere.\n"
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("v1.md", v1), "--version", "1.0",
                                      "--date", "2024-01-01"]).status == 0)
        let key = try AttestationTests.register("acme", in: directory, store: store, date: "2024-01-02")
        try AttestationTests.attest("acme", key: key, store: store, ["--clauses", "scope", "--date", "2024-01-03"])
        let v2 = v1.replacingOccurrences(of: "## Scope", with: "### Scope")
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", try directory.write("v2.md", v2), "--date", "2024-01-04"])
        try #require(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("Adopted v1.1 (commit") && adopted.stdout.contains("substantive"), "\(adopted.stdout)")
        #expect(try CLI.git(["-C", store, "log", "-1", "--format=%B", "main"]).stdout.contains("Conduct-Change: substantive"))
        let log = try CLI.conduct(["log", "--store", store, "--format", "json", "--limit", "1"])
        #expect(try CLI.validate(log.stdout, schema: "log").status == 0)
        #expect(log.stdout.contains("\"restructured\""), "\(log.stdout)")

        let rows = try AttestationTests.status(store)
        #expect(rows["acme"]?["state"] as? String == "stale", "\(rows)")
        #expect(AttestationTests.uncovered(rows["acme"]) == ["changed scope"])
        let verify = try CLI.conduct(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")

        let diff = try CLI.conduct(["diff", "--store", store, "v1.0", "v1.1"])
        #expect(diff.stdout.contains("[substantive] Scope {#scope}  restructured (heading level ## → ###)"), "\(diff.stdout)")
        // An unknown clause's hint names commands that exist.
        let unknown = try CLI.conduct(["diff", "--store", store, "v1.0", "v1.1", "--clause", "nowhere"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'conduct outline v1.0' and 'conduct outline v1.1'"), "\(unknown.stderr)")
        #expect(try CLI.conduct(["outline", "v1.0", "--store", store]).status == 0)
        // So does propose's, for a clause body to replace.
        let body = try directory.write("body.md", "Everywhere, online too.\n")
        let proposing = try CLI.conduct(["propose", "--store", store, "--title", "Wider", "--clause", "nowhere", "--text-file", body])
        #expect(proposing.status == 2 && proposing.stderr.contains("see 'conduct outline main'"), "\(proposing.stderr)")
        #expect(try CLI.conduct(["outline", "main", "--store", store]).status == 0)
        // A heading's text finds a clause that has an id, too.
        #expect(try CLI.conduct(["diff", "--store", store, "v1.0", "v1.1", "--clause", "Scope", "--stat"]).stdout.hasPrefix("scope "))
    }
}

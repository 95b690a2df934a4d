import Foundation
import Testing

/// What a new user trips over first: counts that say "1 clauses", changes that name no clause,
/// a spelling refused, an option's message that points the wrong way.
@Suite("Wording")
struct WordingTests {
    /// A real history read as it is (a plain git repository, headings without `{#id}`): `log`
    /// names every added and removed clause, by its heading where it has no id, in text and JSON.
    @Test func logNamesClausesWithoutIdsByTheirHeadings() throws {
        let directory = try TemporaryDirectory()
        let chain = try #require(RealHistoryTests.chains.first { $0.folder == "django-code-of-conduct/CODE_OF_CONDUCT" })
        let (repo, _, _) = try RealHistoryTests.rebuild(chain, in: directory)

        let text = try CLI.succeed(CLI.conduct(["log", "--store", repo])).stdout
        // Version 8 adds the section on affiliated programs.
        #expect(text.contains(#"added: "Affiliated Programs and Communities""#), "\(text)")
        for line in text.split(separator: "\n") where line.contains("added:") || line.contains("removed:") || line.contains("changed:") {
            #expect(!line.contains(": ,") && !line.contains(", ,") && !line.hasSuffix(": ") && !line.contains(": ;"),
                    "a change that names no clause: \(line)")
        }

        let json = try CLI.succeed(CLI.conduct(["log", "--store", repo, "--format", "json"])).stdout
        let validated = try CLI.validate(json, schema: "log")
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        let revisions = try CLI.json(json)["revisions"] as? [[String: Any]] ?? []
        let changes = revisions.dropLast().flatMap { $0["clauses"] as? [[String: Any]] ?? [] }
        #expect(!changes.isEmpty)
        for change in changes where (change["clause"] as? String) == "" {
            #expect(!((change["heading"] as? String) ?? "").isEmpty, "a clause without an id and without its heading: \(change)")
        }
        #expect(changes.contains { $0["heading"] as? String == "Affiliated Programs and Communities" && $0["change"] as? String == "added" })
    }

    /// One changed clause with one word replaced is "1 clause changed, 1 word inserted".
    @Test func countsOfOneAreSingular() throws {
        let directory = try TemporaryDirectory()
        let old = directory.path("old.md"), new = directory.path("new.md")
        try "# Code\n\n## Scope {#scope}\n\nThis code applies to every project space.\n".write(toFile: old, atomically: true, encoding: .utf8)
        try "# Code\n\n## Scope {#scope}\n\nThis code applies to every community space.\n".write(toFile: new, atomically: true, encoding: .utf8)
        let stat = try CLI.succeed(CLI.conduct(["diff", "--files", old, new, "--stat"])).stdout
        #expect(stat.contains("1 clause changed, 1 word inserted, 1 deleted"), "\(stat)")
        let redline = try CLI.succeed(CLI.conduct(["diff", "--files", old, new])).stdout
        #expect(redline.contains("1 clause changed (1 substantive, 0 editorial)"), "\(redline)")
    }

    /// `--kind organization` (American spelling) registers an organisation; an unknown kind is
    /// still refused with the kinds there are.
    @Test func organizationIsAKind() throws {
        let fixture = try AttestationSecurityTests.Fixture(attest: false)
        try CLI.succeed(fixture.conduct(["signatory", "add", "kestrel", "--name", "Kestrel Research", "--kind", "organization",
                                         "--as", AttestationSecurityTests.secretariat]))
        let shown = try CLI.json(try CLI.succeed(fixture.conduct(["signatory", "show", "kestrel", "--format", "json"])))
        #expect(shown["kind"] as? String == "organisation", "\(shown)")
        let refused = try fixture.conduct(["signatory", "add", "wren", "--name", "Wren", "--kind", "company",
                                           "--as", AttestationSecurityTests.secretariat])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("organisation") && refused.stderr.contains("person"), "\(refused.stderr)")
    }

    /// `show v1.0 --version 2`: the message says that --version is for proposals, not that there
    /// is "no single proposal 'v1.0'".
    @Test func versionOfARevisionSaysItIsForProposals() throws {
        let fixture = try AttestationSecurityTests.Fixture(attest: false)
        let shown = try fixture.conduct(["show", "v1.0", "--version", "2"])
        #expect(shown.status == 64, "\(shown.stderr)")
        #expect(shown.stderr.contains("'v1.0' is an adopted revision") && shown.stderr.contains("--version N picks a version of a proposal"),
                "\(shown.stderr)")
        #expect(!shown.stderr.contains("no single proposal"), "\(shown.stderr)")
        // A name that is neither is still an unknown proposal.
        let unknown = try fixture.conduct(["show", "pnosuch", "--version", "2"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no single proposal 'pnosuch'"), "\(unknown.stderr)")
    }
}

import Foundation
import Testing

/// A text that removes every clause of the code is taken only when the user says so.
@Suite("Removing every clause")
struct RemoveAllTests {
    static let code = """
        # Project Code of Conduct

        We want a welcoming community.

        ## Our pledge {#pledge}

        We pledge to be kind.

        ## Scope {#scope}

        This code applies in every project space.

        ## 3. Enforcement {#enforcement}

        Write to conduct@example.org.

        """

    static func store(in directory: TemporaryDirectory) throws -> String {
        let store = directory.path("code.git")
        let created = try CLI.conduct(["init", store, "--from", try directory.write("code.md", code), "--version", "1.0"])
        try #require(created.status == 0, "\(created.stderr)")
        return store
    }

    /// What a refusal must say: every clause it would remove, how many, and the flag.
    static func expectNamesEveryClause(_ result: CLI.Result, added: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("removes every clause of v1.0"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("all 3 of its clauses"), sourceLocation: sourceLocation)
        #expect(result.stderr.contains("pledge \"Our pledge\", scope \"Scope\", enforcement \"3. Enforcement\""), "\(result.stderr)",
                sourceLocation: sourceLocation)
        #expect(result.stderr.contains(added == 0 ? "puts no clause in their place" : "puts \(added) new clause"), sourceLocation: sourceLocation)
        #expect(result.stderr.contains("nothing was written") && result.stderr.contains("--remove-all"), sourceLocation: sourceLocation)
    }

    @Test func adoptRefusesATextThatRemovesEveryClauseAndTakesItWithTheFlag() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let before = snapshot(store)

        // Only the title and preamble left: every clause gone.
        let empty = try directory.write("empty.md", "# Project Code of Conduct\n\nWe want a welcoming community.\n")
        Self.expectNamesEveryClause(try CLI.conduct(["adopt", "--store", store, "--from", empty]), added: 0)
        #expect(snapshot(store) == before)

        // Another document altogether: its clauses match none of ours.
        let other = try directory.write("other.md", "# Release notes\n\n## Version 4\n\nFaster builds and a new logo.\n")
        Self.expectNamesEveryClause(try CLI.conduct(["adopt", "--store", store, "--from", other]), added: 1)
        #expect(snapshot(store) == before)

        // A text that keeps one clause needs no confirmation.
        let kept = try directory.write("kept.md", "# Project Code of Conduct\n\n## Scope {#scope}\n\nThis code applies in every project space.\n")
        let keeping = try CLI.conduct(["adopt", "--store", store, "--from", kept])
        #expect(keeping.status == 0, "\(keeping.stderr)")
        #expect(keeping.stdout.contains("removed: pledge, enforcement"), "\(keeping.stdout)")

        let confirmed = try CLI.conduct(["adopt", "--store", store, "--from", empty, "--remove-all"])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        #expect(confirmed.stdout.contains("Adopted v1.2") && confirmed.stdout.contains("removed: scope"), "\(confirmed.stdout)")
        #expect(try CLI.conduct(["outline", "--store", store]).stdout.split(separator: "\n").count == 1)

        // A code with no clause left has nothing to lose: the next text needs no flag.
        let refilled = try CLI.conduct(["adopt", "--store", store, "--from", try directory.write("again.md", Self.code)])
        #expect(refilled.status == 0, "\(refilled.stderr)")
    }

    @Test func aProposalThatEmptiesTheCodeIsConfirmedWhenOpenedRevisedAndAdopted() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let empty = try directory.write("empty.md", "# Project Code of Conduct\n\nWe want a welcoming community.\n")
        let before = snapshot(store)
        Self.expectNamesEveryClause(try CLI.conduct(["propose", "--store", store, "--title", "Start over", "--from", empty]), added: 0)
        #expect(snapshot(store) == before)

        // A proposal that keeps a clause, revised into one that keeps none.
        let kept = try directory.write("kept.md", "# Project Code of Conduct\n\n## Scope {#scope}\n\nThis code applies in every project space.\n")
        let opened = try CLI.conduct(["propose", "--store", store, "--title", "Shorter", "--from", kept])
        try #require(opened.status == 0, "\(opened.stderr)")
        let id = String((opened.stdout.split(separator: "\n").first ?? "").split(separator: " ")[1].dropLast())
        let unrevised = snapshot(store)
        Self.expectNamesEveryClause(try CLI.conduct(["revise", id, "--store", store, "--from", empty]), added: 0)
        #expect(snapshot(store) == unrevised)
        let revised = try CLI.conduct(["revise", id, "--store", store, "--from", empty, "--remove-all"])
        #expect(revised.status == 0, "\(revised.stderr)")

        // Whoever adopts it confirms again: the adopter may not be the proposer.
        let unadopted = snapshot(store)
        Self.expectNamesEveryClause(try CLI.conduct(["adopt", id, "--store", store]), added: 0)
        #expect(snapshot(store) == unadopted)
        let adopted = try CLI.conduct(["adopt", id, "--store", store, "--remove-all"])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("Adopted v1.1"), "\(adopted.stdout)")
    }
}

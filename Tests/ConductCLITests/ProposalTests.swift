import Foundation
import Testing

/// Amendment proposals end to end: propose, revise, adopt (merging), withdraw, reject, reopen.
@Suite("Proposals end to end")
struct ProposalTests {
    static func corpus(_ version: String) -> String { CLI.corpus.appendingPathComponent("\(version).md").path }

    /// A store whose first revision is the Corpus v1.0.
    static func store(in directory: TemporaryDirectory) throws -> String {
        let store = directory.path("code.git")
        try #require(try CLI.conduct(["init", store, "--from", corpus("v1.0"), "--date", "2023-10-30"]).status == 0)
        return store
    }

    /// Runs `propose` and returns the new proposal's id.
    static func propose(_ store: String, _ arguments: [String]) throws -> String {
        let result = try CLI.conduct(["propose", "--store", store] + arguments)
        try #require(result.status == 0, "\(result.stderr)")
        let firstLine = result.stdout.split(separator: "\n").first ?? ""
        return String(firstLine.split(separator: " ")[1].dropLast())
    }

    @Test func theCorpusRevisionsComeInAsAdoptedProposals() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let editorial = try Self.propose(store, ["--title", "Editorial clean-up", "--from", Self.corpus("v1.1")])
        #expect(editorial.count == 10 && editorial.hasPrefix("p"))
        let diff = try CLI.conduct(["diff", "--store", store, editorial, "--stat"])
        #expect(diff.stdout.contains("15 clauses changed"), "\(diff.stdout)")
        let first = try CLI.conduct(["adopt", "--store", store, String(editorial.prefix(5)), "--non-material"])
        #expect(first.status == 0 && first.stdout.hasPrefix("Adopted v1.1"), "\(first.stderr)")

        let substantive = try Self.propose(store, ["--title", "Yearly reports; trustworthy use", "--rationale", "OECD reporting framework",
                                                   "--from", Self.corpus("v1.2")])
        let second = try CLI.conduct(["adopt", "--store", store, substantive])
        #expect(second.status == 0 && second.stdout.hasPrefix("Adopted v1.2"), "\(second.stderr)")
        #expect(try CLI.conduct(["show", "--store", store, "--raw"]).stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: Self.corpus("v1.2")))))

        let log = try CLI.json(try CLI.conduct(["log", "--store", store, "--format", "json"]).stdout)
        let revisions = try #require(log["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["proposal"] as? String } == [substantive, editorial, nil])
        let trailers = try CLI.git(["-C", store, "log", "main", "--format=%(trailers:key=Conduct-Proposal,valueonly,separator=)|%(trailers:key=Conduct-Non-Material,valueonly,separator=)"])
        #expect(trailers.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(3) == ["\(substantive)|", "\(editorial)|true", "|"])
        let story = try CLI.git(["-C", store, "log", "--reverse", "--format=%s", "refs/conduct/records"])
        #expect(story.stdout == "Establish the secretariat's authority\nPropose \(editorial): Editorial clean-up\nAdopt \(editorial) as v1.1\n"
                + "Propose \(substantive): Yearly reports; trustworthy use\nAdopt \(substantive) as v1.2\n")

        let listing = try CLI.conduct(["proposals", "--store", store, "--status", "all", "--format", "json"])
        let validation = try CLI.validate(listing.stdout, schema: "proposals")
        #expect(validation.status == 0, "\(validation.stderr)")
        let proposals = try #require(try CLI.json(listing.stdout)["proposals"] as? [[String: Any]])
        #expect(proposals.map { $0["status"] as? String } == ["adopted", "adopted"])
        #expect(try CLI.conduct(["proposals", "--store", store]).stdout == "no open proposals\n")

        // Every record in the ledger is valid against its schema and named by its content's hash.
        let files = try CLI.git(["-C", store, "ls-tree", "-r", "--name-only", "refs/conduct/records"]).stdout.split(separator: "\n")
        #expect(files.count == 5)
        for file in files {
            let content = try CLI.git(["-C", store, "cat-file", "blob", "refs/conduct/records:\(file)"])
            let schema = file.hasPrefix("authority/") ? "authority-record" : "proposal-record"
            #expect(try CLI.validate(content.stdout, schema: schema).status == 0, "\(file)")
            let hash = try CLI.run("/usr/bin/env", ["sha256sum"], stdin: content.stdoutBytes).stdout.prefix(64)
            #expect(file.hasSuffix("/\(hash).json"))
        }
        #expect(try CLI.git(["-C", store, "fsck", "--strict"]).status == 0)
    }

    @Test func proposalsOnDifferentClausesBothAdoptAndAClashIsRefused() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let data = try Self.propose(store, ["--title", "Data", "--clause", "data-protection",
                                            "--text-file", try directory.write("a.md", "Organisations protect personal data.\n")])
        let standards = try Self.propose(store, ["--title", "Standards", "--clause", "technical-standards",
                                                 "--text-file", try directory.write("b.md", "Organisations adopt open standards.\n")])
        let clash = try Self.propose(store, ["--title", "Data, differently", "--clause", "data-protection",
                                             "--text-file", try directory.write("c.md", "Organisations minimise the data they keep.\n")])
        #expect(try CLI.conduct(["adopt", "--store", store, data]).status == 0)
        let merged = try CLI.conduct(["adopt", "--store", store, standards])
        #expect(merged.status == 0, "\(merged.stderr)")
        let text = try CLI.conduct(["show", "--store", store]).stdout
        #expect(text.contains("Organisations protect personal data.") && text.contains("Organisations adopt open standards."))
        // Neighbouring clauses changed on one side each merged; the rest of the text is v1.0's.
        #expect(try CLI.conduct(["diff", "--store", store, "v1.0", "main", "--stat"]).stdout.contains("2 clauses changed"))

        let before = snapshot(store)
        let refused = try CLI.conduct(["adopt", "--store", store, clash])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("changed the same clauses differently; nothing was written"))
        #expect(refused.stderr.contains("clause data-protection:"))
        #expect(refused.stderr.contains("Organisations protect personal data.") && refused.stderr.contains("Organisations minimise the data they keep."))
        #expect(snapshot(store) == before)
    }

    @Test func revisingKeepsEarlierVersionsReadable() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let id = try Self.propose(store, ["--title", "Reports", "--from", Self.corpus("v1.2")])
        let revised = try CLI.conduct(["revise", "--store", store, id, "--from", Self.corpus("v1.1")])
        #expect(revised.status == 0 && revised.stdout.hasPrefix("Revised \(id): version 2"), "\(revised.stderr)")
        let first = try CLI.conduct(["show", "--store", store, id, "--version", "1", "--raw"])
        #expect(first.stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: Self.corpus("v1.2")))))
        let latest = try CLI.conduct(["show", "--store", store, id, "--raw"])
        #expect(latest.stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: Self.corpus("v1.1")))))
        let listing = try CLI.json(try CLI.conduct(["proposals", "--store", store, "--format", "json"]).stdout)
        #expect(((listing["proposals"] as? [[String: Any]])?.first?["versions"] as? [Any])?.count == 2)
    }

    @Test func editingInTheEditorAndAbortingWhenNothingChanged() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let script = try directory.write("editor.sh", "#!/bin/sh\nsed -i 's/throughout the development/across the development/' \"$1\"\n")
        let noop = try directory.write("noop.sh", "#!/bin/sh\ntrue\n")
        chmod(script, 0o755)
        chmod(noop, 0o755)
        let edited = try CLI.conduct(["propose", "--store", store, "--title", "Wording", "--edit"], environment: ["EDITOR": script, "VISUAL": ""])
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stdout.contains("changed: lifecycle-risks"))
        let before = snapshot(store)
        let unchanged = try CLI.conduct(["propose", "--store", store, "--title", "Nothing", "--edit"], environment: ["EDITOR": noop, "VISUAL": ""])
        #expect(unchanged.status == 2 && unchanged.stderr.contains("unchanged or empty; nothing was written"))
        #expect(snapshot(store) == before)
    }

    @Test func withdrawnAndRejectedProposalsCannotBeAdoptedUntilReopened() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let id = try Self.propose(store, ["--title", "Reports", "--from", Self.corpus("v1.2")])
        #expect(try CLI.conduct(["withdraw", "--store", store, id, "--reason", "superseded"]).status == 0)
        let refused = try CLI.conduct(["adopt", "--store", store, id])
        #expect(refused.status == 2 && refused.stderr.contains("proposal \(id) is withdrawn; reopen it with 'conduct reopen \(id)'"))
        #expect(try CLI.conduct(["reopen", "--store", store, id]).status == 0)
        #expect(try CLI.conduct(["reject", "--store", store, id]).status == 64, "a rejection needs a reason")
        #expect(try CLI.conduct(["reject", "--store", store, id, "--reason", "out of scope"]).status == 0)
        #expect(try CLI.conduct(["adopt", "--store", store, id]).stderr.contains("is rejected"))
        #expect(try CLI.conduct(["reopen", "--store", store, id]).status == 0)
        #expect(try CLI.conduct(["adopt", "--store", store, id]).status == 0)
        let listing = try CLI.json(try CLI.conduct(["proposals", "--store", store, "--status", "adopted", "--format", "json"]).stdout)
        #expect((listing["proposals"] as? [[String: Any]])?.count == 1)
    }

    @Test func badInputIsNamedAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let a = try Self.propose(store, ["--title", "A", "--from", Self.corpus("v1.1")])
        let b = try Self.propose(store, ["--title", "B", "--from", Self.corpus("v1.2")])
        let before = snapshot(store)
        let cases: [([String], String)] = [
            (["adopt", "p0000"], "no single proposal 'p0000' (proposals: \(a) A, \(b) B)"),
            (["adopt", "p"], "no single proposal 'p'"),
            (["adopt", "../../HEAD"], "no single proposal '../../HEAD'"),
            (["show", "p0000"], "no single proposal 'p0000'"),
            (["propose", "--title", "Same", "--from", Self.corpus("v1.0")], "identical to the current revision v1.0"),
            (["propose", "--title", "X", "--clause", "nope", "--text-file", Self.corpus("v1.0")], "no clause 'nope'"),
            (["propose", "--title", "X", "--clause", "../../etc", "--text-file", Self.corpus("v1.0")], "no clause '../../etc'"),
            (["propose", "--title", " ", "--from", Self.corpus("v1.2")], "--title is empty"),
            (["propose", "--title", "X", "--from", Self.corpus("v1.2"), "--edit"], "give exactly one of --from FILE, --edit"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.conduct(arguments + ["--store", store])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(snapshot(store) == before)
    }

    @Test func twoProcessesAdoptingAtOnceLoseNothing() throws {
        for round in 0..<3 {
            let directory = try TemporaryDirectory()
            let store = try Self.store(in: directory)
            let first = try Self.propose(store, ["--title", "Data \(round)", "--clause", "data-protection",
                                                 "--text-file", try directory.write("a.md", "Protect data, round \(round).\n")])
            let second = try Self.propose(store, ["--title", "Standards \(round)", "--clause", "technical-standards",
                                                  "--text-file", try directory.write("b.md", "Adopt standards, round \(round).\n")])
            let processes = try [first, second].map { id -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["adopt", "--store", store, id]
                process.environment = ProcessInfo.processInfo.environment.merging(CLI.identity) { $1 }
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return process
            }
            processes.forEach { $0.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 })
            let text = try CLI.conduct(["show", "--store", store]).stdout
            #expect(text.contains("Protect data, round \(round).") && text.contains("Adopt standards, round \(round)."))
            let listing = try CLI.json(try CLI.conduct(["proposals", "--store", store, "--status", "adopted", "--format", "json"]).stdout)
            #expect((listing["proposals"] as? [[String: Any]])?.count == 2)
            #expect(try CLI.git(["-C", store, "fsck", "--strict"]).status == 0)
        }
    }
}

import Foundation
import Testing

/// `conduct import`: a CODE_OF_CONDUCT.md's git history becomes revisions, with stable clause ids.
@Suite("Import")
struct ImportTests {
    /// A source repository made by Scripts/generate-import-history, and what it says a human would call each clause.
    struct Source {
        let directory: TemporaryDirectory
        let path: String
        /// Per revision, oldest first: the source commit and the clause ids in document order.
        let revisions: [(commit: String, ids: [String])]

        init() throws {
            directory = try TemporaryDirectory()
            path = directory.path("source")
            let generated = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-import-history").path, path])
            try #require(generated.status == 0, "\(generated.stderr)")
            revisions = generated.stdout.split(separator: "\n").map { line in
                let fields = line.split(separator: " ").map(String.init)
                return (fields[0], Array(fields.dropFirst()))
            }
        }

        func git(_ arguments: [String]) throws -> String {
            let result = try CLI.git(["-C", path] + arguments)
            try #require(result.status == 0, "git \(arguments): \(result.stderr)")
            return result.stdout
        }
    }

    /// The clause ids of a revision of the store, in document order (depth first).
    static func ids(_ store: String, _ revision: String) throws -> [(id: String, heading: String)] {
        let result = try CLI.conduct(["outline", revision, "--store", store, "--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        var out: [(String, String)] = []
        func walk(_ nodes: [[String: Any]]) {
            for node in nodes {
                out.append((node["id"] as? String ?? "", node["heading"] as? String ?? ""))
                walk(node["children"] as? [[String: Any]] ?? [])
            }
        }
        walk(try CLI.json(result.stdout)["clauses"] as? [[String: Any]] ?? [])
        return out
    }

    /// Every ref of a store with the object it names, and the raw files behind them.
    static func refs(_ store: String) throws -> String {
        let listed = try CLI.git(["-C", store, "for-each-ref", "--format=%(refname) %(objectname)"]).stdout
        let files = snapshot(store + "/refs").sorted { $0.key < $1.key }.map { "\($0.key) \(String(decoding: $0.value, as: UTF8.self))" }
        let packed = (try? String(contentsOfFile: store + "/packed-refs", encoding: .utf8)) ?? ""
        return listed + files.joined(separator: "\n") + packed
    }

    @Test func importsAGeneratedHistoryWithStableIDs() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", store, "--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        let validation = try CLI.validate(result.stdout, schema: "import")
        #expect(validation.status == 0, "\(validation.stderr)")
        let report = try CLI.json(result.stdout)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["imported"] as? Int == 9)
        #expect(summary["initial"] as? Int == 1)
        #expect(summary["editorial"] as? Int == 2)
        #expect(summary["substantive"] as? Int == 6)
        #expect(summary["clauses"] as? Int == 5)
        #expect(report["versions"] as? String == "tags")
        let revisions = try #require(report["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["source"] as? String ?? "" } == source.revisions.map(\.commit))
        #expect(revisions.map { $0["change"] as? String ?? "" }
                == ["initial", "editorial", "substantive", "substantive", "editorial", "substantive", "substantive", "substantive", "substantive"])
        #expect(revisions.map { $0["version"] as? String ?? "-" } == ["1.0", "-", "-", "1.1", "1.2", "-", "-", "2.0", "-"])
        #expect(revisions.map { $0["path"] as? String ?? "" } == Array(repeating: "docs/CONDUCT.md", count: 5) + Array(repeating: "CODE_OF_CONDUCT.md", count: 4))
        let renames = try #require(report["renames"] as? [[String: Any]])
        #expect(renames.count == 1)
        #expect(renames.first?["from"] as? String == "docs/CONDUCT.md" && renames.first?["to"] as? String == "CODE_OF_CONDUCT.md")
        #expect(renames.first?["commit"] as? String == source.revisions[5].commit)
        let unused = (report["unusedTags"] as? [[String: Any]] ?? []).map { $0["tag"] as? String ?? "" }
        // v1.0.5 sits on a README commit: it names the reflow before it, but is no MAJOR.MINOR version.
        #expect(unused == ["v1.0.5", "v1.1.1"])

        // Ids a human would give, through rewording, reflow, renumbering, moves, a rename and a merge.
        for (index, expected) in source.revisions.enumerated() {
            let found = try Self.ids(store, "main~\(source.revisions.count - 1 - index)")
            #expect(found.map(\.id) == expected.ids, "revision \(index + 1): \(found)")
        }
        let last = try Self.ids(store, "main")
        #expect(last.first { $0.id == "our-standards" }?.heading == "Expected behaviour")

        // Authors, both dates and the messages kept, with trailers added.
        let format = "--format=%an <%ae> %ad|%cn <%ce> %cd|%B%x00"
        let sourceLog = try source.git(["log", "--first-parent", "--date=raw", format, "--", ".", ":!README.md"])
            .components(separatedBy: "\0").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let storeLog = try CLI.git(["-C", store, "log", "--date=raw", format, "main"]).stdout
            .components(separatedBy: "\0").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        try #require(storeLog.count == 9 && sourceLog.count == 9, "\(sourceLog)")
        for (ours, theirs) in zip(storeLog, sourceLog) {
            let trimmed = theirs.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(ours.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(trimmed + "\n\n"), "\(ours) vs \(theirs)")
            #expect(ours.contains("Conduct-Imported-From: "))
        }
        let tipMessage = try CLI.git(["-C", store, "log", "-1", "--format=%B", "main"]).stdout
        #expect(tipMessage.contains("Conduct-Change: substantive\nConduct-Imported-From: \(source.revisions[8].commit)\nConduct-Imported-Path: CODE_OF_CONDUCT.md\n"))
        let v2 = try CLI.git(["-C", store, "log", "-1", "--format=%B", "v2.0"]).stdout
        #expect(v2.contains("Conduct-Version: 2.0\n"))

        let fsck = try CLI.git(["-C", store, "fsck", "--strict"])
        #expect(fsck.status == 0 && !fsck.stdout.contains("error") && !fsck.stderr.contains("error"), "\(fsck.stdout) \(fsck.stderr)")
        let log = try CLI.conduct(["log", "--store", store, "--format", "json"])
        #expect(log.status == 0)
        #expect(try CLI.validate(log.stdout, schema: "log").status == 0)

        // The tip has no version: the next adoption still follows the newest one, v2.0.
        let next = try CLI.conduct(["show", "--store", store, "--raw"]).stdout.replacingOccurrences(of: "community leaders", with: "maintainers")
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", try source.directory.write("next.md", next)])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("Adopted v2.1"), "\(adopted.stdout)")
    }

    @Test func reimportIsIdempotentAndIncremental() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        let arguments = ["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", store]
        try #require(try CLI.conduct(arguments).status == 0)
        let before = try Self.refs(store)

        let again = try CLI.conduct(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Nothing to import"), "\(again.stdout)")
        #expect(again.stdout.contains("up to commit \(source.revisions[8].commit.prefix(12))"))
        #expect(try Self.refs(store) == before)
        let sinceAgain = try CLI.conduct(arguments + ["--since", source.revisions[3].commit])
        #expect(sinceAgain.status == 0 && sinceAgain.stdout.contains("Nothing to import"))
        #expect(try Self.refs(store) == before)

        // New commits upstream: only they are imported, and clauses keep their ids.
        let file = source.path + "/CODE_OF_CONDUCT.md"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "## 1. Scope", with: "## 1. Where this code applies")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try source.git(["commit", "-qam", "Retitle the scope"])
        _ = try source.git(["tag", "v2.1"])
        try (source.path + "/README.md").write(toFile: source.path + "/NOTES", atomically: true, encoding: .utf8)
        _ = try source.git(["add", "NOTES"])
        _ = try source.git(["commit", "-qm", "Notes"])

        let more = try CLI.conduct(arguments + ["--format", "json"])
        try #require(more.status == 0, "\(more.stderr)")
        #expect(try CLI.validate(more.stdout, schema: "import").status == 0)
        let report = try CLI.json(more.stdout)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["imported"] as? Int == 1)
        #expect(summary["alreadyImported"] as? Int == 9)
        #expect(summary["initial"] as? Int == 0)
        #expect((report["revisions"] as? [[String: Any]])?.first?["version"] as? String == "2.1")
        let ids = try Self.ids(store, "v2.1")
        #expect(ids.map(\.id) == ["scope", "our-pledge", "our-standards", "our-responsibilities", "enforcement"])
        #expect(ids.first?.heading == "Where this code applies")

        let after = try Self.refs(store)
        #expect(try CLI.conduct(arguments).stdout.contains("Nothing to import"))
        #expect(try Self.refs(store) == after)
    }

    /// Two imports into one new path at once: one makes the store, the other finds it made and
    /// has nothing left to import; neither leaves a half-made store or removes the other's.
    @Test func concurrentImportsIntoOneNewStore() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        let arguments = ["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", store]
        // Each import is a real process; all four start together.
        let processes = try (0..<4).map { index -> (Process, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = arguments
            let output = source.directory.path("out-\(index)")
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".err"))
            try process.run()
            return (process, output)
        }
        var all: [CLI.Result] = []
        for (process, output) in processes {
            process.waitUntilExit()
            let text = try String(contentsOfFile: output, encoding: .utf8)
            let errors = try String(contentsOfFile: output + ".err", encoding: .utf8)
            all.append(CLI.Result(stdout: text, stderr: errors, status: process.terminationStatus, stdoutBytes: Data(text.utf8)))
        }
        try #require(all.count == 4)
        for result in all { #expect(result.status == 0, "\(result.stderr)") }
        #expect(all.filter { $0.stdout.hasPrefix("Imported 9 revisions") }.count == 1, "\(all.map(\.stdout))")
        #expect(all.filter { $0.stdout.hasPrefix("Nothing to import") }.count == 3)
        #expect(try CLI.git(["-C", store, "rev-list", "--count", "main"]).stdout == "9\n")
        #expect(try CLI.git(["-C", store, "fsck", "--strict"]).status == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: source.directory.url.path).filter { $0.contains(".conduct-import-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func sinceStartsAfterACommit() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", store,
                                      "--since", String(source.revisions[4].commit.prefix(10)), "--versions", "sequence", "--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        let report = try CLI.json(result.stdout)
        let revisions = try #require(report["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["source"] as? String ?? "" } == source.revisions.suffix(4).map(\.commit))
        #expect(revisions.map { $0["version"] as? String ?? "" } == ["1.0", "1.1", "1.2", "1.3"])
        #expect(revisions.first?["change"] as? String == "initial")
        #expect((report["summary"] as? [String: Any])?["before"] as? Int == 5)
    }

    @Test func aFileThatNeverExistedIsNamedWithCandidates() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", source.path, "--path", "CONDUCT.md", "--store", store])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no commit of main in \(source.path) ever had CONDUCT.md"), "\(result.stderr)")
        #expect(result.stderr.contains("look like a code of conduct: CODE_OF_CONDUCT.md"))
        #expect(result.stderr.contains("--path"))
        #expect(!FileManager.default.fileExists(atPath: store))

        let old = try CLI.conduct(["import", "--from-git", source.path, "--path", "docs/CONDUCT.md", "--store", store])
        #expect(old.status == 2)
        #expect(old.stderr.contains("docs/CONDUCT.md is not at the tip of main"), "\(old.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func notARepositoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        try directory.write("CODE_OF_CONDUCT.md", "# Code\n")
        let store = directory.path("store.git")
        for (path, expected) in [(directory.url.path, "it is not a git repository"), (directory.path("nowhere"), "there is no such directory"),
                                 (directory.path("CODE_OF_CONDUCT.md"), "it is a file")] {
            let result = try CLI.conduct(["import", "--from-git", path, "--path", "CODE_OF_CONDUCT.md", "--store", store])
            #expect(result.status == 2)
            #expect(result.stderr.contains("cannot import from '\(path)': \(expected)"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: store))
        }
    }

    @Test func aFirstRevisionThatIsNoTextIsSkippedOrStopsAStrictImport() throws {
        let directory = try TemporaryDirectory()
        let repo = directory.path("repo")
        let git = try CLI.gitRepository(at: repo, branch: "trunk")
        _ = FileManager.default.createFile(atPath: repo + "/CODE_OF_CONDUCT.md", contents: Data([0x23, 0x20, 0x43, 0, 0x0A]))
        try git(["add", "."]); try git(["commit", "-qm", "First"])
        let first = try CLI.git(["-C", repo, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try "# Code\n\n## Kindness\n\nBe nice.\n".write(toFile: repo + "/CODE_OF_CONDUCT.md", atomically: true, encoding: .utf8)
        try git(["commit", "-qam", "Second"])

        let store = directory.path("store.git")
        let strict = try CLI.conduct(["import", "--from-git", repo, "--path", "CODE_OF_CONDUCT.md", "--store", store, "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("CODE_OF_CONDUCT.md at commit \(first.prefix(12))"), "\(strict.stderr)")
        #expect(strict.stderr.contains("NUL bytes") && strict.stderr.contains("--since \(first.prefix(12))"))
        #expect(!FileManager.default.fileExists(atPath: store))

        let skipping = try CLI.conduct(["import", "--from-git", repo, "--path", "CODE_OF_CONDUCT.md", "--store", store])
        #expect(skipping.status == 1, "\(skipping.stderr)")
        #expect(skipping.stdout.contains("Imported 1 revision"), "\(skipping.stdout)")
        #expect(skipping.stdout.contains("initial"))
        #expect(skipping.stdout.contains("Skipped 1 change") && skipping.stdout.contains(String(first.prefix(12))))

        let later = try CLI.conduct(["import", "--from-git", repo, "--path", "CODE_OF_CONDUCT.md", "--store", directory.path("since.git"), "--since", first])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stdout.contains("Imported 1 revision"), "\(later.stdout)")
        #expect(later.stdout.contains("(trunk)"))
    }

    @Test func aStoreWithRevisionsOfItsOwnIsRefused() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        try #require(try CLI.conduct(["init", store, "--from", CLI.corpus.appendingPathComponent("v1.0.md").path]).status == 0)
        let before = snapshot(store)
        let result = try CLI.conduct(["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", store])
        #expect(result.status == 2)
        #expect(result.stderr.contains("holds revisions that were not imported from git (main is at v1.0)"), "\(result.stderr)")
        #expect(result.stderr.contains("--store NEW-PATH"))
        #expect(snapshot(store) == before)

        // Imported, then adopted on top: importing more would mix the two.
        let imported = source.directory.path("imported.git")
        try #require(try CLI.conduct(["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", imported]).status == 0)
        let text = try CLI.conduct(["show", "--store", imported, "--raw"]).stdout + "\n## Appeals\n\nDecisions can be appealed.\n"
        try #require(try CLI.conduct(["adopt", "--store", imported, "--from", try source.directory.write("next.md", text)]).status == 0)
        let mixed = try CLI.conduct(["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", imported])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("has revisions adopted since it was imported (main is at v2.1)"), "\(mixed.stderr)")
    }

    /// Once the secretariat sets an adoption rule, importing more of the source would put
    /// revisions on main with no proposal, window or approvals: refused, the store unchanged.
    /// A history dated before the rule was in force is no concern of it.
    @Test func anImportUnderAnAdoptionRuleIsRefused() throws {
        let source = try Source()
        let store = source.directory.path("store.git")
        let arguments = ["import", "--from-git", source.path, "--path", "CODE_OF_CONDUCT.md", "--store", store]
        try #require(try CLI.conduct(arguments).status == 0)
        // The generated history is from 2019; the rule is set in 2020, so what is on main stays valid.
        try CLI.succeed(CLI.conduct(["config", "set", "adoption.consultation", "30d", "--date", "2020-01-01", "--store", store]))
        let file = source.path + "/CODE_OF_CONDUCT.md"
        try (try String(contentsOfFile: file, encoding: .utf8) + "\nA sentence added upstream.\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try source.git(["-c", "user.name=Upstream", "-c", "user.email=up@example.org", "commit", "-qam", "Add a sentence"])
        let commit = try source.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let before = try Self.refs(store)
        let refused = try CLI.conduct(arguments)
        #expect(refused.status == 2, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("has had an adoption rule in force since 2020-01-01T12:00:00Z, and commit \(commit.prefix(12)) of the source"), "\(refused.stderr)")
        #expect(refused.stderr.contains("would be adopted under it without a proposal, a consultation or approvals; nothing was imported"), "\(refused.stderr)")
        #expect(refused.stderr.contains("conduct propose --from FILE") && refused.stderr.contains("--store NEW-PATH"), "\(refused.stderr)")
        #expect(try Self.refs(store) == before)
        #expect(try AttestationSecurityTests.verify(store).status == 0)
    }

    /// The Corpus as a project's git history: with its ids, stored byte for byte; without them,
    /// the ids given stay with their clauses from v1.0 to v1.2.
    @Test(arguments: [true, false])
    func corpusHistory(keepIDs: Bool) throws {
        let directory = try TemporaryDirectory()
        let repo = directory.path("repo")
        let git = try CLI.gitRepository(at: repo, user: ("Secretariat", "secretariat@example.org"))
        let versions = ["v0.1", "v1.0", "v1.1", "v1.2"]
        var texts: [String] = []
        for version in versions {
            var text = try String(contentsOf: CLI.corpus.appendingPathComponent("\(version).md"), encoding: .utf8)
            if !keepIDs { text = text.replacingOccurrences(of: #" \{#[a-z0-9-]+\}"#, with: "", options: .regularExpression) }
            texts.append(text)
            try text.write(toFile: repo + "/CODE_OF_CONDUCT.md", atomically: true, encoding: .utf8)
            try git(["add", "."]); try git(["commit", "-qm", "Adopt \(version)"]); try git(["tag", version])
        }
        let store = directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", repo, "--path", "CODE_OF_CONDUCT.md", "--store", store, "--format", "json"])
        try #require(result.status == 0, "\(result.stderr)")
        let report = try CLI.json(result.stdout)
        let revisions = try #require(report["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["version"] as? String ?? "" } == ["0.1", "1.0", "1.1", "1.2"])
        #expect(revisions.map { $0["change"] as? String ?? "" } == ["initial", "substantive", "editorial", "substantive"])
        if keepIDs {
            for (version, text) in zip(versions, texts) {
                #expect(try CLI.conduct(["show", version, "--store", store, "--raw"]).stdout == text)
            }
        } else {
            // The Corpus's own ids say which clause is which: each must keep one imported id throughout.
            var given: [String: String] = [:]
            for version in versions.dropFirst() {
                let corpus = try String(contentsOf: CLI.corpus.appendingPathComponent("\(version).md"), encoding: .utf8)
                let truth = corpus.split(separator: "\n").filter { $0.hasPrefix("#") && $0.contains("{#") }
                    .map { String($0[$0.range(of: "{#")!.upperBound...].dropLast()) }
                let found = try Self.ids(store, version).map(\.id)
                try #require(found.count == truth.count, "\(version): \(found) vs \(truth)")
                for (real, imported) in zip(truth, found) {
                    if let earlier = given[real] { #expect(earlier == imported, "\(version): \(real) was \(earlier), now \(imported)") }
                    given[real] = imported
                }
                #expect(Set(found).count == found.count)
            }
        }
    }
}

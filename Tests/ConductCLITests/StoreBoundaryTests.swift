import Foundation
import Testing

/// conduct writes only into a store it made or a user adopted (`conduct.store` in the
/// repository's own config): never into a project's repository it happens to stand in.
@Suite("Never write outside a store")
struct StoreBoundaryTests {
    static let who = "Secretariat <secretariat@example.org>"

    /// An ordinary project repository whose only file is README.md, on main, checked out.
    static func project(in directory: TemporaryDirectory, files: [String: String] = ["README.md": "# Project\n\nA tool that does things.\n\n## Usage\n\nRun it.\n"]) throws -> String {
        let path = directory.path("project")
        let git = try CLI.gitRepository(at: path)
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path).appendingPathComponent(name)) }
        try git(["add", "."])
        try git(["commit", "-q", "-m", "Start"])
        return path
    }

    /// What a failed command must leave as it was: the work tree's status, every ref, the tags
    /// and the repository's own config.
    static func state(_ repository: String) throws -> [String] {
        try [["status", "--porcelain", "--ignored"], ["rev-parse", "main"], ["for-each-ref", "--format=%(refname) %(objectname)"],
             ["tag", "--list"], ["config", "--local", "--list"], ["log", "--all", "--format=%H %s"]].map { arguments in
            let result = try CLI.git(["-C", repository] + arguments)
            return "\(arguments[0]): \(result.status) \(result.stdout)"
        }
    }

    /// Every writing command, with arguments that would otherwise be good enough to get going.
    static func writingCommands(_ directory: TemporaryDirectory) throws -> [[String]] {
        let key = directory.path("acme.key")
        if !FileManager.default.fileExists(atPath: key) {
            try #require(try CLI.conduct(["keys", "generate", "--out", key]).status == 0)
        }
        let coc = ProposalTests.corpus("v1.0")
        let hub = directory.path("hub.git")
        if !FileManager.default.fileExists(atPath: hub) { try #require(try CLI.git(["init", "-q", "--bare", hub]).status == 0) }
        return [
            ["adopt", "--from", coc, "--as", who],
            ["propose", "--title", "Change", "--from", coc, "--as", who],
            ["revise", "p1234", "--from", coc, "--as", who],
            ["withdraw", "p1234", "--as", who],
            ["reopen", "p1234", "--as", who],
            ["comment", "main", "--clause", "usage", "--message", "Why?", "--as", who],
            ["reply", "c1234", "--message", "Because.", "--as", who],
            ["resolve", "c1234", "--as", who],
            ["signatory", "add", "acme", "--name", "Acme", "--kind", "organisation", "--key", key + ".pub", "--as", who],
            ["signatory", "key", "add", "acme", key + ".pub", "--as", who],
            ["attest", "acme", "--key", key, "--as", who],
            ["approve", "p1234", "--as", "acme", "--key", key, "--by", who],
            ["config", "set", "attestation.max-age", "365d", "--as", who],
            ["translation", "add", "fr", "--from", coc, "--of", "main", "--as", who],
            ["translation", "update", "fr", "--from", coc, "--as", who],
            ["remote", "add", "hub", hub],
            ["remote", "remove", "origin"],
            ["sync", "origin"],
        ]
    }

    static func expectRefused(_ result: CLI.Result, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "\(arguments): exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("did not create or adopt"), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("conduct init --adopt-existing"), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("conduct init NEWPATH --from FILE"), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("nothing was written"), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func everyWritingCommandRefusesAProjectRepository() throws {
        let directory = try TemporaryDirectory()
        let project = try Self.project(in: directory)
        let before = try Self.state(project)
        let projectURL = URL(fileURLWithPath: project)
        for arguments in try Self.writingCommands(directory) {
            // Standing in the project, as a user would, and naming it with --store.
            Self.expectRefused(try CLI.conduct(arguments, in: projectURL), arguments)
            Self.expectRefused(try CLI.conduct(arguments + ["--store", project]), arguments + ["--store"])
            #expect(try Self.state(project) == before, "\(arguments) changed the project")
        }
        // Import into it: the project is not a store an import made, nor one to write into.
        let sourceDirectory = try TemporaryDirectory()
        let source = try Self.project(in: sourceDirectory, files: ["CODE_OF_CONDUCT.md": "# Code\n\n## Pledge\n\nWe pledge.\n"])
        let imported = try CLI.conduct(["import", "--from-git", source, "--path", "CODE_OF_CONDUCT.md", "--store", project])
        #expect(imported.status == 2, "\(imported.stderr)")
        #expect(imported.stderr.contains("nothing was imported") || imported.stderr.contains("conduct init --adopt-existing"), "\(imported.stderr)")
        #expect(try Self.state(project) == before)
        // Reading still works, and says what it found.
        let log = try CLI.conduct(["log"], in: projectURL)
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stderr.contains("note: \(project) is a git repository conduct did not create or adopt; reading it only"), "\(log.stderr)")
        // Publishing writes a site folder, not the store.
        let site = directory.path("site")
        #expect(try CLI.conduct(["publish", "--out", site], in: projectURL).status == 0)
        #expect(try Self.state(project) == before)
        // Nor do reads leave caches, locks or leases inside the project's git directory.
        let gitDirectory = projectURL.appendingPathComponent(".git")
        for name in ["conduct-cache", "conduct"] {
            #expect(!FileManager.default.fileExists(atPath: gitDirectory.appendingPathComponent(name).path), "\(name) was written")
        }
    }

    /// The advice of old messages (`git config conduct.document NAME`) no longer opens the way.
    @Test func namingTheDocumentInConfigDoesNotMakeAStore() throws {
        let directory = try TemporaryDirectory()
        let project = try Self.project(in: directory, files: ["README.md": "# Project\n", "CONTRIBUTING.md": "# Contributing\n",
                                                           "CODE_OF_CONDUCT.md": "# Code\n\n## Pledge\n\nWe pledge.\n"])
        let log = try CLI.conduct(["log", "--store", project])
        #expect(log.status == 2)
        #expect(log.stderr.contains("conduct init --adopt-existing") && !log.stderr.contains("git config conduct.document"), "\(log.stderr)")
        try #require(try CLI.git(["-C", project, "config", "conduct.document", "CODE_OF_CONDUCT.md"]).status == 0)
        // A mark in the user's global config does not count either: only the repository's own.
        let home = directory.path("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Data("[conduct]\n\tstore = 1\n".utf8).write(to: URL(fileURLWithPath: home + "/.gitconfig"))
        let before = try Self.state(project)
        let adopt = try CLI.conduct(["adopt", "--from", ProposalTests.corpus("v1.0"), "--store", project, "--as", Self.who],
                                    environment: ["HOME": home, "XDG_CONFIG_HOME": home])
        Self.expectRefused(adopt, ["adopt"])
        #expect(try Self.state(project) == before)
    }

    @Test func adoptExistingChecksWhatItAdopts() throws {
        let directory = try TemporaryDirectory()
        // A project repository with main checked out: refused, and why; --force takes it.
        let project = try Self.project(in: directory)
        let before = try Self.state(project)
        let refused = try CLI.conduct(["init", "--adopt-existing"], in: URL(fileURLWithPath: project))
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("main checked out") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try Self.state(project) == before)

        // Several Markdown files: the document must be named, and must be there.
        let elsewhere = try TemporaryDirectory()
        let several = try Self.project(in: elsewhere, files: ["README.md": "# R\n", "CODE_OF_CONDUCT.md": "# C\n\n## A\n\nText.\n"])
        try #require(try CLI.git(["-C", several, "checkout", "-q", "-b", "work"]).status == 0)
        let ambiguous = try CLI.conduct(["init", "--adopt-existing", several])
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("--document-name"), "\(ambiguous.stderr)")
        let missing = try CLI.conduct(["init", "--adopt-existing", several, "--document-name", "CODE.md"])
        #expect(missing.status == 2 && missing.stderr.contains("holds no file CODE.md"), "\(missing.stderr)")
        let named = try CLI.conduct(["init", "--adopt-existing", several, "--document-name", "CODE_OF_CONDUCT.md"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(try CLI.git(["-C", several, "config", "--local", "conduct.store"]).stdout == "1\n")
        #expect(try CLI.git(["-C", several, "config", "--local", "conduct.document"]).stdout == "CODE_OF_CONDUCT.md\n")

        // No main at all; no repository at all; --from with --adopt-existing.
        let empty = directory.path("empty.git")
        try #require(try CLI.git(["init", "-q", "--bare", empty]).status == 0)
        let noMain = try CLI.conduct(["init", "--adopt-existing", empty])
        #expect(noMain.status == 2 && noMain.stderr.contains("no branch main"), "\(noMain.stderr)")
        let nowhere = try CLI.conduct(["init", "--adopt-existing", directory.path("nowhere")])
        #expect(nowhere.status == 2 && nowhere.stderr.contains("no such directory"), "\(nowhere.stderr)")
        #expect(try CLI.conduct(["init", "--adopt-existing", empty, "--from", ProposalTests.corpus("v1.0")]).status == 64)

        let forced = try CLI.conduct(["init", "--adopt-existing", "--force"], in: URL(fileURLWithPath: project))
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("its document is README.md"), "\(forced.stdout)")
    }

    /// A plain `git clone --mirror` of a store is read, refused for writing, and once adopted
    /// takes every write.
    @Test func aPlainCloneOfAStoreWorksOnceAdopted() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        try #require(try CLI.conduct(["init", store, "--from", ProposalTests.corpus("v1.0"), "--as", Self.who]).status == 0)
        #expect(try CLI.git(["--git-dir", store, "config", "--local", "conduct.store"]).stdout == "1\n", "init marks what it makes")
        try #require(try CLI.conduct(["comment", "--store", store, "v1.0", "--clause", "scope", "--message", "First.", "--as", Self.who]).status == 0)
        let mirror = directory.path("mirror.git")
        try #require(try CLI.git(["clone", "-q", "--mirror", store, mirror]).status == 0)
        let before = try Self.state(mirror)
        for arguments in try Self.writingCommands(directory) {
            let result = try CLI.conduct(arguments + ["--store", mirror])
            Self.expectRefused(result, arguments)
            #expect(result.stderr.contains("holding a conduct ledger"), "\(arguments): \(result.stderr)")
        }
        #expect(try Self.state(mirror) == before)
        let outline = try CLI.conduct(["outline", "--store", mirror])
        #expect(outline.status == 0 && outline.stderr.contains("reading it only"), "\(outline.stderr)")

        let adopted = try CLI.conduct(["init", "--adopt-existing", mirror])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("its document is CODE_OF_CONDUCT.md"), "\(adopted.stdout)")
        let again = try CLI.conduct(["init", "--adopt-existing", mirror])
        #expect(again.status == 0 && again.stdout.contains("was a store already"), "\(again.stdout)")
        // The mirror trusts the store's authority; adopting is the secretariat's act, with its key.
        let adopt = try CLI.conduct(["adopt", "--store", mirror, "--from", ProposalTests.corpus("v1.1"), "--as", Self.who,
                                     "--secretariat-key", store + "/conduct/secretariat_ed25519"])
        #expect(adopt.status == 0, "\(adopt.stderr)")
        #expect(!adopt.stderr.contains("reading it only"))
        let comment = try CLI.conduct(["comment", "--store", mirror, "v1.1", "--clause", "scope", "--message", "Good.", "--as", Self.who])
        #expect(comment.status == 0, "\(comment.stderr)")
        #expect(try CLI.conduct(["verify", "--store", mirror]).status == 0)

        // clone and a new import mark what they make.
        let cloned = directory.path("cloned.git")
        #expect(try CLI.conduct(["clone", mirror, cloned]).status == 0)
        #expect(try CLI.git(["--git-dir", cloned, "config", "--local", "conduct.store"]).stdout == "1\n")
        #expect(try CLI.git(["--git-dir", cloned, "config", "--local", "conduct.document"]).stdout == "CODE_OF_CONDUCT.md\n")
        let sourceDirectory = try TemporaryDirectory()
        let source = try Self.project(in: sourceDirectory, files: ["CODE_OF_CONDUCT.md": "# Code\n\n## Pledge\n\nWe pledge.\n"])
        let importedStore = directory.path("imported.git")
        #expect(try CLI.conduct(["import", "--from-git", source, "--path", "CODE_OF_CONDUCT.md", "--store", importedStore]).status == 0)
        #expect(try CLI.git(["--git-dir", importedStore, "config", "--local", "conduct.store"]).stdout == "1\n")
    }
}

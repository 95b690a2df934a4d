import Foundation
import Testing

/// Whole writes after any crash: every writing command is killed (SIGKILL, injected by strace)
/// at each of its link/rename system calls in turn, one copy of a prepared store per point. After
/// each kill, `verify` must report what a later command repairs; the next run of the same command
/// must succeed (or say the action is done) without manual repair; then `git fsck --strict` is
/// clean, `verify` exits 0, no lock file is left, and the store holds exactly what one
/// uninterrupted run leaves (the action once, never twice, never half).
@Suite("Crashes at every link and rename", .serialized)
struct CrashTests {
    /// The system calls by which git writers make a file true: a lock or temporary file renamed
    /// (or linked) into place. Counted separately: strace counts injections per call and per process.
    static let calls = ["rename", "renameat", "renameat2", "link", "linkat"]
    static let strace = "/usr/bin/strace"
    static let lanes = 8
    static let date = "2024-03-01"
    static let secretariat = "Test Secretariat <secretariat@example.org>"
    static let representative = "Rep acme <rep@acme.example>"

    /// One writing command: run in a copy of the prepared folder (`stores` are the git
    /// directories it changes, relative to it), and what its rerun may say when the action is done.
    struct Command: Sendable {
        var name: String
        var arguments: [String]
        var stores: [String]
        var done: [String] = []
    }

    /// A prepared folder: `store.git` (with a signatory, an attestation, a comment, an open
    /// proposal and a withdrawn one, and a comment the hub lacks), `hub.git` (its remote `hub`,
    /// holding a revision the store lacks), a project repository to import, and the files the
    /// commands read.
    struct Fixture {
        let directory: TemporaryDirectory
        let base: URL
        var open = "", withdrawn = "", comment = "", attestation = ""

        init() throws {
            directory = try TemporaryDirectory()
            base = directory.url.appendingPathComponent("base")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            func conduct(_ arguments: [String]) throws -> CLI.Result {
                let result = try CLI.conduct(arguments, in: base)
                try #require(result.status == 0, "conduct \(arguments.joined(separator: " ")): \(result.stderr)")
                return result
            }
            let corpus = { (version: String) in CLI.corpus.appendingPathComponent("\(version).md").path }
            for (name, version) in [("v10.md", "v1.0"), ("v11.md", "v1.1"), ("v12.md", "v1.2")] {
                try FileManager.default.copyItem(atPath: corpus(version), toPath: base.appendingPathComponent(name).path)
            }
            // A proposal's texts: v1.1's, and v1.2's.
            _ = try conduct(["init", "store.git", "--from", "v10.md", "--version", "1.0", "--date", "2024-01-01"])
            _ = try conduct(["keys", "generate", "--out", "acme-key"])
            _ = try conduct(["keys", "generate", "--out", "edu-key"])
            _ = try conduct(["keys", "generate", "--out", "spare-key"])
            _ = try conduct(["signatory", "add", "acme", "--store", "store.git", "--name", "Acme", "--kind", "organisation",
                             "--key", "acme-key.pub", "--representative", representative, "--as", secretariat, "--date", "2024-01-02"])
            _ = try conduct(["attest", "acme", "--store", "store.git", "--key", "acme-key", "--as", representative, "--date", "2024-01-03"])
            attestation = try Self.records(in: base.appendingPathComponent("store.git").path, folder: "attestations").first ?? ""
            open = try Self.proposalID(conduct(["propose", "--store", "store.git", "--title", "Open", "--from", "v11.md", "--date", "2024-01-04"]))
            withdrawn = try Self.proposalID(conduct(["propose", "--store", "store.git", "--title", "Later", "--from", "v12.md", "--date", "2024-01-05"]))
            _ = try conduct(["withdraw", "--store", "store.git", withdrawn, "--reason", "not yet", "--date", "2024-01-06"])
            let commented = try conduct(["comment", "--store", "store.git", "v1.0", "--clause", "scope", "--message", "Clear?", "--date", "2024-01-07"])
            comment = String(commented.stdout.split(separator: " ")[1])
            _ = try conduct(["clone", "store.git", "hub.git"])
            _ = try conduct(["remote", "add", "hub", "hub.git", "--store", "store.git"])
            // The hub moves on by a revision; the store by a comment.
            _ = try conduct(["adopt", "--store", "hub.git", "--from", "v12.md", "--version", "1.5", "--date", "2024-02-01",
                             "--secretariat-key", "store.git/conduct/secretariat_ed25519"])
            _ = try conduct(["comment", "--store", "store.git", "v1.0", "--clause", "scope", "--message", "Only here.", "--date", "2024-02-02"])
            // A plain git mirror of the store, for init --adopt-existing.
            try #require(try CLI.git(["clone", "-q", "--mirror", "store.git", "mirror.git"], in: base).status == 0)
            // A project whose history an import reads, with a French translation of each version;
            // tr-existing.git imported it (and its translation) before its second version.
            let git = try CLI.gitRepository(at: base.appendingPathComponent("project").path)
            try FileManager.default.createDirectory(at: base.appendingPathComponent("project/translations"), withIntermediateDirectories: true)
            for (index, version) in ["v1.0", "v1.1"].enumerated() {
                try FileManager.default.copyItem(atPath: corpus(version), toPath: base.appendingPathComponent("project/CODE_OF_CONDUCT.md").path)
                try git(["add", "CODE_OF_CONDUCT.md"])
                try git(["commit", "-q", "-m", "Version \(index + 1)"])
                try FileManager.default.removeItem(atPath: base.appendingPathComponent("project/CODE_OF_CONDUCT.md").path)
                let french = base.appendingPathComponent("project/translations/fr.md").path
                try? FileManager.default.removeItem(atPath: french)
                try FileManager.default.copyItem(atPath: CLI.corpus.appendingPathComponent("translations/fr/\(version).md").path, toPath: french)
                try git(["add", "-A", "translations"])
                try git(["commit", "-q", "-m", "Traduction de la version \(index + 1)"])
                if index == 0 {
                    try git(["checkout", "-q", "--", "CODE_OF_CONDUCT.md"])
                    _ = try conduct(["import", "--from-git", "project", "--path", "CODE_OF_CONDUCT.md", "--translations", "translations/*.md",
                                     "--store", "tr-existing.git"])
                    try FileManager.default.removeItem(atPath: base.appendingPathComponent("project/CODE_OF_CONDUCT.md").path)
                }
            }
            try git(["checkout", "-q", "--", "."])
        }

        static func proposalID(_ result: CLI.Result) -> String {
            String((result.stdout.split(separator: "\n").first ?? "").split(separator: " ")[1].dropLast())
        }

        /// The record ids under a top-level ledger folder, read with git.
        static func records(in store: String, folder: String) throws -> [String] {
            let listed = try CLI.git(["--git-dir", store, "ls-tree", "-r", "--name-only", "refs/conduct/records", folder])
            return listed.stdout.split(separator: "\n").map { String($0.split(separator: "/").last?.dropLast(5) ?? "") }
        }

        var commands: [Command] {
            let store = ["--store", "store.git", "--date", CrashTests.date]
            return [
                Command(name: "init", arguments: ["init", "new.git", "--from", "v11.md", "--date", CrashTests.date], stores: ["new.git"],
                        done: ["already holds a store"]),
                Command(name: "adopt", arguments: ["adopt", "--from", "v11.md"] + store, stores: ["store.git"], done: ["identical"]),
                Command(name: "adopt PROPOSAL", arguments: ["adopt", open] + store, stores: ["store.git"], done: ["is adopted"]),
                Command(name: "propose", arguments: ["propose", "--title", "New", "--from", "v12.md"] + store, stores: ["store.git"]),
                Command(name: "revise", arguments: ["revise", open, "--from", "v12.md"] + store, stores: ["store.git"], done: ["identical"]),
                Command(name: "withdraw", arguments: ["withdraw", open, "--reason", "no"] + store, stores: ["store.git"], done: ["is withdrawn"]),
                Command(name: "reject", arguments: ["reject", open, "--reason", "no"] + store, stores: ["store.git"], done: ["is rejected"]),
                Command(name: "reopen", arguments: ["reopen", withdrawn] + store, stores: ["store.git"], done: ["is open"]),
                Command(name: "comment", arguments: ["comment", "v1.0", "--clause", "scope", "--message", "Why?"] + store, stores: ["store.git"]),
                Command(name: "reply", arguments: ["reply", comment, "--message", "Because."] + store, stores: ["store.git"]),
                Command(name: "resolve", arguments: ["resolve", comment] + store, stores: ["store.git"], done: ["resolved already"]),
                Command(name: "signatory add", arguments: ["signatory", "add", "edu", "--name", "Edu", "--kind", "organisation",
                                                           "--key", "edu-key.pub", "--as", CrashTests.secretariat] + store,
                        stores: ["store.git"], done: ["already"]),
                Command(name: "keys add", arguments: ["signatory", "key", "add", "acme", "spare-key.pub", "--as", CrashTests.secretariat] + store,
                        stores: ["store.git"], done: ["already"]),
                Command(name: "keys revoke", arguments: ["signatory", "key", "revoke", "acme", "acme-key.pub", "--as", CrashTests.secretariat] + store,
                        stores: ["store.git"], done: ["revoked"]),
                Command(name: "attest", arguments: ["attest", "acme", "--key", "acme-key", "--as", CrashTests.representative] + store,
                        stores: ["store.git"]),
                Command(name: "attest --withdraw", arguments: ["attest", "acme", "--withdraw", "--key", "acme-key", "--as", CrashTests.representative] + store,
                        stores: ["store.git"], done: ["withdrawn"]),
                Command(name: "config set", arguments: ["config", "set", "attestation.max-age", "365d"] + store, stores: ["store.git"]),
                Command(name: "translation add", arguments: ["translation", "add", "fr", "--from", "v10.md", "--of", "v1.0"] + store,
                        stores: ["store.git"], done: ["recorded already"]),
                Command(name: "secretariat change", arguments: ["secretariat", "change", "--add-key", "spare-key.pub"] + store,
                        stores: ["store.git"], done: ["is a secretariat key already"]),
                Command(name: "init --adopt-existing", arguments: ["init", "--adopt-existing", "mirror.git", "--date", CrashTests.date],
                        stores: ["mirror.git"]),
                Command(name: "sync", arguments: ["sync", "hub"] + store, stores: ["store.git", "hub.git"]),
                Command(name: "import", arguments: ["import", "--from-git", "project", "--path", "CODE_OF_CONDUCT.md", "--store", "imported.git"],
                        stores: ["imported.git"]),
                Command(name: "import --translations", arguments: ["import", "--from-git", "project", "--path", "CODE_OF_CONDUCT.md",
                                                                   "--translations", "translations/*.md", "--store", "imported-tr.git"],
                        stores: ["imported-tr.git"]),
                // Main moves before the translations are recorded: a kill between leaves them to the next run.
                Command(name: "import --translations again", arguments: ["import", "--from-git", "project", "--path", "CODE_OF_CONDUCT.md",
                                                                         "--translations", "translations/*.md", "--store", "tr-existing.git"],
                        stores: ["tr-existing.git"]),
                Command(name: "clone", arguments: ["clone", "hub.git", "cloned.git"], stores: ["cloned.git"], done: ["already holds a store"]),
            ]
        }
    }

    /// What a store holds, as a user would count it: revisions on main, version tags (each on
    /// main), proposal refs, and ledger files per folder; nil for a store that is not there.
    static func summary(_ store: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: store) else { return nil }
        let refs = try CLI.git(["--git-dir", store, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/tags", "refs/conduct/proposals"])
        let main = try CLI.git(["--git-dir", store, "rev-list", "--count", "refs/heads/main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ledger = try CLI.git(["--git-dir", store, "ls-tree", "-r", "--name-only", "refs/conduct/records"]).stdout
        var folders: [String: Int] = [:]
        for line in ledger.split(separator: "\n") { folders[String(line.prefix { $0 != "/" }), default: 0] += 1 }
        let proposals = refs.stdout.split(separator: "\n").filter { $0.hasPrefix("refs/conduct/proposals/") }.count
        let named = refs.stdout.split(separator: "\n").filter { !$0.hasPrefix("refs/conduct/proposals/") }.joined(separator: " ")
        return "main \(main); \(named); \(proposals) proposals; ledger " + folders.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// Lock files left anywhere in a git directory.
    static func lockFiles(_ store: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: store) else { return [] }
        var found: [String] = []
        while let item = walker.nextObject() as? String {
            if item.hasSuffix(".lock"), !item.hasPrefix("objects/") { found.append(item) }
        }
        return found
    }

    static func run(_ arguments: [String], in folder: URL, kill: (call: String, n: Int)?, trace: String? = nil) throws -> CLI.Result {
        var tracing = ["-f", "-qq", "-o", trace ?? "/dev/null", "-e", "trace=" + calls.joined(separator: ",")]
        if let kill { tracing += ["-e", "inject=\(kill.call):signal=KILL:when=\(kill.n)"] }
        return try CLI.run(strace, tracing + [CLI.binary] + arguments, in: folder, environment: CLI.identity)
    }

    /// The kill points of a command: for each call, the most times one process made it.
    static func points(of command: Command, in folder: URL) throws -> [(call: String, n: Int)] {
        let trace = folder.appendingPathComponent("trace.txt").path
        let result = try run(command.arguments, in: folder, kill: nil, trace: trace)
        try #require(result.status == 0, "\(command.name): \(result.stderr)")
        var counts: [String: Int] = [:]
        for line in (try String(contentsOfFile: trace, encoding: .utf8)).split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, let call = fields[1].drop(while: { $0 == " " }).split(separator: "(").first.map(String.init),
                  calls.contains(call) else { continue }
            counts[fields[0] + " " + call, default: 0] += 1
        }
        var most: [String: Int] = [:]
        for (key, count) in counts {
            let call = String(key.split(separator: " ")[1])
            most[call] = max(most[call] ?? 0, count)
        }
        return most.sorted { $0.key < $1.key }.flatMap { call, count in (1...count).map { (call, $0) } }
    }

    /// Kills `command` at `point` in a fresh copy of the fixture and checks what follows; returns the problems seen.
    static func check(_ command: Command, at point: (call: String, n: Int), base: URL, expected: [String?],
                      folder: URL) throws -> [String] {
        var problems: [String] = []
        let label = "\(command.name) killed at \(point.call) #\(point.n)"
        try FileManager.default.copyItem(at: base, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try run(command.arguments, in: folder, kill: point)

        // Before any repair: a half-done state must be visible to verify.
        var reported = false
        for store in command.stores where FileManager.default.fileExists(atPath: folder.appendingPathComponent(store).path) {
            let verify = try CLI.conduct(["verify", "--store", store], in: folder)
            if verify.status == 1 { reported = true }
            if verify.status != 0 && verify.status != 1 { problems.append("\(label): verify exited \(verify.status): \(verify.stderr)") }
            let locks = lockFiles(folder.appendingPathComponent(store).path)
            if !locks.isEmpty, verify.status == 0 { problems.append("\(label): lock files \(locks) left and verify reported none") }
        }

        // The next run of the same command, without manual repair.
        let rerun = try CLI.conduct(command.arguments, in: folder)
        let refusedAsDone = rerun.status == 2 && command.done.contains { rerun.stderr.contains($0) }
        if rerun.status != 0, !refusedAsDone {
            problems.append("\(label): the rerun failed (\(rerun.status)): \(rerun.stderr.prefix(400))")
        }
        let repaired = rerun.stderr.split(separator: "\n").contains { $0.hasPrefix("conduct: ") && !$0.hasPrefix("conduct: error") }
        if repaired, !reported {
            problems.append("\(label): the rerun repaired something verify did not report: \(rerun.stderr.prefix(400))")
        }
        for (store, summary) in zip(command.stores, expected) {
            let path = folder.appendingPathComponent(store).path
            let found = try Self.summary(path)
            if found != summary { problems.append("\(label): \(store) holds \(found ?? "nothing"), not \(summary ?? "nothing")") }
            guard found != nil else { continue }
            let fsck = try CLI.git(["--git-dir", path, "fsck", "--strict", "--no-progress"])
            if fsck.status != 0 { problems.append("\(label): git fsck --strict on \(store): \(fsck.stdout.prefix(300))\(fsck.stderr.prefix(300))") }
            let verify = try CLI.conduct(["verify", "--store", store], in: folder)
            if verify.status != 0 { problems.append("\(label): verify of \(store) after the rerun: \(verify.stdout.suffix(400))") }
            let locks = lockFiles(path)
            if !locks.isEmpty { problems.append("\(label): lock files left in \(store): \(locks)") }
        }
        return problems
    }

    @Test("every writing command, killed at each link or rename, is finished or undone by the next run")
    func killEveryWritingCommandAtEveryPoint() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.strace), "strace is missing: run Scripts/setup (Debian's strace package)")
        let fixture = try Fixture()
        let work = fixture.directory.url
        let base = fixture.base
        let filter = ProcessInfo.processInfo.environment["CONDUCT_CRASH_COMMANDS"].map { Set($0.split(separator: ",").map(String.init)) }
        var table: [(name: String, points: Int, problems: Int)] = []
        var allProblems: [String] = []
        let started = Date()
        // One uninterrupted run per command says what the stores hold after the action, and where the kill points are.
        let commands = fixture.commands.filter { filter?.contains($0.name) ?? true }
        var jobs: [(command: Int, point: (call: String, n: Int))] = []
        var expected: [[String?]] = []
        for (index, command) in commands.enumerated() {
            let reference = work.appendingPathComponent("reference-\(index)")
            try FileManager.default.copyItem(at: base, to: reference)
            jobs += try Self.points(of: command, in: reference).map { (index, $0) }
            expected.append(try command.stores.map { try Self.summary(reference.appendingPathComponent($0).path) })
            try? FileManager.default.removeItem(at: reference)
        }
        // Points run side by side on threads of their own (each has its own copy, and much of a
        // point's time is spent waiting: a rerun gives a dead writer's lock file its grace period).
        nonisolated(unsafe) var outcomes = [[String]](repeating: [], count: jobs.count)
        nonisolated(unsafe) var next = 0
        let lock = NSLock()
        let group = DispatchGroup()
        let (allJobs, allExpected) = (jobs, expected)
        for _ in 0..<min(Self.lanes, jobs.count) {
            group.enter()
            Thread {
                while true {
                    let number: Int = lock.withLock { defer { next += 1 }; return next }
                    guard number < allJobs.count else { break }
                    let job = allJobs[number]
                    let folder = work.appendingPathComponent("point-\(number)")
                    let found: [String]
                    do {
                        found = try Self.check(commands[job.command], at: job.point, base: base, expected: allExpected[job.command], folder: folder)
                    } catch {
                        found = ["\(commands[job.command].name) at \(job.point): \(error)"]
                    }
                    lock.withLock { outcomes[number] = found }
                }
                group.leave()
            }.start()
        }
        group.wait()
        for (index, command) in commands.enumerated() {
            let mine = jobs.indices.filter { jobs[$0].command == index }
            table.append((command.name, mine.count, mine.filter { !outcomes[$0].isEmpty }.count))
            allProblems += mine.flatMap { outcomes[$0] }
        }
        var text = "command               kill points  problems left\n"
        for row in table {
            text += row.name.padding(toLength: 22, withPad: " ", startingAt: 0) + String(row.points).padding(toLength: 13, withPad: " ", startingAt: 0)
                + String(row.problems) + "\n"
        }
        text += "total                 \(table.map(\.points).reduce(0, +))          \(table.map(\.problems).reduce(0, +))"
        text += "   (\(Int(Date().timeIntervalSince(started))) s)\n"
        print(text)
        for problem in allProblems { Issue.record(Comment(rawValue: problem)) }
    }

    // MARK: Half-done states made by hand, as an old release or a kill would leave them

    /// A store at v1.0 in a fresh folder.
    static func store() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        let made = try CLI.conduct(["init", store, "--from", CLI.corpus.appendingPathComponent("v1.0.md").path, "--date", "2024-01-01"])
        try #require(made.status == 0, "\(made.stderr)")
        return (directory, store)
    }

    /// Makes `path` (inside a git directory) look written `seconds` ago.
    static func age(_ path: String, by seconds: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -seconds)], ofItemAtPath: path)
    }

    @Test("a version tag left off main is found on the first attempt, set aside, and its version adopted")
    func orphanTagDoesNotMakeAdoptSpin() throws {
        let (directory, store) = try Self.store()
        defer { withExtendedLifetime(directory) {} }
        // What a kill between the tag and main left in earlier releases: v1.1 on a commit main never took.
        let tree = try CLI.git(["--git-dir", store, "rev-parse", "main^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let stray = try CLI.git(["--git-dir", store, "commit-tree", tree, "-p", "main", "-m", "never adopted"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try CLI.git(["--git-dir", store, "-c", "user.name=T", "-c", "user.email=t@example.org", "tag", "-a", "v1.1", stray, "-m", "v1.1"]).status == 0)
        let before = try CLI.conduct(["verify", "--store", store])
        #expect(before.status == 1)
        #expect(before.stdout.contains("incomplete  v1.1: the version tag points at \(stray.prefix(12)), which is not on main"), "\(before.stdout)")
        // Reading, before any write repairs it: v1.1 is no revision, not the text main never took.
        let shown = try CLI.conduct(["show", "v1.1", "--store", store])
        #expect(shown.status == 2 && shown.stderr.contains("v1.1"), "\(shown.stdout)\(shown.stderr)")

        let started = Date()
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", CLI.corpus.appendingPathComponent("v1.1.md").path])
        #expect(adopted.status == 0 && adopted.stdout.hasPrefix("Adopted v1.1"), "\(adopted.stdout)\(adopted.stderr)")
        #expect(Date().timeIntervalSince(started) < 5, "an orphan tag must cost no retries")
        #expect(adopted.stderr.contains("set aside the version tag v1.1"), "\(adopted.stderr)")
        let tagged = try CLI.git(["--git-dir", store, "rev-parse", "v1.1^{commit}"]).stdout
        #expect(tagged == (try CLI.git(["--git-dir", store, "rev-parse", "main"]).stdout))
        #expect(try CLI.git(["--git-dir", store, "rev-parse", "refs/conduct/backup/tags/v1.1^{commit}"]).stdout.hasPrefix(stray))
        #expect(try CLI.conduct(["verify", "--store", store]).status == 0)
    }

    @Test("a missing version tag is restored from its revision's Conduct-Version, byte for byte")
    func missingTagIsRestored() throws {
        let (directory, store) = try Self.store()
        defer { withExtendedLifetime(directory) {} }
        let original = try CLI.git(["--git-dir", store, "rev-parse", "refs/tags/v1.0"]).stdout
        let text = try CLI.conduct(["show", "v1.0", "--store", store]).stdout
        try #require(try CLI.git(["--git-dir", store, "update-ref", "-d", "refs/tags/v1.0"]).status == 0)
        // Reading, before any write repairs it: v1.0 is still the revision on main that says so.
        let shown = try CLI.conduct(["show", "v1.0", "--store", store])
        #expect(shown.status == 0 && shown.stdout == text, "\(shown.stderr)")
        let before = try CLI.conduct(["verify", "--store", store])
        #expect(before.status == 1 && before.stdout.contains("incomplete  v1.0: revision"), "\(before.stdout)")
        let recovered = try CLI.conduct(["recover", "--store", store])
        #expect(recovered.status == 0 && recovered.stdout.contains("restored the version tag v1.0"), "\(recovered.stdout)\(recovered.stderr)")
        #expect(try CLI.git(["--git-dir", store, "rev-parse", "refs/tags/v1.0"]).stdout == original)
        #expect(try CLI.conduct(["recover", "--store", store]).stdout == "nothing half done\n")
        #expect(try CLI.conduct(["verify", "--store", store]).status == 0)
    }

    @Test("a lock file no running writer holds is reported, then cleared by the next write with a notice")
    func staleLockIsCleared() throws {
        let (directory, store) = try Self.store()
        defer { withExtendedLifetime(directory) {} }
        try #require(try CLI.conduct(["comment", "--store", store, "v1.0", "--clause", "scope", "--message", "First."]).status == 0)
        let lock = store + "/refs/conduct/records.lock"
        try Data().write(to: URL(fileURLWithPath: lock))
        try Self.age(lock, by: 60)
        let before = try CLI.conduct(["verify", "--store", store])
        #expect(before.status == 1 && before.stdout.contains("incomplete  refs/conduct/records.lock"), "\(before.stdout)")
        let started = Date()
        let comment = try CLI.conduct(["comment", "--store", store, "v1.0", "--clause", "scope", "--message", "Clear?"])
        #expect(comment.status == 0, "\(comment.stderr)")
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(comment.stderr.contains("conduct: removed the stale lock file refs/conduct/records.lock"), "\(comment.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lock))
        #expect(try CLI.conduct(["verify", "--store", store]).status == 0)
    }

    @Test("sync clears a hub's stale lock files and the staging refs of a sync that died")
    func syncClearsTheHub() throws {
        let (directory, store) = try Self.store()
        defer { withExtendedLifetime(directory) {} }
        let hub = directory.path("hub.git")
        try #require(try CLI.conduct(["comment", "--store", store, "v1.0", "--clause", "scope", "--message", "First."]).status == 0)
        try #require(try CLI.conduct(["clone", store, hub]).status == 0)
        try #require(try CLI.conduct(["remote", "add", "hub", hub, "--store", store]).status == 0)
        try #require(try CLI.conduct(["comment", "--store", store, "v1.0", "--clause", "scope", "--message", "Clear?"]).status == 0)
        let lock = hub + "/refs/conduct/records.lock"
        try Data().write(to: URL(fileURLWithPath: lock))
        try Self.age(lock, by: 60)
        let main = try CLI.git(["--git-dir", hub, "rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(try CLI.git(["--git-dir", hub, "update-ref", "refs/conduct/incoming/42/0", main]).status == 0)
        #expect(try CLI.conduct(["verify", "--store", hub]).stdout.contains("incomplete  refs/conduct/incoming/42/0"))

        let synced = try CLI.conduct(["sync", "hub", "--store", store])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stderr.contains("removed the stale lock file refs/conduct/records.lock"), "\(synced.stderr)")
        #expect(synced.stderr.contains("removed refs/conduct/incoming/42/0"), "\(synced.stderr)")
        #expect(try CLI.git(["--git-dir", hub, "for-each-ref", "refs/conduct/incoming"]).stdout.isEmpty)
        #expect(try Fixture.records(in: hub, folder: "comments").count == 2)
        #expect(try CLI.conduct(["verify", "--store", hub]).status == 0)
    }

    @Test("an adoption whose record is missing is recorded by the next write, or by adopting again while another writer is at work")
    func adoptionWithoutItsRecordIsFinished() throws {
        for whileAnotherWriterIsAlive in [false, true] {
            let (directory, store) = try Self.store()
            defer { withExtendedLifetime(directory) {} }
            let proposed = try CLI.conduct(["propose", "--store", store, "--title", "Change", "--from", CLI.corpus.appendingPathComponent("v1.1.md").path])
            let id = Fixture.proposalID(proposed)
            let ledger = try CLI.git(["--git-dir", store, "rev-parse", "refs/conduct/records"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try #require(try CLI.conduct(["adopt", id, "--store", store]).status == 0)
            // A kill after main and its tag, before the record: the ledger as it was.
            try #require(try CLI.git(["--git-dir", store, "update-ref", "refs/conduct/records", ledger]).status == 0)
            // A real kill never moved the ledger, so its reflog holds no entry for the record either.
            try #require(try CLI.git(["--git-dir", store, "reflog", "expire", "--expire=all", "refs/conduct/records"]).status == 0)
            let before = try CLI.conduct(["verify", "--store", store])
            #expect(before.status == 1 && before.stdout.contains("incomplete  \(id): revision"), "\(before.stdout)")
            if whileAnotherWriterIsAlive {
                // A writer holding the lease keeps recovery away; adopting again records what main holds.
                let lease = open(store + "/conduct/lease", O_RDWR)
                #expect(flock(lease, LOCK_SH) == 0)
                defer { close(lease) }
                let again = try CLI.conduct(["adopt", id, "--store", store])
                #expect(again.status == 0 && again.stdout.hasPrefix("Adopted v1.1"), "\(again.stdout)\(again.stderr)")
            } else {
                let next = try CLI.conduct(["comment", "--store", store, "v1.0", "--clause", "scope", "--message", "Later."])
                #expect(next.status == 0 && next.stderr.contains("recorded the adoption of proposal \(id) as v1.1"), "\(next.stderr)")
            }
            #expect(try CLI.conduct(["adopt", id, "--store", store]).stderr.contains("is adopted"))
            #expect(try CLI.git(["--git-dir", store, "rev-list", "--count", "main"]).stdout == "2\n")
            #expect(try CLI.conduct(["verify", "--store", store]).status == 0)
        }
    }
}

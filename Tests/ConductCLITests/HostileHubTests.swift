import Foundation
import TestPeers
import Testing

/// Hubs and ledgers that hold what no store should take in, end to end with the built binary
/// and real git plumbing: many incoming records (merged in linear time), records over the size
/// limits (quarantined on sync, skipped with a warning when already local), and references of
/// the wrong kind (refused at sync with the store unchanged).
@Suite("Hostile hubs and inputs")
struct HostileHubTests {
    static let secretariat = "G7 Secretariat <secretariat@g7.example>"
    static let commenter = "Ann Example <ann@example.org>"

    /// A store at v1.0 with one comment of its own, a bare hub it has synced with (remote `hub`).
    struct Fixture {
        let directory: TemporaryDirectory
        let store: String
        let hub: String

        init() throws {
            directory = try TemporaryDirectory()
            store = directory.path("store.git")
            hub = directory.path("hub.git")
            try CLI.succeed(CLI.conduct(["init", store, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0",
                                         "--date", "2024-01-01", "--as", HostileHubTests.secretariat]))
            try CLI.succeed(CLI.git(["init", "--quiet", "--bare", hub]))
            try CLI.succeed(CLI.conduct(["remote", "add", "hub", hub, "--store", store]))
            try CLI.succeed(CLI.conduct(["comment", "v1.0", "--clause", try HostileHubTests.firstClause(store),
                                         "--message", "A comment of this store's own.", "--store", store,
                                         "--as", HostileHubTests.commenter, "--date", "2024-01-02"]))
            try CLI.succeed(CLI.conduct(["sync", "--store", store]))
        }
    }

    static func firstClause(_ store: String) throws -> String {
        let outline = try CLI.succeed(CLI.conduct(["outline", "v1.0", "--store", store, "--format", "json"]))
        let json = try #require(try JSONSerialization.jsonObject(with: outline.stdoutBytes) as? [String: Any])
        let clauses = try #require(json["clauses"] as? [[String: Any]])
        return try #require(clauses.first?["id"] as? String)
    }

    /// Adds `count` comment records (over `folders` targets) to the hub's ledger with
    /// `Scripts/generate-hub-records` and `git fast-import`.
    static func offer(_ count: Int, folders: Int = 1, on hub: String) throws {
        let stream = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-hub-records").path,
                                                  hub, String(count), String(folders)])
        try #require(stream.status == 0, "\(stream.stderr)")
        let imported = try CLI.run("/usr/bin/env", ["git", "--git-dir", hub, "fast-import", "--quiet"], stdin: stream.stdoutBytes)
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    // MARK: Many incoming records

    /// Before: each record rewrote its folder's whole tree, so 1,000 records in one folder took
    /// 5 s and 3,000 over a minute.
    @Test func thousandsOfIncomingRecordsMergeInLinearTime() throws {
        var times: [Int: Double] = [:]
        for count in [1_000, 3_000] {
            let fixture = try Fixture()
            try Self.offer(count, on: fixture.hub)
            // A record the hub has not seen: the ledgers must be merged, not fast-forwarded.
            try CLI.succeed(CLI.conduct(["comment", "v1.0", "--clause", try Self.firstClause(fixture.store),
                                         "--message", "Not on the hub yet.", "--store", fixture.store, "--as", Self.commenter]))
            let before = try Plumbing.ledger(fixture.store).count
            // Processor time, not the wall clock: parallel tests and builds do not stretch it.
            let (sync, cpu) = try CLI.conductTimed(["sync", "--store", fixture.store])
            try #require(sync.status == 0, "\(sync.stderr)")
            #expect(sync.stdout.contains("\(count) comments"), "\(sync.stdout)")
            times[count] = cpu
            let merged = try Plumbing.ledger(fixture.store)
            #expect(merged.count == before + count)
            #expect(Set(try Plumbing.ledger(fixture.hub)) == Set(merged), "the merge went back to the hub")
            #expect(try Plumbing.gitOutput(fixture.store, ["rev-list", "--parents", "-n", "1", "refs/conduct/records"])
                .split(separator: " ").count == 3, "a merge commit with both ledgers as parents")
            #expect(try SyncTests.verify(fixture.store).status == 0)
        }
        let (one, three) = (try #require(times[1_000]), try #require(times[3_000]))
        #expect(three < 20, "3,000 incoming records took \(three) s of processor time")
        #expect(three / one < 6, "1,000 took \(one) s, 3,000 took \(three) s of processor time: not linear")
    }

    @Test func recordsSpreadOverFoldersMergeToo() throws {
        let fixture = try Fixture()
        try Self.offer(2_000, folders: 50, on: fixture.hub)
        let sync = try SyncTests.sync(fixture.store)
        #expect(sync.status == 0 && sync.records("in") == ["comments": 2_000], "\(sync.result.stdout)")
        let folders = Set(try Plumbing.ledger(fixture.store, under: "comments").map { $0.split(separator: "/")[1] })
        #expect(folders.count == 50)
        let comments = try CLI.succeed(CLI.conduct(["comments", "--store", fixture.store, "--format", "json", "--status", "all"]))
        #expect(comments.stdout.contains("Incoming comment 1999:"))
    }

    // MARK: Records over the limits

    /// A comment record as `conduct comment` writes it, with `message` and any `extra` JSON
    /// (already canonical) as a field `extra`: its canonical bytes.
    static func comment(message: String, extra: String? = nil, commit: String, clause: String) -> Data {
        // Keys in byte order: at, by, clause, commit, extra, message, target, type.
        var json = #"{"at":"2025-02-01T10:00:00.000Z","by":{"email":"mallory@example.org","name":"Mallory"},"#
        json += #""clause":"\#(clause)","commit":"\#(commit)","#
        if let extra { json += #""extra":\#(extra),"# }
        json += #""message":"\#(message)","target":"v1.0","type":"comment"}"#
        return Data(json.utf8)
    }

    /// Three records no store should read: 50 MB, a string of 300 KiB, nesting 10,000 deep;
    /// each under its right name (the hash of its bytes) and place.
    static func oversized(for store: String) throws -> [(path: String, bytes: Data, problem: String)] {
        let commit = try SyncTests.tip(store)
        let clause = try firstClause(store)
        let records = [
            (comment(message: String(repeating: "a", count: 50 << 20), commit: commit, clause: clause), "over the 1048576-byte limit of a record"),
            (comment(message: String(repeating: "b", count: 300 << 10), commit: commit, clause: clause), "string of 307200 bytes, over the 262144-byte limit"),
            (comment(message: "deep", extra: String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
                     commit: commit, clause: clause), "nests objects or arrays more than 64 deep"),
        ]
        return try records.map { bytes, problem in ("comments/v1.0/\(try RecordTool.sha256(bytes)).json", bytes, problem) }
    }

    @Test func recordsOverTheLimitsAreQuarantinedAndNotReadAgain() throws {
        let fixture = try Fixture()
        let bad = try Self.oversized(for: fixture.store)
        try Self.offer(10, on: fixture.hub)
        try Plumbing.rewriteLedger(fixture.hub, bad.map { ($0.path, $0.bytes) }, message: "Records from elsewhere")

        let first = try SyncTests.sync(fixture.store)
        #expect(first.status == 1, "\(first.result.stdout) \(first.result.stderr)")
        #expect(first.records("in") == ["comments": 10], "the good records are taken in: \(first.result.stdout)")
        let quarantined = Dictionary(first.quarantined.map { ($0["path"] ?? "", $0["problem"] ?? "") }, uniquingKeysWith: { $1 })
        for record in bad {
            #expect(quarantined[record.path]?.contains(record.problem) == true, "\(record.path): \(quarantined[record.path] ?? "not quarantined")")
        }
        let local = Set(try Plumbing.ledger(fixture.store))
        #expect(bad.allSatisfy { !local.contains($0.path) })
        #expect(Set(try Plumbing.ledger(fixture.store, "refs/conduct/quarantine/hub")) == Set(bad.map(\.path)))
        let evidence = try SyncTests.tip(fixture.store, "refs/conduct/quarantine/hub")

        // Later syncs keep them out, saying why, without reading them or quarantining them again.
        let second = try SyncTests.sync(fixture.store)
        #expect(second.status == 1)
        let again = Dictionary(second.quarantined.map { ($0["path"] ?? "", $0["problem"] ?? "") }, uniquingKeysWith: { $1 })
        for record in bad {
            #expect(again[record.path]?.contains(record.problem) == true && again[record.path]?.contains("not read again") == true,
                    "\(record.path): \(again[record.path] ?? "not reported")")
        }
        #expect(try SyncTests.tip(fixture.store, "refs/conduct/quarantine/hub") == evidence, "nothing new to keep as evidence")
        #expect(try SyncTests.verify(fixture.store).status == 0)
        for command in [["comments", "--status", "all"], ["proposals"], ["show", "v1.0"], ["status"], ["log"]] {
            let result = try CLI.conduct(command + ["--store", fixture.store])
            #expect(result.status == 0 && !result.stderr.contains("warning"), "\(command): \(result.stderr)")
        }
    }

    @Test func recordsOverTheLimitsInTheStoreAreSkippedWithAWarning() throws {
        let fixture = try Fixture()
        let bad = try Self.oversized(for: fixture.store)
        try Plumbing.rewriteLedger(fixture.store, bad.map { ($0.path, $0.bytes) }, message: "Records from elsewhere")
        let site = fixture.directory.path("site")
        for command in [["comments", "--status", "all"], ["comments", "--format", "json"], ["proposals"], ["show", "v1.0"],
                        ["status"], ["log"], ["publish", "--out", site, "--date", "2025-06-01"]] {
            let result = try CLI.conduct(command + ["--store", fixture.store])
            #expect(result.status == 0, "\(command): exit \(result.status): \(result.stderr)")
            #expect(!result.stderr.contains("damaged"), "\(command): \(result.stderr)")
            if command[0] != "status" && command[0] != "log" {
                #expect(result.stderr.contains("not a valid record") && result.stderr.contains("conduct verify"), "\(command): \(result.stderr)")
                for record in bad { #expect(result.stderr.contains(record.path), "\(command): \(result.stderr)") }
            }
        }
        let comments = try CLI.conduct(["comments", "--store", fixture.store, "--status", "all"])
        #expect(comments.stdout.contains("A comment of this store's own."), "the good record is still read: \(comments.stdout)")
        let verify = try SyncTests.verify(fixture.store)
        #expect(verify.status == 1)
        for record in bad {
            #expect((verify.stdout + verify.stderr).contains(record.path), "\(verify.stdout)")
        }
        #expect(verify.stdout.contains("over the 1048576-byte limit"), "\(verify.stdout)")
    }

    /// A comment over its message limit is refused before any record is made (Record's own limits are tested in ConductKitTests).
    @Test func aCommentOverItsLimitIsNeverWritten() throws {
        let fixture = try Fixture()
        let long = try fixture.directory.write("long.txt", String(repeating: "x", count: 300 << 10))
        let refs = try Plumbing.refs(fixture.store)
        let result = try CLI.conduct(["comment", "v1.0", "--clause", try Self.firstClause(fixture.store), "--file", long,
                                      "--store", fixture.store, "--as", Self.commenter])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(try Plumbing.refs(fixture.store) == refs)
    }

    // MARK: References of the wrong kind

    /// Makes `hub` hold something no store can take in (by plain git), syncs the store with it,
    /// and expects a refusal naming `reference` and `reason`, with the store's refs unchanged.
    func expectRefused(_ fixture: Fixture, remote: String, reference: String, reason: String,
                       _ damage: (String) throws -> Void) throws {
        let hub = fixture.directory.path("\(remote).git")
        try CLI.succeed(CLI.run("/bin/cp", ["-a", fixture.hub, hub]))
        try damage(hub)
        try CLI.succeed(CLI.conduct(["remote", "add", remote, hub, "--store", fixture.store]))
        let before = try Plumbing.refs(fixture.store)
        let sync = try CLI.conduct(["sync", remote, "--store", fixture.store])
        #expect(sync.status == 2, "\(remote): \(sync.stdout) \(sync.stderr)")
        #expect(sync.stderr.contains(reference) && sync.stderr.contains(reason) && sync.stderr.contains("unchanged"),
                "\(remote): \(sync.stderr)")
        #expect(try Plumbing.refs(fixture.store) == before, "\(remote): the store's references moved")
        // A clone of such a hub leaves nothing behind.
        let clone = fixture.directory.path("clone-\(remote).git")
        let cloned = try CLI.conduct(["clone", hub, clone])
        #expect(cloned.status == 2 && cloned.stderr.contains(reason), "\(remote): \(cloned.stderr)")
        #expect(!FileManager.default.fileExists(atPath: clone))
        // Every command still works afterwards.
        #expect(try CLI.conduct(["show", "main", "--store", fixture.store]).status == 0)
        #expect(try SyncTests.verify(fixture.store).status == 0)
    }

    static func hash(_ hub: String, _ text: String) throws -> String {
        try Plumbing.gitOutput(hub, ["hash-object", "-w", "--stdin"], stdin: Data(text.utf8))
    }

    /// Puts a new commit with `tree` (mktree input lines) on top of the hub's main.
    static func mainWithTree(_ hub: String, _ lines: String) throws {
        let tree = try Plumbing.gitOutput(hub, ["mktree", "--missing"], stdin: Data(lines.utf8))
        let commit = try Plumbing.gitOutput(hub, ["commit-tree", tree, "-p", "refs/heads/main", "-m", "A revision from elsewhere"])
        // Written as a file: git itself keeps refs/heads/* on commits, a hub need not.
        try Plumbing.gitOutput(hub, ["update-ref", "refs/heads/main", commit])
    }

    /// Points `reference` of the hub at `object`, writing the loose ref file as any server could.
    static func point(_ hub: String, _ reference: String, at object: String) throws {
        let file = URL(fileURLWithPath: hub).appendingPathComponent(reference)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((object + "\n").utf8).write(to: file)
    }

    @Test func proposalReferencesThatAreNotCommitsAreRefused() throws {
        let fixture = try Fixture()
        try expectRefused(fixture, remote: "blob", reference: "refs/conduct/proposals/p-blob", reason: "points at a blob, not at a commit") { hub in
            try Self.point(hub, "refs/conduct/proposals/p-blob", at: try Self.hash(hub, "not a proposal"))
        }
        try expectRefused(fixture, remote: "tree", reference: "refs/conduct/proposals/p-tree", reason: "points at a tree, not at a commit") { hub in
            try Self.point(hub, "refs/conduct/proposals/p-tree", at: try Plumbing.gitOutput(hub, ["rev-parse", "refs/heads/main^{tree}"]))
        }
        try expectRefused(fixture, remote: "tag", reference: "refs/conduct/proposals/p-tag", reason: "points at a tag, not at a commit") { hub in
            try Self.point(hub, "refs/conduct/proposals/p-tag", at: try Plumbing.gitOutput(hub, ["rev-parse", "refs/tags/v1.0"]))
        }
        try expectRefused(fixture, remote: "ledger", reference: "refs/conduct/records", reason: "points at a blob, not at a commit") { hub in
            try Self.point(hub, "refs/conduct/records", at: try Self.hash(hub, "not a ledger"))
        }
    }

    @Test func aMainWithoutItsDocumentIsRefused() throws {
        let fixture = try Fixture()
        let document = "CODE_OF_CONDUCT.md"
        try expectRefused(fixture, remote: "none", reference: "refs/heads/main", reason: "holds no \(document)") { hub in
            try Self.mainWithTree(hub, "100644 blob \(try Self.hash(hub, "# Something else\n"))\tREADME.md\n")
        }
        try expectRefused(fixture, remote: "symlink", reference: "refs/heads/main", reason: "\(document) is a symbolic link") { hub in
            try Self.mainWithTree(hub, "120000 blob \(try Self.hash(hub, "/etc/passwd"))\t\(document)\n")
        }
        try expectRefused(fixture, remote: "folder", reference: "refs/heads/main", reason: "\(document) is a folder") { hub in
            let inner = try Plumbing.gitOutput(hub, ["rev-parse", "refs/heads/main^{tree}"])
            try Self.mainWithTree(hub, "040000 tree \(inner)\t\(document)\n")
        }
        try expectRefused(fixture, remote: "submodule", reference: "refs/heads/main", reason: "\(document) is a submodule") { hub in
            try Self.mainWithTree(hub, "160000 commit \(try SyncTests.tip(hub))\t\(document)\n")
        }
        try expectRefused(fixture, remote: "blobmain", reference: "refs/heads/main", reason: "points at a blob, not at a commit") { hub in
            try Self.point(hub, "refs/heads/main", at: try Self.hash(hub, "not a revision"))
        }
    }

    @Test func tagsThatAreNotTagsOfRevisionsAreRefused() throws {
        let fixture = try Fixture()
        try expectRefused(fixture, remote: "tagblob", reference: "refs/tags/v9.0", reason: "points at a blob, not at a tag or a commit") { hub in
            try Self.point(hub, "refs/tags/v9.0", at: try Self.hash(hub, "not a version"))
        }
        try expectRefused(fixture, remote: "tagtree", reference: "refs/tags/v9.1", reason: "is a tag of a tree, not of a revision") { hub in
            let tree = try Plumbing.gitOutput(hub, ["rev-parse", "refs/heads/main^{tree}"])
            let tag = try Plumbing.gitOutput(hub, ["mktag"], stdin: Data(
                "object \(tree)\ntype tree\ntag v9.1\ntagger Mallory <mallory@example.org> 1700000000 +0000\n\nA tree\n".utf8))
            try Self.point(hub, "refs/tags/v9.1", at: tag)
        }
    }

    /// The same refusal when the hub is reached over git://, where objects arrive through a pack.
    @Test func aBadProposalOverGitDaemonIsRefused() throws {
        let fixture = try Fixture()
        try CLI.succeed(CLI.git(["--git-dir", fixture.hub, "config", "daemon.receivepack", "true"]))
        try Self.point(fixture.hub, "refs/conduct/proposals/p-blob", at: try Self.hash(fixture.hub, "not a proposal"))
        let daemon = try GitDaemon(base: fixture.directory.url.path)
        defer { daemon.stop() }
        try CLI.succeed(CLI.conduct(["remote", "add", "served", "git://127.0.0.1:\(daemon.port)/hub.git", "--store", fixture.store]))
        let before = try Plumbing.refs(fixture.store)
        let sync = try CLI.conduct(["sync", "served", "--store", fixture.store])
        #expect(sync.status == 2 && sync.stderr.contains("refs/conduct/proposals/p-blob points at a blob"), "\(sync.stdout) \(sync.stderr)")
        #expect(try Plumbing.refs(fixture.store) == before)
    }
}

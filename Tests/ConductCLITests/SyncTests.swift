import Foundation
import TestPeers
import Testing

/// `conduct remote`, `clone` and `sync` end to end: stores that meet through a bare hub on disk
/// or through `git daemon` on 127.0.0.1, concurrent syncs, a tampered hub, diverged mains,
/// faults of the transport and bad input.
@Suite("Sync between stores")
struct SyncTests {
    static let secretariat = "G7 Secretariat <secretariat@g7.example>"
    static let representatives = ["acme": "Acme Compliance <compliance@acme.example>", "uni": "Uni Lab <lab@uni.example>"]

    // MARK: Fixture

    /// A bare hub, the secretariat's store at v1.0 with `acme` and `uni` registered and the hub
    /// as its remote `hub`, synced once. Keys are in the temporary folder.
    /// A network whose hub is reached by its path, or for "git-daemon" through `git daemon` on
    /// 127.0.0.1 with receive-pack on; the daemon (stopped when released) and the git:// URL
    /// come with it.
    static func network(over transport: String) throws -> (network: Network, daemon: GitDaemon?, url: String?) {
        guard transport == "git-daemon" else { return (try Network(), nil, nil) }
        var daemon: GitDaemon?
        let network = try Network(hubURL: { _ in "git://127.0.0.1:\(daemon!.port)/hub.git" }, serve: { directory in
            try CLI.succeed(CLI.git(["--git-dir", directory.path("hub.git"), "config", "daemon.receivepack", "true"]))
            daemon = try GitDaemon(base: directory.url.path)
        })
        let served = try #require(daemon)
        return (network, served, "git://127.0.0.1:\(served.port)/hub.git")
    }

    struct Network {
        let directory: TemporaryDirectory
        let hub: String
        let secretariat: String
        var keys: [String: String] = [:]

        /// `hubURL` gives the remote's URL when the hub is served (git://); by default its path.
        init(hubURL: ((String) throws -> String)? = nil, serve: ((TemporaryDirectory) throws -> Void)? = nil) throws {
            directory = try TemporaryDirectory()
            hub = directory.path("hub.git")
            try CLI.succeed(CLI.git(["init", "--quiet", "--bare", hub]))
            try serve?(directory)
            secretariat = directory.path("secretariat.git")
            try CLI.succeed(CLI.conduct(["init", secretariat, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0",
                                         "--date", "2024-01-01", "--as", SyncTests.secretariat]))
            for id in ["acme", "uni"] {
                let key = directory.path("\(id).key")
                try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
                try CLI.succeed(CLI.conduct([
                    "signatory", "add", id, "--name", "Signatory \(id)", "--kind", "organisation", "--key", key + ".pub",
                    "--representative", SyncTests.representatives[id]!, "--store", secretariat,
                    "--as", SyncTests.secretariat, "--date", "2024-01-02"]))
                keys[id] = key
            }
            let url = try hubURL?(hub) ?? hub
            try CLI.succeed(CLI.conduct(["remote", "add", "hub", url, "--store", secretariat]))
            let first = try SyncTests.sync(secretariat)
            try #require(first.status == 0, "\(first.result.stderr)")
            #expect(first.revisions("out") == 1 && first.records("out") == ["signatories": 2, "authority": 1], "\(first.result.stdout)")
        }

        /// `conduct clone URL` into `NAME.git` of the temporary folder.
        func clone(_ name: String, from url: String? = nil) throws -> String {
            let path = directory.path("\(name).git")
            let result = try CLI.succeed(CLI.conduct(["clone", url ?? hub, path]))
            #expect(result.stdout.contains("In from origin:  1 revision"), "\(result.stdout)")
            return path
        }

        /// `conduct attest ID` in `store` as its representative with its key.
        func attest(_ id: String, in store: String, _ extra: [String]) throws {
            try CLI.succeed(CLI.conduct(["attest", id, "--store", store, "--key", keys[id]!,
                                         "--as", SyncTests.representatives[id]!] + extra))
        }

        func comment(in store: String, as who: String, _ arguments: [String]) throws {
            try CLI.succeed(CLI.conduct(["comment", "--store", store, "--as", who] + arguments))
        }
    }

    /// A `conduct sync --format json` run, its report parsed (and checked against the schema).
    struct Report {
        let result: CLI.Result
        let json: [String: Any]

        var status: Int32 { result.status }
        func revisions(_ direction: String) -> Int { (json[direction] as? [String: Any])?["revisions"] as? Int ?? -1 }
        func proposals(_ direction: String) -> [String] { (json[direction] as? [String: Any])?["proposals"] as? [String] ?? [] }
        func records(_ direction: String) -> [String: Int] { (json[direction] as? [String: Any])?["records"] as? [String: Int] ?? [:] }
        var diverged: [[String: String]] { json["diverged"] as? [[String: String]] ?? [] }
        var quarantined: [[String: String]] { json["quarantined"] as? [[String: String]] ?? [] }
        var refused: [String: String] { json["refused"] as? [String: String] ?? [:] }
        /// Nothing in, nothing out, nothing left alone.
        var isQuiet: Bool {
            ["in", "out"].allSatisfy { revisions($0) == 0 && proposals($0).isEmpty && records($0).isEmpty }
                && diverged.isEmpty && quarantined.isEmpty && refused.isEmpty
        }
    }

    // MARK: Helpers

    /// `conduct sync --format json` of `store`; when it exits 0 or 1, its report (validated).
    static func sync(_ store: String, _ extra: [String] = []) throws -> Report {
        let result = try CLI.conduct(["sync", "--store", store, "--format", "json"] + extra)
        guard result.status == 0 || result.status == 1 else {
            Issue.record("sync \(store) \(extra): exit \(result.status): \(result.stderr)")
            return Report(result: result, json: [:])
        }
        let validation = try CLI.validate(result.stdout, schema: "sync")
        #expect(validation.status == 0, "\(validation.stderr)\n\(result.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String: Any], "\(result.stdout)")
        return Report(result: result, json: json)
    }

    /// The refs a store shares with others: main, the ledger, proposals and version tags.
    static func sharedRefs(_ repository: String) throws -> String {
        try Plumbing.gitOutput(repository, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/main", "refs/conduct/records",
                                       "refs/conduct/proposals/", "refs/tags/"])
    }

    static func tip(_ repository: String, _ reference: String = "refs/heads/main") throws -> String {
        try Plumbing.gitOutput(repository, ["rev-parse", "--verify", "--quiet", reference])
    }

    /// `status --format json` (validated) without its clock: what must agree between stores.
    static func status(_ store: String) throws -> NSDictionary {
        let result = try CLI.succeed(CLI.conduct(["status", "--store", store, "--format", "json"]))
        #expect(try CLI.validate(result.stdout, schema: "status").status == 0)
        var object = try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String: Any])
        object["now"] = nil
        return object as NSDictionary
    }

    static func states(_ status: NSDictionary) -> [String: String] {
        let rows = status["signatories"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? String ?? "", $0["state"] as? String ?? "") })
    }

    static func verify(_ store: String) throws -> CLI.Result { try CLI.conduct(["verify", "--store", store]) }

    /// Starts `conduct ARGS` without waiting, its output going to `log`.
    static func spawn(_ arguments: [String], log: String) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CONDUCT_STORE"] = nil
        environment["NO_COLOR"] = "1"
        environment.merge(CLI.identity) { $1 }
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, handle)
    }

    // MARK: 1. Three stores and a hub

    @Test func threeStoresConvergeThroughAHub() throws {
        let network = try Network()
        let secretariat = network.secretariat, hub = network.hub
        let acme = try network.clone("acme"), uni = try network.clone("uni")
        for store in [acme, uni] {
            #expect(try CLI.conduct(["remote", "list", "--store", store]).stdout == "origin  \(hub)\n")
            #expect(try Self.tip(store) == (try Self.tip(secretariat)))
            #expect(try Plumbing.ledger(store) == (try Plumbing.ledger(secretariat)))
        }

        // Offline work everywhere.
        try network.attest("acme", in: acme, ["--date", "2024-02-01", "--statement", "We adhere to the whole code."])
        try network.comment(in: acme, as: Self.representatives["acme"]!, ["v1.0", "--clause", "scope", "--message", "Clear enough.", "--date", "2024-02-02"])
        try network.attest("uni", in: uni, ["--clauses", "scope,transparency", "--date", "2024-02-03"])
        try network.comment(in: uni, as: Self.representatives["uni"]!, ["v1.0", "--clause", "transparency", "--message", "How often?", "--date", "2024-02-04"])
        try network.comment(in: secretariat, as: Self.secretariat, ["v1.0", "--clause", "scope", "--message", "Noted.", "--date", "2024-02-05"])

        // Round 1: acme, uni, secretariat.
        var report = try Self.sync(acme)
        #expect(report.status == 0 && report.records("in").isEmpty && report.records("out") == ["attestations": 1, "comments": 1], "\(report.result.stdout)")
        report = try Self.sync(uni)
        #expect(report.status == 0, "\(report.result.stdout)")
        #expect(report.records("in") == ["attestations": 1, "comments": 1] && report.records("out") == ["attestations": 1, "comments": 1], "\(report.result.stdout)")
        report = try Self.sync(secretariat)
        #expect(report.status == 0, "\(report.result.stdout)")
        #expect(report.records("in") == ["attestations": 2, "comments": 2] && report.records("out") == ["comments": 1], "\(report.result.stdout)")

        // Round 2: the secretariat adopts v1.1 between syncs; acme attests again, uni comments again, offline.
        try CLI.succeed(CLI.conduct(["adopt", "--store", secretariat, "--from", ProposalTests.corpus("v1.1"), "--version", "1.1",
                                     "--date", "2024-03-01", "--as", Self.secretariat]))
        try network.attest("acme", in: acme, ["--date", "2024-03-02"])
        try network.comment(in: uni, as: Self.representatives["uni"]!, ["v1.0", "--clause", "scope", "--message", "Also for research?", "--date", "2024-03-03"])
        report = try Self.sync(acme)
        #expect(report.status == 0 && report.revisions("in") == 0, "\(report.result.stdout)")
        #expect(report.records("in") == ["attestations": 1, "comments": 2] && report.records("out") == ["attestations": 1], "\(report.result.stdout)")
        report = try Self.sync(secretariat)
        #expect(report.status == 0 && report.revisions("out") == 1 && report.revisions("in") == 0, "\(report.result.stdout)")
        #expect(report.records("in") == ["attestations": 1] && report.records("out").isEmpty, "\(report.result.stdout)")
        report = try Self.sync(uni)
        #expect(report.status == 0 && report.revisions("in") == 1, "\(report.result.stdout)")
        #expect(report.records("in") == ["attestations": 1, "comments": 1] && report.records("out") == ["comments": 1], "\(report.result.stdout)")
        #expect(try Self.tip(uni) == (try Self.tip(secretariat)))

        // Round 3: acme takes v1.1 and attests it; uni re-attests its clauses at v1.1.
        report = try Self.sync(acme)
        #expect(report.status == 0 && report.revisions("in") == 1 && report.records("in") == ["comments": 1], "\(report.result.stdout)")
        try network.attest("acme", in: acme, ["--date", "2024-03-10"])
        try network.attest("uni", in: uni, ["--clauses", "scope,transparency", "--date", "2024-03-11"])
        for store in [acme, uni, secretariat, acme, uni, secretariat] {
            let report = try Self.sync(store)
            #expect(report.status == 0, "\(store): \(report.result.stdout)")
        }

        // Everyone holds the same code and the same records, and reads them the same way.
        let main = try Self.tip(secretariat)
        #expect(main == (try Self.tip(secretariat, "v1.1^{commit}")))
        let records = try Plumbing.ledger(hub)
        #expect(records.filter { $0.hasPrefix("attestations/acme/") }.count == 3, "\(records)")
        #expect(records.filter { $0.hasPrefix("attestations/uni/") }.count == 2, "\(records)")
        #expect(records.filter { $0.hasPrefix("comments/") }.count == 4, "\(records)")
        #expect(records.filter { $0.hasPrefix("signatories/") }.count == 2, "\(records)")
        let tags = try Plumbing.gitOutput(hub, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/tags/"])
        #expect(tags.split(separator: "\n").count == 2, "\(tags)")
        let expected = try Self.status(secretariat)
        #expect(Self.states(expected) == ["acme": "current", "uni": "current"], "\(expected)")
        for store in [secretariat, acme, uni, hub] {
            #expect(try Self.tip(store) == main, "\(store)")
            #expect(try Plumbing.ledger(store) == records, "\(store)")
            #expect(try Plumbing.gitOutput(store, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/tags/"]) == tags, "\(store)")
            #expect(try Self.status(store) == expected, "\(store)")
            let verified = try Self.verify(store)
            #expect(verified.status == 0, "\(store): \(verified.stdout) \(verified.stderr)")
        }
        let fsck = try Plumbing.git(hub, ["fsck", "--strict", "--no-dangling"])
        // (git init --bare leaves HEAD on an unborn master: fsck notes it on stderr, which is no finding.)
        #expect(fsck.status == 0 && fsck.stdout.isEmpty, "\(fsck.stdout) \(fsck.stderr)")
        #expect(!fsck.stderr.contains("error") && !fsck.stderr.contains("warning"), "\(fsck.stderr)")

        // A further sync anywhere has nothing to do, and moves no ref.
        let hubRefs = try Plumbing.refs(hub)
        for store in [acme, uni, secretariat] {
            let before = try Plumbing.refs(store)
            let report = try Self.sync(store)
            #expect(report.status == 0 && report.isQuiet, "\(store): \(report.result.stdout)")
            #expect(try Plumbing.refs(store) == before, "\(store)")
            #expect(try Plumbing.refs(hub) == hubRefs, "\(store) changed the hub")
        }
    }

    // MARK: 2. Two signatories syncing at once

    /// Over a path remote (libgit2's local transport) and over git:// (git receive-pack).
    @Test(arguments: ["path", "git-daemon"])
    func concurrentSyncsLoseNoAttestation(transport: String) throws {
        let (network, daemon, url) = try Self.network(over: transport)
        defer { daemon?.stop() }
        let stores = ["acme": try network.clone("acme", from: url), "uni": try network.clone("uni", from: url)]
        var made: Set<String> = []
        let rounds = 5
        for round in 1...rounds {
            for (id, store) in stores {
                let before = Set(try Plumbing.ledger(store, under: "attestations/\(id)"))
                try network.attest(id, in: store, ["--date", "2024-02-\(String(format: "%02d", round))T10:00:00Z",
                                                   "--statement", "Round \(round) by \(id)."])
                let new = Set(try Plumbing.ledger(store, under: "attestations/\(id)")).subtracting(before)
                try #require(new.count == 1, "\(id) round \(round): \(new)")
                made.formUnion(new)
            }
            // Both sync at the same moment.
            let running = try stores.map { id, store in
                (id, try Self.spawn(["sync", "--store", store], log: network.directory.path("sync-\(id)-\(round).log")))
            }
            for (id, (process, handle)) in running {
                process.waitUntilExit()
                try? handle.close()
                let log = (try? String(contentsOfFile: network.directory.path("sync-\(id)-\(round).log"), encoding: .utf8)) ?? ""
                #expect(process.terminationStatus == 0, "\(transport), round \(round), \(id): exit \(process.terminationStatus): \(log)")
            }
            let onHub = Set(try Plumbing.ledger(network.hub, under: "attestations"))
            #expect(made.isSubset(of: onHub), "\(transport), round \(round): the hub lost \(made.subtracting(onHub).sorted())")
        }
        let onHub = Set(try Plumbing.ledger(network.hub, under: "attestations"))
        #expect(onHub == made, "missing \(made.subtracting(onHub).sorted()), unexpected \(onHub.subtracting(made).sorted())")
        #expect(made.count == 2 * rounds)
        let fsck = try Plumbing.git(network.hub, ["fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.stdout) \(fsck.stderr)")
        // The secretariat takes them all in.
        let report = try Self.sync(network.secretariat)
        #expect(report.status == 0 && report.records("in") == ["attestations": 2 * rounds], "\(report.result.stdout)")
        #expect(try Self.verify(network.secretariat).status == 0)
    }

    // MARK: 3. A real git server

    @Test func syncThroughGitDaemonAndReadAPlainMirror() throws {
        let (network, daemon, served) = try Self.network(over: "git-daemon")
        defer { daemon?.stop() }
        let url = try #require(served)
        #expect(try CLI.conduct(["remote", "list", "--store", network.secretariat]).stdout == "hub  \(url)\n")
        #expect(try Self.tip(network.hub) == (try Self.tip(network.secretariat)), "the first sync pushed main over git://")

        let acme = try network.clone("acme", from: url)
        try network.attest("acme", in: acme, ["--date", "2024-02-01"])
        var report = try Self.sync(acme)
        #expect(report.status == 0 && report.records("out") == ["attestations": 1], "\(report.result.stdout) \(report.result.stderr)")
        try CLI.succeed(CLI.conduct(["adopt", "--store", network.secretariat, "--from", ProposalTests.corpus("v1.1"), "--version", "1.1",
                                     "--date", "2024-03-01", "--as", Self.secretariat]))
        report = try Self.sync(network.secretariat)
        #expect(report.status == 0 && report.records("in") == ["attestations": 1] && report.revisions("out") == 1, "\(report.result.stdout)")
        report = try Self.sync(acme)
        #expect(report.status == 0 && report.revisions("in") == 1 && report.records("in").isEmpty, "\(report.result.stdout)")
        for store in [acme, network.hub] {
            #expect(try Self.sharedRefs(store) == (try Self.sharedRefs(network.secretariat)), "\(store)")
        }

        // A store made by plain git: `git clone --mirror` of the hub, through the daemon.
        let mirror = network.directory.path("mirror.git")
        try CLI.succeed(CLI.git(["clone", "--quiet", "--mirror", url, mirror]))
        daemon?.stop()
        #expect(try Self.sharedRefs(mirror) == (try Self.sharedRefs(network.secretariat)))
        for format in ["text", "json"] {
            let log = try CLI.succeed(CLI.conduct(["log", "--store", mirror, "--format", format]))
            #expect(log.stdout == (try CLI.conduct(["log", "--store", network.secretariat, "--format", format])).stdout)
        }
        let log = try CLI.conduct(["log", "--store", mirror, "--format", "json"])
        #expect(try CLI.validate(log.stdout, schema: "log").status == 0)
        let revisions = (try JSONSerialization.jsonObject(with: log.stdoutBytes) as? [String: Any])?["revisions"] as? [[String: Any]] ?? []
        #expect(revisions.map { $0["version"] as? String ?? "" } == ["1.1", "1.0"], "\(log.stdout)")
        let status = try Self.status(mirror)
        #expect(status == (try Self.status(network.secretariat)))
        #expect(Self.states(status) == ["acme": "current-editorial", "uni": "never"], "\(status)")
        #expect(try Self.verify(mirror).status == 0)
    }

    // MARK: 4. A hub holding bad records

    @Test func forgedAndMisnamedRecordsAreQuarantined() throws {
        let network = try Network()
        let acme = try network.clone("acme"), uni = try network.clone("uni")
        // A genuine attestation by acme reaches the hub.
        try network.attest("acme", in: acme, ["--date", "2024-02-01", "--statement", "We adhere to the whole code."])
        try #require(try Self.sync(acme).status == 0)
        let genuine = try Plumbing.ledger(network.hub, under: "attestations/acme")
        try #require(genuine.count == 1)
        // uni attests but never syncs: its record is put on the hub under a name that is not its hash.
        try network.attest("uni", in: uni, ["--date", "2024-02-02"])
        let uniPath = try #require(try Plumbing.ledger(uni, under: "attestations/uni").first)
        let misnamed = "attestations/uni/" + String(repeating: "0", count: 64) + ".json"
        // acme's record with its statement changed: a valid-looking record whose signature no longer holds, under its correct name.
        let forgedBytes = try RecordTool.edited(try Plumbing.blob(network.hub, genuine[0]), ["statement": "We also adhere to clauses we never read."])
        let forged = "attestations/acme/\(try RecordTool.sha256(forgedBytes)).json"
        try #require(try RecordTool.field(forgedBytes, "signature") == (try RecordTool.field(try Plumbing.blob(network.hub, genuine[0]), "signature")))
        try Plumbing.rewriteLedger(network.hub, [(forged, forgedBytes), (misnamed, try Plumbing.blob(uni, uniPath))], message: "Records from elsewhere")
        let hubRefs = try Plumbing.refs(network.hub)

        let report = try Self.sync(network.secretariat)
        #expect(report.status == 1, "\(report.result.stdout) \(report.result.stderr)")
        #expect(Set(report.quarantined.map { $0["path"] ?? "" }) == [forged, misnamed], "\(report.result.stdout)")
        #expect(report.quarantined.allSatisfy { !($0["problem"] ?? "").isEmpty })
        #expect(report.records("in") == ["attestations": 1], "the genuine record is taken in: \(report.result.stdout)")
        let local = try Plumbing.ledger(network.secretariat)
        #expect(local.contains(genuine[0]))
        #expect(!local.contains(forged) && !local.contains(misnamed), "\(local)")
        #expect(!local.contains(uniPath), "uni's record came only under the wrong name")
        let quarantine = try Plumbing.ledger(network.secretariat, "refs/conduct/quarantine/hub")
        #expect(Set(quarantine) == [forged, misnamed], "\(quarantine)")
        #expect(try Plumbing.blob(network.secretariat, forged, at: "refs/conduct/quarantine/hub") == forgedBytes)
        let verified = try Self.verify(network.secretariat)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(Self.states(try Self.status(network.secretariat)) == ["acme": "current", "uni": "never"])
        #expect(try Plumbing.refs(network.hub) == hubRefs, "nothing was pushed to the hub")
        let text = try CLI.conduct(["sync", "--store", network.secretariat])
        #expect(text.status == 1)
        #expect(text.stdout.contains("quarantined: \(forged)") && text.stdout.contains("quarantined: \(misnamed)"), "\(text.stdout)")
        #expect(text.stdout.contains("refs/conduct/quarantine/hub"), "\(text.stdout)")

        // A new clone of the hub keeps them out too.
        let fresh = network.directory.path("fresh.git")
        let cloned = try CLI.conduct(["clone", network.hub, fresh])
        #expect(cloned.status == 1, "a clone that left records out says so: \(cloned.stderr)")
        #expect(cloned.stdout.contains("quarantined: \(forged)") && cloned.stdout.contains("quarantined: \(misnamed)"), "\(cloned.stdout)")
        let freshLedger = try Plumbing.ledger(fresh)
        #expect(freshLedger.contains(genuine[0]) && !freshLedger.contains(forged) && !freshLedger.contains(misnamed), "\(freshLedger)")
        #expect(try Self.verify(fresh).status == 0)
    }

    /// The way out of a poisoned hub: the ledger is held back and the report says why and
    /// how; --replace-remote-ledger replaces the hub's ledger with one that holds every record
    /// of the hub's that checked out, and nothing else is lost.
    /// Over a path remote (compare-and-swap on the hub) and over git:// (a forced push).
    @Test(arguments: ["path", "git-daemon"])
    func aHubLedgerHoldingQuarantinedRecordsIsReplacedOnlyWhenAsked(transport: String) throws {
        let (network, daemon, url) = try Self.network(over: transport)
        defer { daemon?.stop() }
        let acme = try network.clone("acme", from: url)
        try network.attest("acme", in: acme, ["--date", "2024-02-01", "--statement", "We adhere to the whole code."])
        try #require(try Self.sync(acme).status == 0)
        let genuine = try #require(try Plumbing.ledger(network.hub, under: "attestations/acme").first)
        let forgedBytes = try RecordTool.edited(try Plumbing.blob(network.hub, genuine), ["statement": "We never read it."])
        let forged = "attestations/acme/\(try RecordTool.sha256(forgedBytes)).json"
        let poisoned = try Plumbing.rewriteLedger(network.hub, [(forged, forgedBytes)], message: "Records from elsewhere")
        try network.comment(in: network.secretariat, as: Self.secretariat, ["v1.0", "--clause", "scope", "--message", "Noted.", "--date", "2024-02-05"])

        // Held back, said so, and the way out named; the hub is untouched.
        let hubRefs = try Plumbing.refs(network.hub)
        let held = try Self.sync(network.secretariat)
        #expect(held.status == 1, "\(held.result.stdout)")
        #expect(held.json["ledgerHeldBack"] as? String == poisoned, "\(held.result.stdout)")
        #expect((held.json["replaced"] as? [String])?.isEmpty == true)
        #expect(try Plumbing.refs(network.hub) == hubRefs)
        let text = try CLI.conduct(["sync", "--store", network.secretariat])
        #expect(text.status == 1 && text.stdout.contains("held back: refs/conduct/records was not pushed")
                && text.stdout.contains("conduct sync hub --replace-remote-ledger"), "\(text.stdout)")
        // A dry run with the flag changes nothing.
        #expect(try Self.sync(network.secretariat, ["--dry-run", "--replace-remote-ledger"]).status == 1)
        #expect(try Plumbing.refs(network.hub) == hubRefs)

        // Asked: the hub's ledger is now the secretariat's; only the forged record is gone.
        let hubBefore = Set(try Plumbing.ledger(network.hub))
        let replaced = try Self.sync(network.secretariat, ["--replace-remote-ledger"])
        #expect(replaced.status == 0, "\(replaced.result.stdout) \(replaced.result.stderr)")
        #expect(replaced.json["replaced"] as? [String] == ["refs/conduct/records"], "\(replaced.result.stdout)")
        #expect(replaced.json["ledgerHeldBack"] is NSNull, "\(replaced.result.stdout)")
        #expect(replaced.records("out") == ["comments": 1], "\(replaced.result.stdout)")
        #expect(try Self.tip(network.hub, "refs/conduct/records") == (try Self.tip(network.secretariat, "refs/conduct/records")))
        let hubAfter = Set(try Plumbing.ledger(network.hub))
        #expect(hubBefore.subtracting(hubAfter) == [forged], "only the quarantined record left the hub")
        #expect(try Plumbing.ledger(network.secretariat, "refs/conduct/quarantine/hub") == [forged], "kept as evidence here")
        #expect(try Plumbing.git(network.hub, ["fsck", "--strict", "--no-dangling"]).status == 0)

        // Everyone else carries on: acme syncs cleanly, a fresh clone takes everything in and verifies.
        let after = try Self.sync(acme)
        #expect(after.status == 0 && after.quarantined.isEmpty && after.records("in") == ["comments": 1], "\(after.result.stdout)")
        let fresh = network.directory.path("fresh.git")
        let cloned = try CLI.conduct(["clone", url ?? network.hub, fresh])
        #expect(cloned.status == 0, "\(cloned.stdout) \(cloned.stderr)")
        #expect(try Self.verify(fresh).status == 0)
        #expect(try Self.sync(network.secretariat).isQuiet)
    }

    // MARK: 5. Diverged main

    @Test func aDivergedMainIsReportedAndTakenOnlyWhenAsked() throws {
        let network = try Network()
        let secretariat = network.secretariat, hub = network.hub
        let clone = try network.clone("clone")
        try CLI.succeed(CLI.conduct(["adopt", "--store", secretariat, "--from", ProposalTests.corpus("v1.1"), "--version", "1.1",
                                     "--date", "2024-03-01", "--as", Self.secretariat]))
        // A clone adopts only with the secretariat's key (revisions are signed by it).
        try CLI.succeed(CLI.conduct(["adopt", "--store", clone, "--from", ProposalTests.corpus("v1.2"), "--version", "1.2",
                                     "--date", "2024-03-02", "--as", "Someone Else <else@example.org>",
                                     "--secretariat-key", secretariat + "/conduct/secretariat_ed25519"]))
        #expect(try Self.sync(secretariat).status == 0)
        let theirs = try Self.tip(hub), ours = try Self.tip(clone)
        try #require(theirs != ours && theirs == (try Self.tip(secretariat)))

        // A dry run and a plain sync report both tips and change neither main.
        for extra in [["--dry-run"], []] {
            let report = try Self.sync(clone, extra)
            #expect(report.status == 1, "\(extra): \(report.result.stdout)")
            #expect(report.diverged.count == 1, "\(report.result.stdout)")
            let divergence = report.diverged.first ?? [:]
            #expect(divergence["reference"] == "refs/heads/main" && divergence["local"] == ours && divergence["remote"] == theirs)
            #expect(divergence["backup"] == nil)
            #expect(try Self.tip(clone) == ours && (try Self.tip(hub)) == theirs)
            // The fetch brought the hub's tip in: the two are genuinely divergent.
            #expect(try Plumbing.git(clone, ["merge-base", "--is-ancestor", theirs, ours]).status == 1)
            #expect(try Plumbing.git(clone, ["merge-base", "--is-ancestor", ours, theirs]).status == 1)
        }
        // The hub holds no version tag of a revision that is not on its main.
        for tag in try Plumbing.gitOutput(hub, ["for-each-ref", "--format=%(refname)", "refs/tags/"]).split(separator: "\n") {
            let tagged = try Plumbing.gitOutput(hub, ["rev-parse", "\(tag)^{commit}"])
            #expect(try Plumbing.git(hub, ["merge-base", "--is-ancestor", tagged, "refs/heads/main"]).status == 0,
                    "\(tag) on the hub tags \(tagged), a revision off its main")
        }

        // --accept-remote takes the hub's main and keeps the old tip on a backup ref.
        let accepted = try Self.sync(clone, ["--accept-remote"])
        let backup = accepted.diverged.first?["backup"] ?? ""
        #expect(backup.hasPrefix("refs/conduct/backup/main-"), "\(accepted.result.stdout)")
        #expect(try Self.tip(clone) == theirs && (try Self.tip(hub)) == theirs)
        #expect(try Self.tip(clone, backup) == ours)
        #expect(try Plumbing.git(clone, ["cat-file", "-e", "\(ours):CODE_OF_CONDUCT.md"]).status == 0, "the old tip is still whole")
        let log = try CLI.succeed(CLI.conduct(["log", "--store", clone]))
        #expect(log.stdout.contains("v1.1") && log.stdout.contains("v1.0"), "\(log.stdout)")
        #expect(accepted.status == 0, "taking the remote's main when asked is a success")
        let after = try Self.sync(clone)
        #expect(after.status == 0 && after.diverged.isEmpty, "\(after.result.stdout)")

        // Later the secretariat adopts its own v1.2: it reaches the hub, and a new clone reads it as v1.2.
        try CLI.succeed(CLI.conduct(["adopt", "--store", secretariat, "--from", ProposalTests.corpus("v1.2"), "--version", "1.2",
                                     "--date", "2024-04-01", "--as", Self.secretariat]))
        let published = try CLI.conduct(["sync", "--store", secretariat, "--format", "json"])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(try Self.tip(hub) == (try Self.tip(secretariat)))
        let fresh = network.directory.path("fresh.git")
        try CLI.succeed(CLI.conduct(["clone", hub, fresh]))
        let freshLog = try CLI.conduct(["log", "--store", fresh])
        #expect(freshLog.stdout.hasPrefix("v1.2"), "\(freshLog.stdout)")
        #expect(try Self.tip(fresh, "v1.2^{commit}") == (try Self.tip(secretariat, "v1.2^{commit}")))
        // And the clone that took the hub's main before follows it to the secretariat's v1.2.
        let followed = try Self.sync(clone)
        #expect(try followed.status == 0 && Self.tip(clone) == Self.tip(secretariat), "\(followed.result.stdout)")
        #expect(try Self.tip(clone, "v1.2^{commit}") == (try Self.tip(secretariat, "v1.2^{commit}")), "the clone's v1.2 tag")
    }

    // MARK: 6. Faults

    @Test func aMissingHubChangesNothingAndTheNextSyncCompletes() throws {
        let network = try Network()
        let secretariat = network.secretariat
        let away = network.directory.path("hub-away.git")
        try network.comment(in: secretariat, as: Self.secretariat, ["v1.0", "--clause", "scope", "--message", "Noted.", "--date", "2024-02-05"])
        let before = try Plumbing.refs(secretariat)
        let hubBefore = try Plumbing.refs(network.hub)
        try FileManager.default.moveItem(atPath: network.hub, toPath: away)
        for extra in [[], ["--dry-run"]] {
            let failed = try CLI.conduct(["sync", "--store", secretariat] + extra)
            #expect(failed.status == 2, "\(extra): \(failed.stdout) \(failed.stderr)")
            #expect(failed.stderr.hasPrefix("conduct: error:") && failed.stderr.contains("hub"), "\(failed.stderr)")
            let lower = failed.stderr.lowercased()
            #expect(failed.stderr.contains(network.hub) || ["not found", "does not exist", "no such"].contains { lower.contains($0) },
                    "the message should say the hub is not there: \(failed.stderr)")
            #expect(failed.stdout.isEmpty, "\(failed.stdout)")
            #expect(try Plumbing.refs(secretariat) == before)
        }
        try FileManager.default.moveItem(atPath: away, toPath: network.hub)
        #expect(try Plumbing.refs(network.hub) == hubBefore)
        let report = try Self.sync(secretariat)
        #expect(report.status == 0 && report.records("out") == ["comments": 1], "\(report.result.stdout)")
        #expect(try Plumbing.ledger(network.hub) == (try Plumbing.ledger(secretariat)))
    }

    @Test func aStoppedDaemonChangesNothingAndTheNextSyncCompletes() throws {
        let served = try Self.network(over: "git-daemon")
        let network = served.network
        var daemon = served.daemon
        defer { daemon?.stop() }
        let port = try #require(daemon).port
        let secretariat = network.secretariat
        try network.comment(in: secretariat, as: Self.secretariat, ["v1.0", "--clause", "scope", "--message", "Noted.", "--date", "2024-02-05"])
        let before = try Plumbing.refs(secretariat)
        daemon?.stop()
        let failed = try CLI.conduct(["sync", "--store", secretariat])
        #expect(failed.status == 2, "\(failed.stdout) \(failed.stderr)")
        #expect(failed.stderr.hasPrefix("conduct: error:") && failed.stderr.contains("hub"), "\(failed.stderr)")
        #expect(failed.stderr.contains("127.0.0.1") || failed.stderr.lowercased().contains("connect"), "\(failed.stderr)")
        #expect(try Plumbing.refs(secretariat) == before)

        daemon = try GitDaemon(base: network.directory.url.path, port: port)
        let report = try Self.sync(secretariat)
        #expect(report.status == 0 && report.records("out") == ["comments": 1], "\(report.result.stdout)")
        #expect(try Plumbing.ledger(network.hub) == (try Plumbing.ledger(secretariat)))
    }

    // MARK: 7. Bad input

    @Test func badRemoteCommandsAreRefused() throws {
        let network = try Network()
        let store = network.secretariat
        let before = try Plumbing.refs(store)
        let config = try String(contentsOfFile: store + "/config", encoding: .utf8)
        let cases: [(arguments: [String], messages: [String])] = [
            (["remote", "add", "hub", "/elsewhere.git"], ["remote 'hub' exists already"]),
            (["remote", "remove", "nosuch"], ["no remote 'nosuch'", "hub"]),
            (["sync", "nosuch"], ["no remote 'nosuch'", "remotes: hub"]),
            (["sync", "nosuch", "--format", "json"], ["no remote 'nosuch'", "remotes: hub"]),
            (["remote", "add", "Bad Name", "/x.git"], ["Bad Name"]),
        ]
        for (arguments, messages) in cases {
            let result = try CLI.conduct(arguments + ["--store", store])
            #expect(result.status == 2, "\(arguments): exit \(result.status): \(result.stderr)")
            #expect(result.stderr.hasPrefix("conduct: error:"), "\(arguments): \(result.stderr)")
            for message in messages { #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)") }
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            #expect(try Plumbing.refs(store) == before, "\(arguments)")
            #expect(try String(contentsOfFile: store + "/config", encoding: .utf8) == config, "\(arguments) changed the config")
        }
        #expect(try CLI.conduct(["remote", "list", "--store", store]).stdout == "hub  \(network.hub)\n")

        // With several remotes and none called origin, sync wants a name.
        try CLI.succeed(CLI.conduct(["remote", "add", "backup", network.directory.path("backup.git"), "--store", store]))
        let unnamed = try CLI.conduct(["sync", "--store", store])
        #expect(unnamed.status == 2 && unnamed.stderr.contains("backup, hub"), "\(unnamed.stderr)")
        try CLI.succeed(CLI.conduct(["remote", "remove", "backup", "--store", store]))
        #expect(try CLI.conduct(["remote", "list", "--store", store]).stdout == "hub  \(network.hub)\n")

        // clone never writes into a folder that holds something.
        let folder = network.directory.path("occupied")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try network.directory.write("occupied/notes.txt", "mine\n")
        let files = snapshot(folder)
        let occupied = try CLI.conduct(["clone", network.hub, folder])
        #expect(occupied.status == 2 && occupied.stderr.contains("already holds other files"), "\(occupied.stderr)")
        #expect(snapshot(folder) == files)
        let onStore = try CLI.conduct(["clone", network.hub, store])
        #expect(onStore.status == 2 && onStore.stderr.contains("already holds a store"), "\(onStore.stderr)")
        #expect(try Plumbing.refs(store) == before)
        let missing = network.directory.path("nothing-here.git")
        let fromNowhere = try CLI.conduct(["clone", missing, network.directory.path("new.git")])
        #expect(fromNowhere.status == 2, "\(fromNowhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: network.directory.path("new.git")), "a failed clone leaves no half-made store")
    }
}


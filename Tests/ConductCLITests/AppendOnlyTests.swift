import Foundation
import TestPeers
import Testing

/// The ledger never shrinks: `verify` holds the tip to every earlier tip it knows (history,
/// reflog, remotes' ledgers seen), and `sync` never takes a hub's word that a record is gone.
@Suite("Append-only ledger")
struct AppendOnlyTests {
    typealias Sync = SyncTests
    typealias Security = AttestationSecurityTests

    /// A commit whose tree is `reference`'s tip without `removed`, with `parents` (none: a new root).
    static func ledgerWithout(_ repository: String, _ removed: [String], reference: String = "refs/conduct/records",
                              parents: [String]) throws -> String {
        let index = FileManager.default.temporaryDirectory.appendingPathComponent("append-only-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: index) }
        let environment = ["GIT_INDEX_FILE": index]
        _ = try Plumbing.gitOutput(repository, ["read-tree", reference], environment: environment)
        let lines = removed.map { "0 0000000000000000000000000000000000000000\t\($0)\n" }.joined()
        _ = try Plumbing.gitOutput(repository, ["update-index", "--index-info"], stdin: Data(lines.utf8), environment: environment)
        let tree = try Plumbing.gitOutput(repository, ["write-tree"], environment: environment)
        return try Plumbing.gitOutput(repository, ["commit-tree", tree, "-m", "Tidy the ledger"] + parents.flatMap { ["-p", $0] })
    }

    static func historyFindings(_ store: String) throws -> [String] {
        try Security.verify(store).findings.filter { $0.check == "history" }.map(\.subject)
    }

    @Test func aLedgerRewrittenAsANewRootIsFoundThroughTheReflog() throws {
        let fixture = try Security.Fixture()
        let removed = try fixture.attestation("uni", of: fixture.v10)
        #expect(try Security.verify(fixture.store).status == 0)
        let root = try Self.ledgerWithout(fixture.store, [removed], parents: [])
        let old = try Sync.tip(fixture.store, "refs/conduct/records")
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "-m", "rewrite", "refs/conduct/records", root, old])
        #expect(try Plumbing.gitOutput(fixture.store, ["rev-list", "--count", "refs/conduct/records"]) == "1", "no history left to compare")
        let verified = try Security.verify(fixture.store)
        #expect(verified.status == 1)
        #expect(try Self.historyFindings(fixture.store) == [removed], "\(verified.findings)")

        // Rewound instead: the ledger moved back to a commit before the record.
        let rewound = try Security.Fixture()
        let last = try rewound.attestation("acme", of: rewound.v11)
        let tip = try Sync.tip(rewound.store, "refs/conduct/records")
        _ = try Plumbing.gitOutput(rewound.store, ["update-ref", "-m", "rewind", "refs/conduct/records", tip + "~1", tip])
        #expect(try Self.historyFindings(rewound.store) == [last])
    }

    /// A hub that deletes a record by a fast-forward commit: the store that syncs says so, keeps
    /// the record, and gives it back to the hub; over a path and over git://.
    @Test(arguments: ["path", "git-daemon"])
    func aHubDroppingARecordByAFastForwardIsRefused(transport: String) throws {
        let (network, daemon, url) = try Sync.network(over: transport)
        defer { daemon?.stop() }
        let acme = try network.clone("acme", from: url)
        try network.comment(in: network.secretariat, as: Sync.secretariat, ["v1.0", "--clause", "scope", "--message", "Keep this.", "--date", "2024-02-05"])
        try #require(try Sync.sync(network.secretariat).status == 0)
        try #require(try Sync.sync(acme).status == 0)
        let comment = try #require(try Plumbing.ledger(acme, under: "comments").first)

        // The hub's operator drops it, on top of the tip: a fast-forward for everyone.
        let hubTip = try Sync.tip(network.hub, "refs/conduct/records")
        let dropping = try Self.ledgerWithout(network.hub, [comment], parents: [hubTip])
        _ = try Plumbing.gitOutput(network.hub, ["update-ref", "refs/conduct/records", dropping, hubTip])

        let report = try Sync.sync(acme)
        #expect(report.status == 1, "\(report.result.stdout)")
        let dropped = report.json["dropped"] as? [[String: Any]] ?? []
        #expect(dropped.map { $0["path"] as? String } == [comment], "\(report.result.stdout)")
        #expect(try Plumbing.ledger(acme).contains(comment), "the record stays")
        #expect(try Plumbing.ledger(network.hub).contains(comment), "and is back on the hub")
        #expect(try Plumbing.git(network.hub, ["merge-base", "--is-ancestor", dropping, "refs/conduct/records"]).status == 0,
                "by a fast-forward of the hub's ledger")
        #expect(try CLI.conduct(["verify", "--store", acme]).status == 0)
        // Everyone else carries on; the secretariat sees nothing amiss, since the hub holds it again.
        let secretariat = try Sync.sync(network.secretariat)
        #expect(secretariat.status == 0 && (secretariat.json["dropped"] as? [Any])?.isEmpty == true, "\(secretariat.result.stdout)")
        #expect(try Plumbing.ledger(network.secretariat).contains(comment))
        #expect(try Sync.sync(acme).isQuiet)
    }

    @Test func aDroppedRecordIsNamedInTextAndADryRunChangesNothing() throws {
        let network = try Sync.Network()
        try network.comment(in: network.secretariat, as: Sync.secretariat, ["v1.0", "--clause", "scope", "--message", "Keep this.", "--date", "2024-02-05"])
        try #require(try Sync.sync(network.secretariat).status == 0)
        let comment = try #require(try Plumbing.ledger(network.secretariat, under: "comments").first)
        let hubTip = try Sync.tip(network.hub, "refs/conduct/records")
        let dropping = try Self.ledgerWithout(network.hub, [comment], parents: [hubTip])
        _ = try Plumbing.gitOutput(network.hub, ["update-ref", "refs/conduct/records", dropping, hubTip])
        let hubRefs = try Plumbing.refs(network.hub)
        let local = try Sync.tip(network.secretariat, "refs/conduct/records")
        let dry = try CLI.conduct(["sync", "--store", network.secretariat, "--dry-run"])
        #expect(dry.status == 1)
        #expect(dry.stdout.contains("dropped by hub: \(comment)"), "\(dry.stdout)")
        #expect(try Plumbing.refs(network.hub) == hubRefs)
        #expect(try Sync.tip(network.secretariat, "refs/conduct/records") == local)
        let text = try CLI.conduct(["sync", "--store", network.secretariat])
        #expect(text.status == 1 && text.stdout.contains("given back on push"), "\(text.stdout)")
        #expect(try Plumbing.ledger(network.hub).contains(comment))
    }

    /// A hub whose ledger was force-pushed to a new root without a record.
    @Test func aForcePushedHubLedgerIsRefused() throws {
        let network = try Sync.Network()
        let acme = try network.clone("acme")
        try network.attest("acme", in: acme, ["--date", "2024-02-01"])
        try #require(try Sync.sync(acme).status == 0)
        let attestation = try #require(try Plumbing.ledger(acme, under: "attestations/acme").first)
        try #require(try Sync.sync(network.secretariat).status == 0)

        let root = try Self.ledgerWithout(network.hub, [attestation], parents: [])
        _ = try Plumbing.gitOutput(network.hub, ["update-ref", "refs/conduct/records", root])
        let report = try Sync.sync(network.secretariat)
        #expect(report.status == 1, "\(report.result.stdout)")
        #expect((report.json["dropped"] as? [[String: Any]] ?? []).map { $0["path"] as? String } == [attestation], "\(report.result.stdout)")
        #expect(try Plumbing.ledger(network.secretariat).contains(attestation))
        #expect(try Plumbing.ledger(network.hub).contains(attestation), "given back")
        #expect(Sync.states(try Sync.status(network.secretariat))["acme"] == "current")
        #expect(try CLI.conduct(["verify", "--store", network.secretariat]).status == 0)
        // acme, which wrote it, syncs cleanly now.
        let after = try Sync.sync(acme)
        #expect(after.status == 0, "\(after.result.stdout)")
    }

    /// Once quarantined, a forged record a hub's history held no longer fails `verify`, through
    /// the remote-tracking ledger and its reflog, also after the hub's ledger was replaced.
    @Test func quarantinedHistoryDoesNotFailVerify() throws {
        let network = try Sync.Network()
        let acme = try network.clone("acme")
        try network.attest("acme", in: acme, ["--date", "2024-02-01", "--statement", "We adhere."])
        try #require(try Sync.sync(acme).status == 0)
        let genuine = try #require(try Plumbing.ledger(network.hub, under: "attestations/acme").first)
        let forgedBytes = try RecordTool.edited(try Plumbing.blob(network.hub, genuine), ["statement": "We never read it."])
        let forged = "attestations/acme/\(try RecordTool.sha256(forgedBytes)).json"
        try Plumbing.rewriteLedger(network.hub, [(forged, forgedBytes)], message: "Records from elsewhere")

        let held = try Sync.sync(network.secretariat)
        #expect(held.status == 1 && held.quarantined.map { $0["path"] } == [forged], "\(held.result.stdout)")
        #expect(try Plumbing.ledger(network.secretariat, "refs/remotes/hub/records").contains(forged), "the tracking ledger holds it")
        #expect(try Self.historyFindings(network.secretariat).isEmpty)
        #expect(try CLI.conduct(["verify", "--store", network.secretariat]).status == 0)

        let replaced = try Sync.sync(network.secretariat, ["--replace-remote-ledger"])
        #expect(replaced.status == 0, "\(replaced.result.stdout)")
        #expect(try CLI.conduct(["verify", "--store", network.secretariat]).status == 0, "the reflog still names the forged tip")
        let again = try Sync.sync(network.secretariat)
        #expect(again.status == 0 && again.isQuiet, "\(again.result.stdout)")

        // Without the quarantine it would be a finding: drop the quarantine ref and look again.
        _ = try Plumbing.gitOutput(network.secretariat, ["update-ref", "-d", "refs/conduct/quarantine/hub"])
        #expect(try Self.historyFindings(network.secretariat) == [forged])
    }
}

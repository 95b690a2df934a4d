import Foundation
import Testing

/// Signed approvals of a proposal's version end to end: the record ssh-keygen checks in its own
/// namespace, stale after a revise, withdrawn, refused when the key or the ask is wrong, named by
/// verify when forged or replayed, quarantined by sync, and kept when two clones approve at once.
@Suite("Approvals")
struct ApprovalTests {
    typealias Security = AttestationSecurityTests
    static let namespace = "conduct-approval"

    /// The security fixture (v1.0 and v1.1 adopted; acme with a representative, uni without),
    /// with a proposal of the Corpus v1.2 opened on 2024-03-01.
    static func setUp() throws -> (fixture: Security.Fixture, proposal: String) {
        let fixture = try Security.Fixture(attest: false)
        let proposal = try ProposalTests.propose(fixture.store, ["--title", "Yearly reports", "--from", ProposalTests.corpus("v1.2"),
                                                                 "--date", "2024-03-01"])
        return (fixture, proposal)
    }

    /// `conduct approve PROPOSAL --as SIGNATORY --key KEY ARGS` with the signatory's own key.
    @discardableResult
    static func approve(_ fixture: Security.Fixture, _ proposal: String, _ signatory: String, _ extra: [String] = [],
                        store: String? = nil) throws -> CLI.Result {
        let key = signatory == "acme" ? fixture.acmeKey : fixture.uniKey
        return try CLI.conduct(["approve", proposal, "--as", signatory, "--key", key, "--store", store ?? fixture.store] + extra)
    }

    /// The approvals `proposals --status all --format json` shows for `proposal` (validated
    /// against its schema), by signatory.
    static func approvals(_ store: String, _ proposal: String) throws -> [String: [String: Any]] {
        let listing = try CLI.succeed(CLI.conduct(["proposals", "--status", "all", "--store", store, "--format", "json"]))
        let validation = try CLI.validate(listing.stdout, schema: "proposals")
        #expect(validation.status == 0, "\(validation.stderr)")
        let entries = try #require(try CLI.json(listing)["proposals"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["id"] as? String == proposal }, "\(entries)")
        let rows = entry["approvals"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["signatory"] as? String ?? "", $0) })
    }

    static func state(_ rows: [String: [String: Any]], _ signatory: String) -> String? { rows[signatory]?["state"] as? String }

    /// The approval files of `proposal` in the ledger.
    static func files(_ store: String, _ proposal: String) throws -> [String] {
        try Plumbing.ledger(store, under: "approvals/\(proposal)")
    }

    /// The one approval file of `signatory` for `proposal`.
    static func file(_ store: String, _ proposal: String, of signatory: String, type: String = "approval") throws -> String {
        let matching = try files(store, proposal).filter { path in
            let bytes = try? Plumbing.blob(store, path)
            return bytes.map { (try? RecordTool.field($0, "signatory")) == signatory && (try? RecordTool.field($0, "type")) == type } ?? false
        }
        try #require(matching.count == 1, "\(signatory) of \(proposal): \(matching)")
        return matching[0]
    }

    /// Where the ledger keeps an approval record: `approvals/<proposal>/<sha256>.json`.
    static func pathFor(_ bytes: Data) throws -> String {
        "approvals/\(try RecordTool.field(bytes, "proposal"))/\(try RecordTool.sha256(bytes)).json"
    }

    /// The record with `changes`, signed afresh in the approval namespace by ssh-keygen with `key`.
    static func resigned(_ record: Data, _ changes: [String: Any], key: String) throws -> (path: String, bytes: Data) {
        var unsigned = changes
        unsigned["signature"] = NSNull()
        let payload = try RecordTool.edited(record, unsigned)
        let signature = try Security.sshSign(payload, key: key, namespace: namespace)
        let bytes = try RecordTool.edited(payload, ["signature": signature])
        return (try pathFor(bytes), bytes)
    }

    /// A second proposal on the same base: v1.1 with a sentence added, opened on 2024-03-02.
    static func proposeAnother(_ fixture: Security.Fixture) throws -> String {
        let text = try Data(contentsOf: URL(fileURLWithPath: ProposalTests.corpus("v1.1"))) + Data("\nAnother sentence.\n".utf8)
        let file = try fixture.directory.write("v1.1-other.md", String(decoding: text, as: UTF8.self))
        return try ProposalTests.propose(fixture.store, ["--title", "Another change", "--from", file, "--date", "2024-03-02"])
    }

    // MARK: Approve, and ssh-keygen

    @Test func anApprovalBindsTheVersionAndItsTextAndSshKeygenVerifiesIt() throws {
        let (fixture, proposal) = try Self.setUp()
        let approved = try CLI.succeed(Self.approve(fixture, proposal, "acme", ["--statement", "We approve the yearly reports.",
                                                                                 "--date", "2024-03-05"]))
        #expect(approved.stdout.hasPrefix("Approved version 1 of \(proposal) for acme, signed by \(Security.acmeRepresentative)"),
                "\(approved.stdout)")
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-05"]))

        let commit = try Plumbing.gitOutput(fixture.store, ["rev-parse", "refs/conduct/proposals/\(proposal)"])
        let text = try CLI.succeed(fixture.conduct(["show", proposal, "--raw"])).stdoutBytes
        let allowed = try Security.allowedSigners(fixture)
        #expect(try Self.files(fixture.store, proposal).count == 2)
        for signatory in ["acme", "uni"] {
            let record = try fixture.blob(try Self.file(fixture.store, proposal, of: signatory))
            let validation = try CLI.validate(String(decoding: record, as: UTF8.self), schema: "approval-record")
            #expect(validation.status == 0, "\(validation.stderr)")
            #expect(try RecordTool.field(record, "proposal") == proposal)
            #expect(try RecordTool.field(record, "version") == "1")
            #expect(try RecordTool.field(record, "commit") == commit)
            #expect(try RecordTool.field(record, "document") == (try RecordTool.sha256(text)))
            // ssh-keygen checks it in the approval namespace, and in no other.
            let payload = try RecordTool.payload(record)
            let signature = try RecordTool.field(record, "signature")
            let verified = try Security.sshVerify(payload, signature: signature, identity: signatory, allowedSigners: allowed,
                                                  namespace: Self.namespace, in: fixture.directory)
            #expect(verified.status == 0, "ssh-keygen -Y verify: \(verified.stdout) \(verified.stderr)")
            #expect(try Security.sshVerify(payload, signature: signature, identity: signatory, allowedSigners: allowed,
                                           namespace: Security.namespace, in: fixture.directory).status != 0)
        }
        #expect(try RecordTool.field(try fixture.blob(try Self.file(fixture.store, proposal, of: "acme")), "statement") == "We approve the yearly reports.")

        let rows = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(rows, "acme") == "valid" && Self.state(rows, "uni") == "valid", "\(rows)")
        #expect(rows["acme"]?["version"] as? Int == 1 && rows["acme"]?["commit"] as? String == commit)
        let listing = try CLI.succeed(fixture.conduct(["proposals"]))
        #expect(listing.stdout.contains("    approvals: acme v1 valid, uni v1 valid\n"), "\(listing.stdout)")
        let shown = try CLI.succeed(fixture.conduct(["show", proposal]))
        #expect(shown.stderr.contains("approvals: acme v1 valid, uni v1 valid"), "\(shown.stderr)")
        #expect(shown.stdout == (try CLI.succeed(fixture.conduct(["show", proposal, "--version", "1"]))).stdout)
        #expect(try Security.verify(fixture.store).status == 0)
    }

    @Test func refusalsNameTheProblemAndChangeNothing() throws {
        let (fixture, proposal) = try Self.setUp()
        let before = try fixture.refs()
        let cases: [(arguments: [String], words: String)] = [
            (["approve", "p999999999", "--as", "acme", "--key", fixture.acmeKey], "no single proposal 'p999999999'"),
            (["approve", proposal, "--as", "nobody", "--key", fixture.acmeKey], "nobody"),
            (["approve", proposal, "--as", "acme", "--key", fixture.acmeKey, "--version", "3"], "version 3"),
            (["approve", proposal, "--as", "acme", "--key", fixture.uniKey], "is not registered for acme"),
            (["approve", proposal, "--as", "acme", "--key", fixture.acmeKey, "--by", "Someone <someone@example.org>"],
             "sign as one of them with --by"),
            (["approve", proposal, "--as", "acme", "--key", fixture.acmeKey, "--statement", " "], "--statement"),
            (["approve", proposal, "--as", "acme", "--key", fixture.acmeKey, "--withdraw"], "no approval of \(proposal) in force"),
        ]
        for (arguments, words) in cases {
            let refused = try fixture.conduct(arguments)
            #expect(refused.status == 2, "\(arguments): \(refused.status) \(refused.stderr)")
            #expect(refused.stderr.contains(words), "\(arguments): \(refused.stderr)")
            #expect(try fixture.refs() == before, "\(arguments)")
        }
        let usage = try fixture.conduct(["approve", proposal, "--as", "acme", "--key", fixture.acmeKey, "--withdraw", "--version", "1"])
        #expect(usage.status == 64, "\(usage.stderr)")
        // A proposal that is no longer open takes no approvals.
        try CLI.succeed(fixture.conduct(["withdraw", proposal, "--reason", "Superseded"]))
        let closed = try Self.approve(fixture, proposal, "acme")
        #expect(closed.status == 2 && closed.stderr.contains("is withdrawn"), "\(closed.stderr)")
        #expect(try Self.files(fixture.store, proposal).isEmpty)
    }

    // MARK: Stale and withdrawn

    @Test func aNewVersionMakesEarlierApprovalsStale() throws {
        let (fixture, proposal) = try Self.setUp()
        try CLI.succeed(Self.approve(fixture, proposal, "acme", ["--date", "2024-03-05"]))
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-05"]))
        let revisedText = try Data(contentsOf: URL(fileURLWithPath: ProposalTests.corpus("v1.2"))) + Data("\nA sentence added in review.\n".utf8)
        let file = try fixture.directory.write("v1.2-revised.md", String(decoding: revisedText, as: UTF8.self))
        try CLI.succeed(fixture.conduct(["revise", proposal, "--from", file, "--date", "2024-03-10"]))
        var rows = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(rows, "acme") == "stale" && Self.state(rows, "uni") == "stale", "\(rows)")
        #expect(try CLI.succeed(fixture.conduct(["proposals"])).stdout.contains("approvals: acme v1 stale, uni v1 stale"))

        // acme approves the new version; uni approves version 1 again, which is stale at once.
        let latest = try CLI.succeed(Self.approve(fixture, proposal, "acme", ["--date", "2024-03-11"]))
        #expect(latest.stdout.hasPrefix("Approved version 2 of \(proposal)"), "\(latest.stdout)")
        let old = try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--version", "1", "--date", "2024-03-11"]))
        #expect(old.stdout.contains("stale already"), "\(old.stdout)")
        rows = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(rows, "acme") == "valid" && rows["acme"]?["version"] as? Int == 2, "\(rows)")
        #expect(Self.state(rows, "uni") == "stale" && rows["uni"]?["version"] as? Int == 1, "\(rows)")
        let version2 = try Plumbing.gitOutput(fixture.store, ["rev-parse", "refs/conduct/proposals/\(proposal)"])
        #expect(rows["acme"]?["commit"] as? String == version2)
        #expect(try Security.verify(fixture.store).status == 0)
    }

    @Test func aWithdrawalIsSignedAndAFreshApprovalCountsAgain() throws {
        let (fixture, proposal) = try Self.setUp()
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-05"]))
        let withdrawn = try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--withdraw", "--date", "2024-03-06"]))
        #expect(withdrawn.stdout.hasPrefix("Withdrew the approval of uni"), "\(withdrawn.stdout)")
        var rows = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(rows, "uni") == "withdrawn", "\(rows)")
        let withdrawal = try Self.file(fixture.store, proposal, of: "uni", type: "approval-withdrawn")
        #expect(rows["uni"]?["withdrawal"] as? String == String(withdrawal.split(separator: "/").last!.dropLast(5)))
        let record = try fixture.blob(withdrawal)
        #expect(try CLI.validate(String(decoding: record, as: UTF8.self), schema: "approval-record").status == 0)
        #expect(try RecordTool.field(record, "withdraws") == String(try Self.file(fixture.store, proposal, of: "uni").split(separator: "/").last!.dropLast(5)))
        let verified = try Security.sshVerify(try RecordTool.payload(record), signature: try RecordTool.field(record, "signature"),
                                              identity: "uni", allowedSigners: try Security.allowedSigners(fixture),
                                              namespace: Self.namespace, in: fixture.directory)
        #expect(verified.status == 0, "\(verified.stderr)")

        // Nothing left to withdraw; a new approval counts again.
        let before = try fixture.refs()
        let again = try Self.approve(fixture, proposal, "uni", ["--withdraw"])
        #expect(again.status == 2 && again.stderr.contains("has no approval of \(proposal) in force to withdraw"), "\(again.stderr)")
        #expect(try fixture.refs() == before)
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-07"]))
        rows = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(rows, "uni") == "valid", "\(rows)")
        #expect(try Security.verify(fixture.store).status == 0)
    }

    // MARK: Forged, replayed, revoked

    @Test func anApprovalReplayedOntoAnotherProposalOrVersionIsNamedByVerify() throws {
        let (fixture, proposal) = try Self.setUp()
        let other = try Self.proposeAnother(fixture)
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-05"]))
        let revisedText = try Data(contentsOf: URL(fileURLWithPath: ProposalTests.corpus("v1.2"))) + Data("\nA sentence added in review.\n".utf8)
        let file = try fixture.directory.write("v1.2-revised.md", String(decoding: revisedText, as: UTF8.self))
        try CLI.succeed(fixture.conduct(["revise", proposal, "--from", file, "--date", "2024-03-10"]))
        let genuine = try fixture.blob(try Self.file(fixture.store, proposal, of: "uni"))
        let version2 = try Plumbing.gitOutput(fixture.store, ["rev-parse", "refs/conduct/proposals/\(proposal)"])

        // Moved onto the other proposal without a new signature; and, signed again by a holder of
        // uni's key, onto the other proposal, onto version 2 with version 1's commit, and onto
        // version 2's commit with version 1's digest.
        let edited = try RecordTool.edited(genuine, ["proposal": other])
        let unsigned = (path: try Self.pathFor(edited), bytes: edited)
        let ontoProposal = try Self.resigned(genuine, ["proposal": other, "at": "2024-03-12T00:00:00.000Z"], key: fixture.uniKey)
        let ontoVersion = try Self.resigned(genuine, ["version": 2, "at": "2024-03-12T00:00:00.000Z"], key: fixture.uniKey)
        let wrongText = try Self.resigned(genuine, ["version": 2, "commit": version2, "at": "2024-03-13T00:00:00.000Z"], key: fixture.uniKey)
        try Plumbing.rewriteLedger(fixture.store, [unsigned, ontoProposal, ontoVersion, wrongText].map { ($0.path, $0.bytes) })

        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        // The copy moved without a signature is named twice: its signature, and what it binds.
        let expected: [(path: String, checks: [String], words: String)] = [
            (unsigned.path, ["signature", "approval"], "does not match its content"),
            (ontoProposal.path, ["approval"], "replayed onto another proposal"),
            (ontoVersion.path, ["approval"], "replayed onto another version"),
            (wrongText.path, ["approval"], "document digest"),
        ]
        for (path, checks, words) in expected {
            let about = findings.filter { $0.subject == path }
            #expect(about.map(\.check) == checks, "\(path): \(findings)")
            #expect(about.first?.problem.contains(words) == true, "\(about)")
        }
        #expect(findings.count == expected.map(\.checks.count).reduce(0, +), "\(findings)")
        // Shown as invalid, with the reason; the unsigned copy counts for nothing.
        let onOther = try Self.approvals(fixture.store, other)
        #expect(Self.state(onOther, "uni") == "invalid", "\(onOther)")
        #expect((onOther["uni"]?["problem"] as? String ?? "").contains("replayed onto another proposal"), "\(onOther)")
        let onProposal = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(onProposal, "uni") == "invalid", "\(onProposal)")
        #expect((onProposal["uni"]?["problem"] as? String ?? "").contains("document digest"), "\(onProposal)")
    }

    @Test func aKeyRevokedBeforeItSignedIsRefusedAndNamed() throws {
        let (fixture, proposal) = try Self.setUp()
        let revokedKey = try Security.sshKeygen(in: fixture.directory, "uni-old.key")
        try CLI.succeed(fixture.conduct(["signatory", "key", "add", "uni", revokedKey + ".pub", "--as", Security.secretariat, "--date", "2024-02-10"]))
        try CLI.succeed(fixture.conduct(["signatory", "key", "revoke", "uni", revokedKey + ".pub", "--as", Security.secretariat, "--date", "2024-02-20"]))
        let fingerprint = try #require(try CLI.run("/usr/bin/env", ["ssh-keygen", "-l", "-f", revokedKey + ".pub"]).stdout
            .split(separator: " ").dropFirst().first.map(String.init))

        let before = try fixture.refs()
        let refused = try fixture.conduct(["approve", proposal, "--as", "uni", "--key", revokedKey, "--date", "2024-03-05"])
        #expect(refused.status == 2 && refused.stderr.contains("was revoked at 2024-02-20"), "\(refused.stderr)")
        #expect(try fixture.refs() == before)

        // Forged anyway, after a genuine approval: named by verify, and it hides nothing.
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-05"]))
        let template = try fixture.blob(try Self.file(fixture.store, proposal, of: "uni"))
        let forged = try Self.resigned(template, ["key": fingerprint, "at": "2024-03-06T00:00:00.000Z",
                                                  "statement": "Signed with a revoked key."], key: revokedKey)
        try Plumbing.rewriteLedger(fixture.store, [(forged.path, forged.bytes)])
        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        #expect(findings.map(\.check) == ["key"] && findings.first?.subject == forged.path, "\(findings)")
        #expect(findings.first?.problem.contains("revoked at 2024-02-20") == true, "\(findings)")
        let rows = try Self.approvals(fixture.store, proposal)
        #expect(Self.state(rows, "uni") == "valid" && rows["uni"]?["statement"] == nil, "\(rows)")
    }

    // MARK: Sync

    @Test func syncQuarantinesAForgedOrReplayedApproval() throws {
        let (fixture, proposal) = try Self.setUp()
        let other = try Self.proposeAnother(fixture)
        let hub = fixture.directory.path("hub.git")
        try CLI.succeed(CLI.git(["clone", "--mirror", "-q", fixture.store, hub]))
        let clone = fixture.directory.path("clone.git")
        try CLI.succeed(CLI.conduct(["clone", hub, clone]))

        // The hub takes a genuine approval made in the store, and three forgeries beside it.
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", "2024-03-05"]))
        try CLI.succeed(CLI.git(["--git-dir", hub, "fetch", "-q", "origin"]))
        let genuine = try fixture.blob(try Self.file(fixture.store, proposal, of: "uni"))
        let edited = try RecordTool.edited(genuine, ["statement": "Added by Mallory."])
        // A withdrawal nobody signed: it carries the approval's own signature, over other bytes.
        var withdrawal: [String: Any] = ["type": "approval-withdrawn", "at": "2024-03-07T00:00:00.000Z",
                                         "withdraws": try RecordTool.sha256(genuine)]
        for name in ["proposal", "signatory", "key", "signature"] { withdrawal[name] = try RecordTool.field(genuine, name) }
        withdrawal["by"] = try JSONSerialization.jsonObject(with: Data(try RecordTool.field(genuine, "by").utf8))
        let unsignedWithdrawal = try RecordTool.canonical(try JSONSerialization.data(withJSONObject: withdrawal))
        let forgeries = [
            (path: try Self.pathFor(edited), bytes: edited),
            try Self.resigned(genuine, ["proposal": other, "at": "2024-03-06T00:00:00.000Z"], key: fixture.uniKey),
            try Self.resigned(genuine, ["version": 2, "at": "2024-03-06T00:00:00.000Z"], key: fixture.uniKey),
            (path: try Self.pathFor(unsignedWithdrawal), bytes: unsignedWithdrawal),
        ]
        try Plumbing.rewriteLedger(hub, forgeries.map { ($0.path, $0.bytes) })

        let synced = try CLI.conduct(["sync", "--store", clone])
        #expect(synced.status == 1, "\(synced.stdout) \(synced.stderr)")
        for forgery in forgeries {
            #expect(synced.stdout.contains("quarantined: \(forgery.path)"), "\(synced.stdout)")
            #expect(try Plumbing.git(clone, ["cat-file", "-e", "refs/conduct/quarantine/origin:\(forgery.path)"]).status == 0)
            #expect(try Plumbing.git(clone, ["cat-file", "-e", "refs/conduct/records:\(forgery.path)"]).status != 0)
        }
        #expect(synced.stdout.contains("replayed onto another proposal"), "\(synced.stdout)")
        let rows = try Self.approvals(clone, proposal)
        #expect(Self.state(rows, "uni") == "valid" && rows["uni"]?["statement"] == nil, "\(rows)")
        #expect(try Self.approvals(clone, other).isEmpty)
        #expect(try Security.verify(clone).status == 0)
    }

    @Test func twoApprovalsMadeAtOnceInTwoClonesAreBothKept() throws {
        let (fixture, proposal) = try Self.setUp()
        let hub = fixture.directory.path("hub.git")
        try CLI.succeed(CLI.git(["clone", "--mirror", "-q", fixture.store, hub]))
        let (first, second) = (fixture.directory.path("first.git"), fixture.directory.path("second.git"))
        try CLI.succeed(CLI.conduct(["clone", hub, first]))
        try CLI.succeed(CLI.conduct(["clone", hub, second]))
        let moment = "2024-03-05T09:30:00.250Z"
        try CLI.succeed(Self.approve(fixture, proposal, "acme", ["--date", moment], store: first))
        try CLI.succeed(Self.approve(fixture, proposal, "uni", ["--date", moment], store: second))
        for store in [first, second, first] { try CLI.succeed(CLI.conduct(["sync", "--store", store])) }
        for store in [first, second] {
            #expect(try Self.files(store, proposal).count == 2, "\(store)")
            let rows = try Self.approvals(store, proposal)
            #expect(Self.state(rows, "acme") == "valid" && Self.state(rows, "uni") == "valid", "\(rows)")
            #expect(rows["acme"]?["at"] as? String == moment && rows["uni"]?["at"] as? String == moment, "\(rows)")
            #expect(try Security.verify(store).status == 0)
        }
    }
}

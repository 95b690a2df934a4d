import Foundation
import Testing

/// How each revision was adopted, as a reader and an auditor see it: `log`, `show PROPOSAL` and
/// the published site name the consultation window, the approvals relied on and any override;
/// and the two records a holder of the ledger could forge without a signature (a version called
/// editorial, a withdrawal by someone else) change neither `adopt` nor `verify`.
@Suite("How revisions were adopted")
struct AdoptionRecordTests {
    typealias Policy = PolicyTests
    typealias Security = AttestationSecurityTests

    @Test func logShowAndTheSiteNameTheWindowTheApprovalsAndTheOverride() throws {
        let fixture = try Policy.fixture()
        try Policy.set(fixture, "adoption.approvers", "acme,uni")
        try Policy.set(fixture, "adoption.quorum", "1")
        try Policy.set(fixture, "adoption.consultation", "30d")
        try Policy.set(fixture, "adoption.override", "allowed")
        let proposal = try Policy.propose(fixture)
        try CLI.succeed(ApprovalTests.approve(fixture, proposal, "acme", ["--date", "2024-03-12"]))
        try CLI.succeed(Policy.adopt(fixture, proposal, date: "2024-03-20", ["--override", "--reason", "Urgent legal fix"]))
        let record = try String(try ApprovalTests.file(fixture.store, proposal, of: "acme").split(separator: "/").last!.dropLast(5))

        let log = try CLI.succeed(fixture.conduct(["log"])).stdout
        #expect(log.contains("""
                consultation window of \(proposal) open until 2024-04-09
                approved by acme (version 1, 2024-03-12)
                adopted inside its consultation window, by override: Urgent legal fix

            """), "\(log)")
        // The revisions adopted before the rule, without a proposal, say nothing of one.
        #expect(log.components(separatedBy: "consultation window").count == 3, "\(log)")

        let json = try CLI.succeed(fixture.conduct(["log", "--format", "json"]))
        let validation = try CLI.validate(json.stdout, schema: "log")
        #expect(validation.status == 0, "\(validation.stderr)")
        let revisions = try #require(try CLI.json(json)["revisions"] as? [[String: Any]])
        #expect(revisions[0]["consultationUntil"] as? String == "2024-04-09T12:00:00Z", "\(revisions[0])")
        let approvals = try #require(revisions[0]["approvals"] as? [[String: Any]], "\(revisions[0])")
        #expect(approvals.count == 1 && approvals[0]["record"] as? String == record && approvals[0]["signatory"] as? String == "acme"
                && approvals[0]["version"] as? Int == 1 && approvals[0]["at"] as? String == "2024-03-12T12:00:00Z", "\(approvals)")
        #expect(revisions.dropFirst().allSatisfy { $0["approvals"] == nil && $0["consultationUntil"] == nil }, "\(revisions)")

        let shown = try CLI.succeed(fixture.conduct(["show", proposal]))
        #expect(shown.stderr.contains("consultation closed since 2024-04-09T12:00:00Z  0 comments  override: Urgent legal fix\n"), "\(shown.stderr)")
        #expect(shown.stderr.contains("approvals: acme v1 valid\n"), "\(shown.stderr)")
        #expect(!shown.stdout.contains("approvals"), "standard output stays the document")

        let site = fixture.directory.path("site")
        try CLI.succeed(fixture.conduct(["publish", "--out", site]))
        let page = try String(contentsOfFile: site + "/history/v1.2.html", encoding: .utf8)
        #expect(page.contains("<dt>Consultation</dt><dd>open until 2024-04-09</dd>"), "\(page)")
        #expect(page.contains("<dt>Approved by</dt><dd><ul><li>acme, version 1, 2024-03-12</li></ul></dd>"), "\(page)")
        #expect(page.contains("<dt>Override</dt><dd>adopted inside its consultation window: Urgent legal fix</dd>"), "\(page)")
        let earlier = try String(contentsOfFile: site + "/history/v1.1.html", encoding: .utf8)
        #expect(!earlier.contains("<dt>Consultation</dt>") && !earlier.contains("<dt>Approved by</dt>"), "\(earlier)")
        let proposalPage = try String(contentsOfFile: site + "/proposals/\(proposal).html", encoding: .utf8)
        #expect(proposalPage.contains("<dt>Consultation</dt><dd>closed 2024-04-09</dd>"), "\(proposalPage)")
        #expect(proposalPage.contains("<dt>Override</dt><dd>Urgent legal fix</dd>"), "\(proposalPage)")
        #expect(proposalPage.contains("<dt>Approvals</dt><dd><ul><li>acme, version 1, 2024-03-12: valid</li></ul></dd>"), "\(proposalPage)")
        try PublishTests.expectTidy(site, "a site with an adoption rule: ")
    }

    /// A proposal record is not signed: a holder of the ledger can rewrite a substantive version
    /// as `editorial` with plain git, which would start the window at the version before. adopt
    /// and verify judge the version from the texts.
    @Test func aVersionRecordedAsEditorialIsJudgedByItsText() throws {
        let fixture = try Policy.fixture()
        try Policy.set(fixture, "adoption.consultation", "30d")
        let proposal = try Policy.propose(fixture)
        try CLI.succeed(fixture.conduct(["revise", proposal, "--from", ProposalTests.corpus("v1.1"), "--as", Policy.secretariat,
                                         "--date", "2024-04-01"]))
        let revised = try #require(try Plumbing.ledger(fixture.store, under: "proposals").first {
            (try? RecordTool.field(fixture.blob($0), "type")) == "proposal-revised"
        })
        let original = try fixture.blob(revised)
        #expect(try RecordTool.field(original, "change") == "substantive")
        let forged = try RecordTool.edited(original, ["change": "editorial", "consultationUntil": NSNull()])
        let folder = revised.split(separator: "/").dropLast().joined(separator: "/")
        _ = try Plumbing.rewriteLedger(fixture.store, [(revised, nil), ("\(folder)/\(try RecordTool.sha256(forged)).json", forged)])
        #expect(try Policy.proposals(fixture).first?["versions"].flatMap { ($0 as? [[String: Any]])?.last?["change"] as? String } == "editorial")

        // The window the texts give ends 30 days after the second version, not the first.
        let listed = try CLI.succeed(fixture.conduct(["proposals"])).stdout
        #expect(listed.contains("consultation closed since 2024-05-01T12:00:00Z"), "\(listed)")
        let refs = try fixture.refs()
        let refused = try Policy.adopt(fixture, proposal, date: "2024-04-15")
        #expect(refused.status == 2 && refused.stderr.contains("ends on 2024-05-01T12:00:00Z"), "\(refused.stderr)")
        #expect(try fixture.refs() == refs)

        // The same adoption written with plain git and the secretariat key: verify names it.
        let tip = try Plumbing.gitOutput(fixture.store, ["rev-parse", "main"])
        let tree = try Plumbing.gitOutput(fixture.store, ["rev-parse", "refs/conduct/proposals/\(proposal)^{tree}"])
        let adoption = try Plumbing.gitOutput(fixture.store, [
            "-c", "gpg.format=ssh", "-c", "user.signingkey=\(TrustTests.secretariatKey(fixture))", "commit-tree", "-S", tree, "-p", tip,
            "-m", "Adopt \(proposal)\n\nConduct-Version: 1.2\nConduct-Change: substantive\nConduct-Proposal: \(proposal)",
        ], environment: ["GIT_AUTHOR_DATE": "2024-04-15T12:00:00Z", "GIT_COMMITTER_DATE": "2024-04-15T12:00:00Z"])
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "refs/heads/main", adoption, tip])
        let (status, findings) = try Security.verify(fixture.store)
        let named = findings.filter { $0.check == "adoption" }
        #expect(status == 1 && named.map(\.subject) == [adoption], "\(findings)")
        #expect(named.first?.problem.contains("inside the consultation window of \(proposal), which ended on 2024-05-01T12:00:00Z") == true, "\(named)")
    }

    /// A withdrawal signed by one signatory of another's approval withdraws nothing: verify names
    /// the record, and still counts the approval for the adoption that relied on it.
    @Test func aWithdrawalCountsOnlyWhenTheApprovalsOwnSignatorySignedIt() throws {
        let fixture = try Policy.fixture()
        try Policy.set(fixture, "adoption.approvers", "acme,uni")
        try Policy.set(fixture, "adoption.quorum", "1")
        let proposal = try Policy.propose(fixture)
        try CLI.succeed(ApprovalTests.approve(fixture, proposal, "acme", ["--date", "2024-03-12"]))
        let approval = try fixture.blob(try ApprovalTests.file(fixture.store, proposal, of: "acme"))
        let fingerprint = try #require(try CLI.run("/usr/bin/env", ["ssh-keygen", "-lf", fixture.uniKey]).stdout
            .split(separator: " ").dropFirst().first.map(String.init))
        let withdrawal = try ApprovalTests.resigned(approval, [
            "type": "approval-withdrawn", "at": "2024-03-13T12:00:00.000Z", "signatory": "uni", "key": fingerprint,
            "withdraws": try RecordTool.sha256(approval), "by": ["name": "Uni", "email": "uni@example.org"],
            "version": NSNull(), "commit": NSNull(), "document": NSNull(), "statement": NSNull(),
        ], key: fixture.uniKey)
        _ = try Plumbing.rewriteLedger(fixture.store, [(withdrawal.path, withdrawal.bytes)])
        #expect(ApprovalTests.state(try ApprovalTests.approvals(fixture.store, proposal), "acme") == "valid")

        try CLI.succeed(Policy.adopt(fixture, proposal, date: "2024-03-14"))
        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1, "\(findings)")
        #expect(findings.map(\.check) == ["approval"], "\(findings)")
        #expect(findings.first?.problem.contains("which is acme's of \(proposal), not its own of this proposal") == true, "\(findings)")
    }
}

import Foundation
import Testing

/// The adoption rule end to end: the policy as signed settings, `policy show`, the consultation
/// window on proposals, `adopt` refused inside it or overridden as the rule allows, `log` showing
/// the override, and `verify` proving each revision adopted under a rule kept it.
@Suite("Adoption rule")
struct PolicyTests {
    typealias Security = AttestationSecurityTests
    static let secretariat = Security.secretariat

    /// The security fixture (v1.0, v1.1; acme and uni registered on 2024-02-01, both organisations).
    static func fixture() throws -> Security.Fixture { try Security.Fixture(attest: false) }

    /// `config set KEY VALUE` by the secretariat on `date`; must succeed.
    static func set(_ fixture: Security.Fixture, _ key: String, _ value: String, date: String = "2024-03-01") throws {
        try CLI.succeed(fixture.conduct(["config", "set", key, value, "--as", secretariat, "--date", date]))
    }

    /// Proposes the Corpus v1.2 on `date` and returns the proposal's id.
    static func propose(_ fixture: Security.Fixture, date: String = "2024-03-10", _ extra: [String] = []) throws -> String {
        try ProposalTests.propose(fixture.store, ["--title", "Yearly reports", "--from", ProposalTests.corpus("v1.2"),
                                                  "--as", secretariat, "--date", date] + extra)
    }

    /// `adopt PROPOSAL --date DATE` as the secretariat.
    static func adopt(_ fixture: Security.Fixture, _ proposal: String, date: String, _ extra: [String] = []) throws -> CLI.Result {
        try fixture.conduct(["adopt", proposal, "--as", secretariat, "--date", date] + extra)
    }

    static func policy(_ fixture: Security.Fixture, _ extra: [String] = []) throws -> [String: Any] {
        let shown = try CLI.succeed(fixture.conduct(["policy", "show", "--format", "json"] + extra))
        let validation = try CLI.validate(shown.stdout, schema: "policy")
        #expect(validation.status == 0, "\(validation.stderr)\n\(shown.stdout)")
        return try CLI.json(shown)
    }

    static func proposals(_ fixture: Security.Fixture) throws -> [[String: Any]] {
        let listed = try CLI.succeed(fixture.conduct(["proposals", "--status", "all", "--format", "json"]))
        let validation = try CLI.validate(listed.stdout, schema: "proposals")
        #expect(validation.status == 0, "\(validation.stderr)\n\(listed.stdout)")
        return try #require(try CLI.json(listed)["proposals"] as? [[String: Any]])
    }

    // MARK: The policy

    @Test func aPolicyIsSetAndShownAsTheRuleInForceAtAMoment() throws {
        let fixture = try Self.fixture()
        let none = try CLI.succeed(fixture.conduct(["policy", "show"]))
        #expect(none.stdout.hasPrefix("no adoption rule at ") && none.stdout.hasSuffix(": any holder may adopt\n"), "\(none.stdout)")
        #expect(try Self.policy(fixture)["rule"] is NSNull)

        try Self.set(fixture, "adoption.approvers", "acme, uni")
        try Self.set(fixture, "adoption.quorum", "2")
        try Self.set(fixture, "adoption.consultation", "30d")
        try Self.set(fixture, "adoption.editorial-quorum", "1/2", date: "2024-03-02")
        let shown = try Self.policy(fixture)
        let rule = try #require(shown["rule"] as? [String: Any], "\(shown)")
        #expect(rule["approvers"] as? [String] == ["acme", "uni"])
        #expect(rule["signatories"] as? [String] == ["acme", "uni"])
        #expect((rule["quorum"] as? [String: Any])?["value"] as? String == "2")
        #expect((rule["quorum"] as? [String: Any])?["required"] as? Int == 2)
        #expect((rule["editorialQuorum"] as? [String: Any])?["required"] as? Int == 1)
        #expect(rule["consultation"] as? String == "30d")
        #expect(rule["override"] as? String == "forbidden")
        #expect(rule["since"] as? String == "2024-03-02T12:00:00Z")
        #expect((rule["records"] as? [String])?.count == 4)
        let text = try CLI.succeed(fixture.conduct(["policy", "show"])).stdout
        #expect(text.contains("approvers         acme, uni  (acme, uni)"), "\(text)")
        #expect(text.contains("quorum            2 (2 of 2)") && text.contains("editorial quorum  1/2 (1 of 2)"), "\(text)")
        #expect(text.contains("consultation      30d") && text.contains("override          forbidden"), "\(text)")

        // The rule at a moment is made of the settings dated then or before.
        let early = try Self.policy(fixture, ["--at", "2024-03-01T18:00:00Z"])
        #expect((early["rule"] as? [String: Any])?["editorialQuorum"] is NSNull, "\(early)")
        #expect(try Self.policy(fixture, ["--at", "2024-02-15"])["rule"] is NSNull)
        let atRevision = try Self.policy(fixture, ["--at", "v1.1"])
        #expect(atRevision["rule"] is NSNull && atRevision["revision"] as? String == "v1.1")
        for bad in ["tomorrow", "2024-13-01"] {
            let refused = try fixture.conduct(["policy", "show", "--at", bad])
            #expect(refused.status == 2 && refused.stderr.contains("'\(bad)' is neither a revision of this store (known: v1.0, v1.1) nor a date"),
                    "\(refused.stderr)")
        }

        // A role stands for the signatories of that kind registered at the moment.
        try Self.set(fixture, "adoption.approvers", "role:organisation", date: "2024-03-03")
        let byRole = try #require(try Self.policy(fixture)["rule"] as? [String: Any])
        #expect(byRole["approvers"] as? [String] == ["role:organisation"] && byRole["signatories"] as? [String] == ["acme", "uni"])

        // Each setting is a config record the secretariat signed, valid against its schema.
        for file in try Plumbing.ledger(fixture.store, under: "config") {
            #expect(try CLI.validate(String(decoding: try fixture.blob(file), as: UTF8.self), schema: "config-record").status == 0, "\(file)")
        }
        #expect(try Security.verify(fixture.store).status == 0)
    }

    @Test func eachBadSettingIsRefusedWithItsWayOutAndChangesNothing() throws {
        let fixture = try Self.fixture()
        let refs = try fixture.refs()
        func refused(_ key: String, _ value: String, _ expected: String) throws {
            let result = try fixture.conduct(["config", "set", key, value, "--as", Self.secretariat, "--date", "2024-03-01"])
            #expect(result.status == 2, "\(key) \(value): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(key) \(value): \(result.stderr)")
            #expect(try fixture.refs() == refs, "\(key) \(value) changed the store")
        }
        try refused("adoption.approvers", "acme,mallory", "no signatory 'mallory' is registered (signatories: acme, uni)")
        try refused("adoption.approvers", "role:government", "a role names the kind of signatory: role:organisation or role:person")
        try refused("adoption.approvers", "role:person", "no registered signatory is of that kind")
        try refused("adoption.approvers", "acme,acme", "name acme once")
        try refused("adoption.approvers", "acme,,uni", "give signatory ids or role:KIND")
        try refused("adoption.quorum", "2", "no approvers are named yet; name them first with 'conduct config set adoption.approvers ID,ID'")
        try refused("adoption.consultation", "a month", "'a month' is not a duration")
        try refused("adoption.override", "sometimes", "write allowed or forbidden")
        try refused("adoption.anything", "1", "no setting 'adoption.anything'")

        try Self.set(fixture, "adoption.approvers", "acme,uni")
        let withApprovers = try fixture.refs()
        func refusedNow(_ key: String, _ value: String, _ expected: String) throws {
            let result = try fixture.conduct(["config", "set", key, value, "--as", Self.secretariat, "--date", "2024-03-02"])
            #expect(result.status == 2 && result.stderr.contains(expected), "\(key) \(value): \(result.stderr)")
            #expect(try fixture.refs() == withApprovers)
        }
        try refusedNow("adoption.quorum", "3", "it asks for 3 approvals, and the approvers are 2 (acme, uni); give at most 2")
        try refusedNow("adoption.editorial-quorum", "3", "it asks for 3 approvals")
        try refusedNow("adoption.quorum", "two", "write how many approvers must approve (2) or which share of them (2/3)")
        try refusedNow("adoption.quorum", "3/2", "write how many approvers must approve")
        try refusedNow("adoption.quorum", "0", "write how many approvers must approve")
        try Self.set(fixture, "adoption.quorum", "2", date: "2024-03-02")
        let result = try fixture.conduct(["config", "set", "adoption.approvers", "acme", "--as", Self.secretariat, "--date", "2024-03-03"])
        #expect(result.status == 2 && result.stderr.contains("adoption.quorum in force asks for 2 approvals, and these approvers are 1 (acme); lower adoption.quorum first"),
                "\(result.stderr)")
    }

    // MARK: The consultation window

    @Test func adoptIsRefusedWhileTheWindowIsOpenAndSucceedsAfterIt() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let proposal = try Self.propose(fixture)
        try CLI.succeed(CLI.conduct(["comment", proposal, "--store", fixture.store, "--clause", "transparency",
                                     "--message", "Twelve months?", "--as", "Ministry <m@gov.example>", "--date", "2024-03-11"]))
        let listed = try #require(try Self.proposals(fixture).first)
        #expect((listed["consultation"] as? [String: Any])?["until"] as? String == "2024-04-09T12:00:00Z", "\(listed)")
        #expect((listed["consultation"] as? [String: Any])?["open"] as? Bool == false)
        #expect(listed["comments"] as? Int == 1)
        let versions = try #require(listed["versions"] as? [[String: Any]])
        #expect(versions.first?["consultationUntil"] as? String == "2024-04-09T12:00:00Z")
        let text = try CLI.succeed(fixture.conduct(["proposals"])).stdout
        #expect(text.contains("    consultation closed since 2024-04-09T12:00:00Z  1 comment\n"), "\(text)")

        let refs = try fixture.refs()
        let early = try Self.adopt(fixture, proposal, date: "2024-03-20")
        #expect(early.status == 2)
        #expect(early.stderr.contains("the consultation window of \(proposal) ends on 2024-04-09T12:00:00Z; adopt after it (the adoption rule in force forbids overrides); nothing was adopted"),
                "\(early.stderr)")
        #expect(try fixture.refs() == refs)

        let adopted = try Self.adopt(fixture, proposal, date: "2024-04-10")
        #expect(adopted.status == 0 && adopted.stdout.hasPrefix("Adopted v1.2"), "\(adopted.stderr)")
        #expect(try Security.verify(fixture.store).status == 0)
        let after = try #require(try Self.proposals(fixture).first)
        #expect(after["status"] as? String == "adopted" && (after["consultation"] as? [String: Any])?["open"] as? Bool == false)

        // A proposal made now has its window open, and says so.
        let open = try ProposalTests.propose(fixture.store, ["--title", "Back to v1.1", "--from", ProposalTests.corpus("v1.1"), "--as", Self.secretariat])
        let listing = try CLI.succeed(fixture.conduct(["proposals"])).stdout
        #expect(listing.contains("    consultation open until ") && listing.contains("  0 comments"), "\(listing)")
        let refused = try fixture.conduct(["adopt", open, "--as", Self.secretariat])
        #expect(refused.status == 2 && refused.stderr.contains("the consultation window of \(open) ends on "), "\(refused.stderr)")
    }

    @Test func aWindowTooShortAndADirectAdoptionAreRefused() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let refs = try fixture.refs()
        let short = try fixture.conduct(["propose", "--title", "Soon", "--from", ProposalTests.corpus("v1.2"), "--as", Self.secretariat,
                                         "--date", "2024-03-10", "--consultation-until", "2024-03-20"])
        #expect(short.status == 2, "\(short.stderr)")
        #expect(short.stderr.contains("--consultation-until 2024-03-20 ends too early: the adoption rule in force asks for a consultation of 30d from the proposal's date, 2024-03-10T12:00:00Z, so the window ends no earlier than 2024-04-09T12:00:00Z"),
                "\(short.stderr)")
        let before = try fixture.conduct(["propose", "--title", "Soon", "--from", ProposalTests.corpus("v1.2"), "--as", Self.secretariat,
                                          "--date", "2024-03-10", "--consultation-until", "2024-03-01"])
        #expect(before.status == 2 && before.stderr.contains("a window ends after the version it opens on"), "\(before.stderr)")
        let bad = try fixture.conduct(["propose", "--title", "Soon", "--from", ProposalTests.corpus("v1.2"), "--consultation-until", "next week"])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(try fixture.refs() == refs)

        // A longer window than the rule's is the proposal's own, and holds.
        let long = try Self.propose(fixture, ["--consultation-until", "2024-06-01"])
        let refused = try Self.adopt(fixture, long, date: "2024-05-01")
        #expect(refused.status == 2 && refused.stderr.contains("ends on 2024-06-01T12:00:00Z"), "\(refused.stderr)")

        // A text adopted directly has had no consultation at all.
        // An override lifts a window, never the quorum.
        let direct = try fixture.conduct(["adopt", "--from", ProposalTests.corpus("v1.2"), "--as", Self.secretariat, "--date", "2024-05-01"])
        #expect(direct.status == 2, "\(direct.stderr)")
        #expect(direct.stderr.contains("the adoption rule in force asks for a consultation of 30d before a revision is adopted, and a text adopted with --from has had none; propose it with 'conduct propose --from FILE'"),
                "\(direct.stderr)")
        #expect(try Plumbing.gitOutput(fixture.store, ["rev-parse", "main"]) == fixture.v11)
    }

    @Test func theRuleInForceAtAdoptionApplies() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let proposal = try Self.propose(fixture)
        // The rule changes after the proposal was made: adoption is judged by the rule then.
        try Self.set(fixture, "adoption.consultation", "60d", date: "2024-03-15")
        let refused = try Self.adopt(fixture, proposal, date: "2024-04-20")
        #expect(refused.status == 2 && refused.stderr.contains("ends on 2024-05-09T12:00:00Z"), "\(refused.stderr)")
        try CLI.succeed(Self.adopt(fixture, proposal, date: "2024-05-10"))
        let shown = try #require(try Self.policy(fixture, ["--at", "v1.2"])["rule"] as? [String: Any])
        #expect(shown["consultation"] as? String == "60d")
        #expect(try Security.verify(fixture.store).status == 0)
    }

    @Test func aSubstantiveVersionRestartsTheWindowAndAnEditorialOneDoesNot() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let proposal = try Self.propose(fixture)
        var text = try String(contentsOfFile: ProposalTests.corpus("v1.2"), encoding: .utf8)
        text += "\n"
        let editorial = try fixture.directory.write("editorial.md", text)
        try CLI.succeed(fixture.conduct(["revise", proposal, "--from", editorial, "--as", Self.secretariat, "--date", "2024-03-25"]))
        var versions = try #require(try Self.proposals(fixture).first?["versions"] as? [[String: Any]])
        #expect(versions.last?["change"] as? String == "editorial" && versions.last?["consultationUntil"] == nil, "\(versions)")
        #expect(try CLI.succeed(fixture.conduct(["proposals"])).stdout.contains("consultation closed since 2024-04-09T12:00:00Z"))

        try CLI.succeed(fixture.conduct(["revise", proposal, "--from", ProposalTests.corpus("v1.1"), "--as", Self.secretariat, "--date", "2024-04-01"]))
        versions = try #require(try Self.proposals(fixture).first?["versions"] as? [[String: Any]])
        #expect(versions.last?["change"] as? String == "substantive", "\(versions)")
        #expect(versions.last?["consultationUntil"] as? String == "2024-05-01T12:00:00Z")
        let refused = try Self.adopt(fixture, proposal, date: "2024-04-15")
        #expect(refused.status == 2 && refused.stderr.contains("ends on 2024-05-01T12:00:00Z"), "\(refused.stderr)")
        // Every proposal record is valid against its schema.
        for file in try Plumbing.ledger(fixture.store, under: "proposals") {
            #expect(try CLI.validate(String(decoding: try fixture.blob(file), as: UTF8.self), schema: "proposal-record").status == 0, "\(file)")
        }
    }

    // MARK: Overrides

    @Test func anOverrideNeedsARuleThatAllowsItAndIsRecordedAndShown() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let proposal = try Self.propose(fixture)
        let refs = try fixture.refs()
        let forbidden = try Self.adopt(fixture, proposal, date: "2024-03-20", ["--override", "--reason", "Urgent legal fix"])
        #expect(forbidden.status == 2, "\(forbidden.stderr)")
        #expect(forbidden.stderr.contains("the adoption rule in force (since 2024-03-01T12:00:00Z) forbids overrides, so \(proposal) cannot be adopted with --override; wait for its window to end, or have the secretariat set adoption.override allowed"),
                "\(forbidden.stderr)")
        let noReason = try Self.adopt(fixture, proposal, date: "2024-03-20", ["--override"])
        #expect(noReason.status == 64 && noReason.stderr.contains("--override needs --reason"), "\(noReason.stderr)")
        #expect(try fixture.refs() == refs)

        try Self.set(fixture, "adoption.override", "allowed", date: "2024-03-12")
        let inside = try Self.adopt(fixture, proposal, date: "2024-03-20")
        #expect(inside.stderr.contains("ask the secretariat for an override (`--override --reason …`, allowed by the policy)"), "\(inside.stderr)")
        let overridden = try Self.adopt(fixture, proposal, date: "2024-03-20", ["--override", "--reason", "Urgent legal fix"])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(overridden.stdout.contains("consultation window overridden: Urgent legal fix"), "\(overridden.stdout)")
        #expect(try Plumbing.gitOutput(fixture.store, ["log", "-1", "main", "--format=%(trailers:key=Conduct-Override,valueonly)"]) == "Urgent legal fix")

        let log = try CLI.succeed(fixture.conduct(["log"])).stdout
        #expect(log.contains("    adopted inside its consultation window, by override: Urgent legal fix\n"), "\(log)")
        let json = try CLI.succeed(fixture.conduct(["log", "--format", "json"]))
        #expect(try CLI.validate(json.stdout, schema: "log").status == 0)
        let revisions = try #require(try CLI.json(json)["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["override"] as? String } == ["Urgent legal fix", nil, nil])
        #expect(try Self.proposals(fixture).first?["override"] as? String == "Urgent legal fix")
        let adoptedRecord = try Plumbing.ledger(fixture.store, under: "proposals").filter {
            (try? RecordTool.field(fixture.blob($0), "type")) == "proposal-adopted"
        }
        #expect(adoptedRecord.count == 1)
        #expect(try RecordTool.field(fixture.blob(adoptedRecord[0]), "override") == "Urgent legal fix")
        #expect(try Security.verify(fixture.store).status == 0)

        // With the window closed there is nothing to override.
        let later = try ProposalTests.propose(fixture.store, ["--title", "Back to v1.1", "--from", ProposalTests.corpus("v1.1"),
                                                              "--as", Self.secretariat, "--date", "2024-03-21"])
        let nothing = try Self.adopt(fixture, later, date: "2024-05-01", ["--override", "--reason", "Just because"])
        #expect(nothing.status == 2 && nothing.stderr.contains("has no consultation window open to override (closed on 2024-04-20T12:00:00Z)"),
                "\(nothing.stderr)")
    }

    @Test func aSettingTheSecretariatDidNotSignNeitherMakesNorLiftsTheRule() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let proposal = try Self.propose(fixture)
        // Mallory writes, with plain git, settings that would lift the window and allow overrides.
        let mallory = try Security.sshKeygen(in: fixture.directory, "mallory.key")
        let lift = try TrustTests.record(["type": "config", "at": "2024-03-11T00:00:00.000Z", "key": "adoption.consultation", "value": "0d",
                                          "by": TrustTests.by])
        let allow = try TrustTests.signed(["type": "config", "at": "2024-03-11T00:00:00.000Z", "key": "adoption.override", "value": "allowed",
                                           "by": TrustTests.by], key: mallory)
        _ = try Plumbing.rewriteLedger(fixture.store, [(lift.path, lift.bytes), (allow.path, allow.bytes)])
        let rule = try #require(try Self.policy(fixture)["rule"] as? [String: Any])
        #expect(rule["consultation"] as? String == "30d" && rule["override"] as? String == "forbidden", "\(rule)")
        let refused = try Self.adopt(fixture, proposal, date: "2024-03-20", ["--override", "--reason", "Mallory says so"])
        #expect(refused.status == 2 && refused.stderr.contains("forbids overrides"), "\(refused.stderr)")
        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        #expect(Set(findings.filter { $0.check == "authority" }.map(\.subject)) == [lift.path, allow.path], "\(findings)")
    }

    // MARK: verify

    @Test func verifyNamesARevisionAdoptedInsideTheWindowByAForgedCommit() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.consultation", "30d")
        let proposal = try Self.propose(fixture)
        // Whoever holds the secretariat key can write main with plain git, past adopt's refusal:
        // the commit is signed as conduct signs one, so only the rule can tell.
        let key = TrustTests.secretariatKey(fixture)
        let tip = try Plumbing.gitOutput(fixture.store, ["rev-parse", "main"])
        let tree = try Plumbing.gitOutput(fixture.store, ["rev-parse", "refs/conduct/proposals/\(proposal)^{tree}"])
        let dates = ["GIT_AUTHOR_DATE": "2024-03-20T12:00:00Z", "GIT_COMMITTER_DATE": "2024-03-20T12:00:00Z",
                     "GIT_AUTHOR_NAME": "G7 Secretariat", "GIT_AUTHOR_EMAIL": "secretariat@g7.example",
                     "GIT_COMMITTER_NAME": "G7 Secretariat", "GIT_COMMITTER_EMAIL": "secretariat@g7.example"]
        let forged = try Plumbing.gitOutput(fixture.store, [
            "-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)", "commit-tree", "-S", tree, "-p", tip,
            "-m", "Adopt \(proposal)\n\nConduct-Version: 1.2\nConduct-Change: substantive\nConduct-Proposal: \(proposal)",
        ], environment: dates)
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "refs/heads/main", forged, tip])
        var (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        var adoption = findings.filter { $0.check == "adoption" }
        #expect(adoption.map(\.subject) == [forged], "\(findings)")
        #expect(adoption.first?.problem.contains("inside the consultation window of \(proposal), which ended on 2024-04-09T12:00:00Z") == true,
                "\(adoption)")
        #expect(!findings.contains { $0.check == "commit" }, "\(findings)")
        let text = try fixture.conduct(["verify"])
        #expect(text.status == 1 && text.stdout.contains("adoption  \(forged)"), "\(text.stdout)")

        // A revision put on main without a proposal has had no consultation.
        let direct = try Plumbing.gitOutput(fixture.store, [
            "-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)", "commit-tree", "-S", tree, "-p", tip,
            "-m", "Adopt v1.2\n\nConduct-Version: 1.2\nConduct-Change: substantive",
        ], environment: dates)
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "refs/heads/main", direct, forged])
        (status, findings) = try Security.verify(fixture.store)
        adoption = findings.filter { $0.check == "adoption" }
        #expect(status == 1 && adoption.map(\.subject) == [direct], "\(findings)")
        #expect(adoption.first?.problem.contains("without a proposal, so without the consultation of 30d") == true, "\(adoption)")

        // main put back, and the proposal adopted after its window: whole again.
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "refs/heads/main", tip, direct])
        try CLI.succeed(Self.adopt(fixture, proposal, date: "2024-04-10"))
        #expect(try Security.verify(fixture.store).findings.filter { $0.check == "adoption" }.isEmpty)
    }

    // MARK: The quorum

    /// Under a 2-of-2 rule with a 30-day window, `adopt` is refused while the window is open, then
    /// with one approval (naming the approver missing), and succeeds with both; the adoption
    /// commit names the approval records it relied on, and verify passes; a forged adoption naming
    /// too few is named by verify. A text adopted with
    /// `--from` has no approvals, so the rule refuses it too, overridden or not.
    @Test func adoptWaitsForTheWindowThenForAQuorumOfApprovals() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.approvers", "acme,uni")
        try Self.set(fixture, "adoption.quorum", "2")
        try Self.set(fixture, "adoption.consultation", "30d")
        try Self.set(fixture, "adoption.override", "allowed")
        let proposal = try Self.propose(fixture)

        let early = try Self.adopt(fixture, proposal, date: "2024-03-20")
        #expect(early.status == 2 && early.stderr.contains("consultation window of \(proposal) ends on 2024-04-09"), "\(early.stderr)")
        try CLI.succeed(ApprovalTests.approve(fixture, proposal, "acme", ["--date", "2024-03-25"]))
        let before = snapshot(fixture.store)
        let one = try Self.adopt(fixture, proposal, date: "2024-04-15")
        #expect(one.status == 2, "\(one.stderr)")
        #expect(one.stderr.contains("\(proposal) has 1 of the 2 approvals the adoption rule asks for, missing: uni"), "\(one.stderr)")
        #expect(one.stderr.contains("conduct approve \(proposal)"))
        // An override lifts a window, never the quorum.
        let direct = try fixture.conduct(["adopt", "--from", ProposalTests.corpus("v1.2"), "--as", Self.secretariat,
                                          "--date", "2024-04-15", "--override", "--reason", "urgent"])
        #expect(direct.status == 2 && direct.stderr.contains("a text adopted with --from has 0 of the 2 approvals"), "\(direct.stderr)")
        #expect(snapshot(fixture.store) == before, "the refusals changed nothing")

        try CLI.succeed(ApprovalTests.approve(fixture, proposal, "uni", ["--date", "2024-04-16"]))
        try CLI.succeed(Self.adopt(fixture, proposal, date: "2024-04-17"))
        let named = try Plumbing.gitOutput(fixture.store, ["log", "-1", "--format=%(trailers:key=Conduct-Approval,valueonly)", "main"])
            .split(separator: "\n").map(String.init).sorted()
        let files = try ApprovalTests.files(fixture.store, proposal).map { String($0.split(separator: "/").last!.dropLast(5)) }.sorted()
        #expect(named.count == 2 && named == files, "trailers \(named), records \(files)")
        #expect(try Security.verify(fixture.store).status == 0)
        // verify judges the approvers by its own read of the ledger, never by the index kept in
        // conduct-cache/ (nor by writing one).
        let index = fixture.store + "/conduct-cache/ledger-v4"
        try? FileManager.default.removeItem(atPath: index)
        #expect(try Security.verify(fixture.store).status == 0)
        #expect(!FileManager.default.fileExists(atPath: index), "verify wrote the ledger index")

        // The same adoption written with plain git and the secretariat key, naming only acme's
        // approval and one the ledger does not hold: verify counts one of two, and names both.
        let adoption = try Plumbing.gitOutput(fixture.store, ["rev-parse", "main"])
        let acmeFile = try ApprovalTests.file(fixture.store, proposal, of: "acme")
        let acme = try #require(named.first { acmeFile.contains($0) })
        let forged = try Plumbing.gitOutput(fixture.store, [
            "-c", "gpg.format=ssh", "-c", "user.signingkey=\(TrustTests.secretariatKey(fixture))", "commit-tree", "-S",
            "\(adoption)^{tree}", "-p", "\(adoption)^",
            "-m", "Adopt \(proposal)\n\nConduct-Version: 1.2\nConduct-Change: substantive\nConduct-Proposal: \(proposal)\n"
                + "Conduct-Approval: \(acme)\nConduct-Approval: \(String(repeating: "0", count: 64))",
        ], environment: ["GIT_AUTHOR_DATE": "2024-04-17T12:00:00Z", "GIT_COMMITTER_DATE": "2024-04-17T12:00:00Z"])
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "refs/heads/main", forged, adoption])
        let (status, findings) = try Security.verify(fixture.store)
        let quorum = findings.filter { $0.check == "adoption" }
        #expect(status == 1 && Set(quorum.map(\.subject)) == [forged], "\(findings)")
        #expect(quorum.contains { $0.problem.contains("relying on approval 000000000000, which the ledger does not hold") }, "\(quorum)")
        #expect(quorum.contains { $0.problem.contains("with 1 of the 2 approvals the adoption rule in force asked for") }, "\(quorum)")
    }

    @Test func anApprovedProposalIsNotMergedWithAMainThatMovedOn() throws {
        let fixture = try Self.fixture()
        try Self.set(fixture, "adoption.approvers", "acme,uni")
        try Self.set(fixture, "adoption.quorum", "1")
        let first = try Self.propose(fixture)
        let second = try Self.propose(fixture, date: "2024-03-11")
        try CLI.succeed(ApprovalTests.approve(fixture, first, "acme", ["--date", "2024-03-12"]))
        try CLI.succeed(ApprovalTests.approve(fixture, second, "uni", ["--date", "2024-03-12"]))
        try CLI.succeed(Self.adopt(fixture, first, date: "2024-03-13"))
        let before = snapshot(fixture.store)
        let moved = try Self.adopt(fixture, second, date: "2024-03-14")
        #expect(moved.status == 2, "\(moved.stderr)")
        #expect(moved.stderr.contains("main has moved on from") && moved.stderr.contains("its merge with v1.2 is a text nobody approved"), "\(moved.stderr)")
        #expect(moved.stderr.contains("conduct withdraw \(second)"), "\(moved.stderr)")
        #expect(snapshot(fixture.store) == before, "the refusal changed nothing")

        // A commit written with plain git that names the first approval over another text (the
        // revision before it): verify says the approval is of another text.
        let adoption = try Plumbing.gitOutput(fixture.store, ["rev-parse", "main"])
        let approval = try Plumbing.gitOutput(fixture.store, ["log", "-1", "--format=%(trailers:key=Conduct-Approval,valueonly)", "main"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let forged = try Plumbing.gitOutput(fixture.store, [
            "-c", "gpg.format=ssh", "-c", "user.signingkey=\(TrustTests.secretariatKey(fixture))", "commit-tree", "-S",
            "\(adoption)^^{tree}", "-p", "\(adoption)^",
            "-m", "Adopt \(first)\n\nConduct-Version: 1.2\nConduct-Change: editorial\nConduct-Proposal: \(first)\nConduct-Approval: \(approval)",
        ], environment: ["GIT_AUTHOR_DATE": "2024-03-13T12:00:00Z", "GIT_COMMITTER_DATE": "2024-03-13T12:00:00Z"])
        _ = try Plumbing.gitOutput(fixture.store, ["update-ref", "refs/heads/main", forged, adoption])
        let (status, findings) = try Security.verify(fixture.store)
        let quorum = findings.filter { $0.check == "adoption" && $0.subject == forged }
        #expect(status == 1 && quorum.contains { $0.problem.contains("which does not count: it approves another text than the one adopted") }, "\(findings)")
    }
}

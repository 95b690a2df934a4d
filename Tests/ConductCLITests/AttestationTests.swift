import Foundation
import Testing

/// Signatories, attestations and their currency across the Corpus revisions, end to end.
@Suite("Attestations end to end")
struct AttestationTests {
    static let secretariat = "Secretariat <secretariat@example.org>"

    /// A store at v1.0 (adopted 2023-10-30) in `directory`.
    static func store(in directory: TemporaryDirectory) throws -> String {
        let store = directory.path("code.git")
        try #require(try CLI.conduct(["init", store, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0",
                                      "--date", "2023-10-30"]).status == 0)
        return store
    }

    /// Registers `id` with a fresh key (written to the test folder) and returns the private key's path.
    static func register(_ id: String, in directory: TemporaryDirectory, store: String, date: String = "2023-11-01") throws -> String {
        let key = directory.path("\(id)-key")
        try #require(try CLI.conduct(["keys", "generate", "--out", key]).status == 0)
        let added = try CLI.conduct(["signatory", "add", id, "--store", store, "--name", "Signatory \(id)", "--kind", "organisation",
                                     "--key", key + ".pub", "--representative", "Rep \(id) <rep@\(id).example>",
                                     "--as", secretariat, "--date", date])
        try #require(added.status == 0, "\(added.stderr)")
        return key
    }

    static func attest(_ id: String, key: String, store: String, _ extra: [String]) throws {
        let result = try CLI.conduct(["attest", id, "--store", store, "--key", key] + extra)
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// `status --format json` (validated against its schema), as rows by signatory id.
    static func status(_ store: String, _ extra: [String] = []) throws -> [String: [String: Any]] {
        let result = try CLI.conduct(["status", "--store", store, "--format", "json"] + extra)
        try #require(result.status == 0, "\(result.stderr)")
        #expect(try CLI.validate(result.stdout, schema: "status").status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let rows = try #require(object?["signatories"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? String ?? "", $0) })
    }

    static func uncovered(_ row: [String: Any]?) -> [String] {
        let groups = row?["uncovered"] as? [String: [String]] ?? [:]
        return ["changed", "added", "removed"].flatMap { change in (groups[change] ?? []).map { "\(change) \($0)" } }
    }

    @Test func currencyFollowsTheCorpusRevisions() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let whole = try Self.register("acme", in: directory, store: store)
        let scoped = try Self.register("edu", in: directory, store: store)
        _ = try Self.register("late", in: directory, store: store)
        try Self.attest("acme", key: whole, store: store, ["--date", "2023-11-02", "--statement", "We adhere to the whole code."])
        // Actions 1 and 2 only.
        try Self.attest("edu", key: scoped, store: store, ["--clauses", "lifecycle-risks,post-deployment-monitoring", "--date", "2023-11-02"])
        var rows = try Self.status(store)
        #expect(rows["acme"]?["state"] as? String == "current")
        #expect(rows["edu"]?["state"] as? String == "current")
        #expect(rows["late"]?["state"] as? String == "never")

        // v1.1 is editorial only: current-editorial for both.
        try #require(try CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.1"), "--version", "1.1",
                                      "--date", "2024-03-14"]).status == 0)
        rows = try Self.status(store)
        #expect(rows["acme"]?["state"] as? String == "current-editorial")
        #expect(rows["edu"]?["state"] as? String == "current-editorial")
        #expect((rows["edu"]?["editorial"] as? [String])?.sorted() == ["lifecycle-risks", "post-deployment-monitoring"])

        // v1.2 rewords action 3 and adds action 12: the whole-document attestation is stale with
        // exactly those two; the one scoped to actions 1 and 2 stays current.
        try #require(try CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.2"), "--version", "1.2",
                                      "--date", "2025-02-07"]).status == 0)
        rows = try Self.status(store)
        #expect(rows["acme"]?["state"] as? String == "stale")
        #expect(Self.uncovered(rows["acme"]) == ["changed transparency", "added trustworthy-use"])
        #expect(["current", "current-editorial"].contains(rows["edu"]?["state"] as? String ?? ""))
        #expect(Self.uncovered(rows["edu"]).isEmpty)

        // Read at v1.1, the same attestations are current-editorial again.
        #expect(try Self.status(store, ["--at", "v1.1"])["acme"]?["state"] as? String == "current-editorial")

        // check: exit 0 when current, 1 with one line of reason otherwise.
        let stale = try CLI.conduct(["check", "acme", "--store", store])
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("stale") && stale.stdout.contains("transparency") && stale.stdout.contains("trustworthy-use"))
        #expect(try CLI.conduct(["check", "edu", "--store", store]).status == 0)
        #expect(try CLI.conduct(["check", "late", "--store", store]).status == 1)
        #expect(try CLI.conduct(["check", "nobody", "--store", store]).status == 2)

        // since: the structured diff in scope, substantive first.
        let since = try CLI.conduct(["since", "acme", "--store", store, "--format", "json"])
        try #require(since.status == 0, "\(since.stderr)")
        #expect(try CLI.validate(since.stdout, schema: "diff").status == 0)
        let clauses = try #require((try JSONSerialization.jsonObject(with: Data(since.stdout.utf8)) as? [String: Any])?["clauses"] as? [[String: Any]])
        let significance = clauses.map { $0["significance"] as? String ?? "" }
        #expect(significance.prefix(2) == ["substantive", "substantive"])
        #expect(!significance.dropFirst(2).contains("substantive"))
        let scopedSince = try CLI.conduct(["since", "edu", "--store", store, "--format", "json"])
        let scopedClauses = (try JSONSerialization.jsonObject(with: Data(scopedSince.stdout.utf8)) as? [String: Any])?["clauses"] as? [[String: Any]]
        // Actions 1 and 2 changed only editorially; nothing outside them is shown.
        #expect(scopedClauses?.isEmpty == false)
        #expect(scopedClauses?.allSatisfy { $0["significance"] as? String == "editorial" } == true)

        // Re-attesting v1.2 makes acme current; withdrawing makes it withdrawn.
        try Self.attest("acme", key: whole, store: store, ["--date", "2025-03-01"])
        #expect(try Self.status(store)["acme"]?["state"] as? String == "current")
        try Self.attest("acme", key: whole, store: store, ["--withdraw", "--date", "2025-04-01"])
        #expect(try Self.status(store)["acme"]?["state"] as? String == "withdrawn")
        #expect(try CLI.conduct(["check", "acme", "--store", store]).status == 1)
        #expect(try CLI.conduct(["verify", "--store", store]).status == 0)
    }

    @Test func aNonMaterialRevisionLeavesAttestationsCurrent() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let key = try Self.register("acme", in: directory, store: store)
        try Self.attest("acme", key: key, store: store, ["--date", "2023-11-02"])
        let proposal = try ProposalTests.propose(store, ["--title", "Yearly reports", "--from", ProposalTests.corpus("v1.2"),
                                                         "--date", "2024-01-10"])
        try #require(try CLI.conduct(["adopt", proposal, "--store", store, "--non-material", "--date", "2024-02-01"]).status == 0)
        let row = try Self.status(store)["acme"]
        #expect(row?["state"] as? String == "current-editorial")
        #expect((row?["editorial"] as? [String])?.contains("transparency") == true)
        #expect((row?["editorial"] as? [String])?.contains("trustworthy-use") == true)
    }

    @Test func aRevokedKeySignsNothingMoreAndAnExposedKeyIsRefused() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let key = try Self.register("acme", in: directory, store: store)
        let before = try CLI.git(["--git-dir", store, "for-each-ref"]).stdout
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let exposed = try CLI.conduct(["attest", "acme", "--store", store, "--key", key, "--date", "2024-01-01"])
        #expect(exposed.status == 2 && exposed.stderr.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        try #require(try CLI.conduct(["signatory", "key", "revoke", "acme", key + ".pub", "--store", store, "--date", "2024-06-01"]).status == 0)
        // Not even with a date before the revocation.
        let backdated = try CLI.conduct(["attest", "acme", "--store", store, "--key", key, "--date", "2024-01-01"])
        #expect(backdated.status == 2 && backdated.stderr.contains("was revoked at 2024-06-01"))
        #expect(try CLI.git(["--git-dir", store, "for-each-ref"]).stdout != before, "the revocation itself was written")
        let after = try CLI.git(["--git-dir", store, "for-each-ref"]).stdout
        _ = try CLI.conduct(["attest", "acme", "--store", store, "--key", key])
        #expect(try CLI.git(["--git-dir", store, "for-each-ref"]).stdout == after)
    }

    @Test func attestationsExpireAfterTheMaximumAgeAndItsGrace() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let day: TimeInterval = 86_400
        func date(daysAgo: Double) -> String {
            ISO8601DateFormatter().string(from: Date().addingTimeInterval(-daysAgo * day))
        }
        let old = try Self.register("old", in: directory, store: store)
        let grace = try Self.register("grace", in: directory, store: store)
        let fresh = try Self.register("fresh", in: directory, store: store)
        try Self.attest("old", key: old, store: store, ["--date", date(daysAgo: 400)])
        try Self.attest("grace", key: grace, store: store, ["--date", date(daysAgo: 380)])
        try Self.attest("fresh", key: fresh, store: store, ["--date", date(daysAgo: 10)])
        // Without a maximum age, nothing expires.
        #expect(try Self.status(store).values.allSatisfy { $0["state"] as? String == "current" })

        for (key, value) in [("attestation.max-age", "365d"), ("attestation.grace", "30d")] {
            try #require(try CLI.conduct(["config", "set", key, value, "--store", store]).status == 0)
        }
        let rows = try Self.status(store)
        #expect(rows["old"]?["state"] as? String == "expired")
        #expect(rows["grace"]?["state"] as? String == "current")
        #expect(rows["grace"]?["inGrace"] as? Bool == true)
        #expect(rows["fresh"]?["state"] as? String == "current")
        #expect(rows["fresh"]?["inGrace"] == nil)

        // A setting that is not a duration is refused, and nothing is written.
        let before = try CLI.git(["--git-dir", store, "for-each-ref"]).stdout
        let bad = try CLI.conduct(["config", "set", "attestation.max-age", "a year", "--store", store])
        #expect(bad.status == 2 && bad.stderr.contains("365d"))
        #expect(try CLI.conduct(["config", "set", "attestation.colour", "1d", "--store", store]).status == 2)
        #expect(try CLI.git(["--git-dir", store, "for-each-ref"]).stdout == before)
    }
}

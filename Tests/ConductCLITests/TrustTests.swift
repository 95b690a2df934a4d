import Foundation
import Testing

/// The root of authority against forgers with plain git plumbing: records a secretariat signs,
/// the chain of authority records, the trust anchor a clone pins, and the migration of a store
/// made before records were signed.
@Suite("Trust")
struct TrustTests {
    typealias Security = AttestationSecurityTests
    static let secretariat = Security.secretariat
    static let recordNamespace = "conduct-record"

    // MARK: Helpers

    /// The fixture's secretariat key, which `init` generated.
    static func secretariatKey(_ fixture: Security.Fixture) -> String { fixture.store + "/conduct/secretariat_ed25519" }

    /// A record of `fields` in canonical JSON, as the ledger stores it, and its ledger path.
    static func record(_ fields: [String: Any]) throws -> (path: String, bytes: Data) {
        let bytes = try RecordTool.canonical(try JSONSerialization.data(withJSONObject: fields))
        let type = fields["type"] as? String ?? ""
        let id = try RecordTool.sha256(bytes)
        switch type {
        case "signatory", "key-added", "key-revoked": return ("signatories/\(fields["signatory"]!)/\(id).json", bytes)
        case "config": return ("config/\(id).json", bytes)
        case "authority": return ("authority/\(id).json", bytes)
        case "translation": return ("translations/\((fields["language"] as? String ?? "").lowercased())/\(id).json", bytes)
        default: return ("proposals/\(fields["proposal"]!)/\(id).json", bytes)
        }
    }

    /// `fields` signed as conduct signs a record, but by `key` (any key): `signer` and an SSHSIG over the rest.
    static func signed(_ fields: [String: Any], key: String) throws -> (path: String, bytes: Data) {
        var unsigned = fields
        unsigned["signer"] = try publicLine(key)
        let payload = try RecordTool.canonical(try JSONSerialization.data(withJSONObject: unsigned))
        unsigned["signature"] = try Security.sshSign(payload, key: key, namespace: recordNamespace)
        return try record(unsigned)
    }

    /// An authority record of `fields` signed by each of `keys` (any keys).
    static func authority(_ fields: [String: Any], signedBy keys: [String]) throws -> (path: String, bytes: Data) {
        let payload = try RecordTool.canonical(try JSONSerialization.data(withJSONObject: fields))
        var all = fields
        all["signatures"] = try keys.map { ["key": try publicLine($0), "signature": try Security.sshSign(payload, key: $0, namespace: recordNamespace)] }
        return try record(all)
    }

    /// The key file's public line without its comment.
    static func publicLine(_ key: String) throws -> String {
        let line = try String(contentsOfFile: key + ".pub", encoding: .utf8)
        return line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    static func fingerprint(_ key: String) throws -> String {
        let result = try CLI.run("/usr/bin/env", ["ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub"])
        return String(result.stdout.split(separator: " ")[1])
    }

    static var by: [String: Any] { ["name": "Mallory", "email": "mallory@example.org"] }

    /// The first authority record's id.
    static func rootAuthority(_ store: String) throws -> String {
        let shown = try CLI.json(try CLI.succeed(CLI.conduct(["secretariat", "show", "--store", store, "--format", "json"])))
        let chain = try #require(shown["chain"] as? [[String: Any]])
        return try #require(chain.first?["id"] as? String)
    }

    /// The forgeries of the issue, each against the fixture's genuine records: path, bytes and what it is.
    struct Forgery {
        var name: String
        var path: String
        var bytes: Data
    }

    static func forgeries(_ fixture: Security.Fixture, mallory: String) throws -> [Forgery] {
        let malloryLine = try publicLine(mallory)
        let malloryPrint = try fingerprint(mallory)
        var out: [Forgery] = []
        // A key for uni, unsigned; and one signed by Mallory's own key.
        let keyAdded = try record(["type": "key-added", "at": "2024-02-05T00:00:00.000Z", "signatory": "uni", "key": malloryLine,
                                   "fingerprint": malloryPrint, "by": by])
        out.append(Forgery(name: "key-added", path: keyAdded.path, bytes: keyAdded.bytes))
        // A registration of acme dated before the genuine one, with Mallory's key, signed by Mallory.
        let backdated = try signed(["type": "signatory", "at": "2024-01-20T00:00:00.000Z", "signatory": "acme", "name": "Acme AI Ltd",
                                    "kind": "organisation", "representatives": [], "key": malloryLine, "fingerprint": malloryPrint, "by": by],
                                   key: mallory)
        out.append(Forgery(name: "backdated signatory", path: backdated.path, bytes: backdated.bytes))
        // A maximum age that would expire every attestation.
        let config = try record(["type": "config", "at": "2024-02-02T00:00:00.000Z", "key": "attestation.max-age", "value": "1d", "by": by])
        out.append(Forgery(name: "config", path: config.path, bytes: config.bytes))
        // A translation of v1.1 that a reader of the site would take for the code, signed by Mallory.
        let text = "# Verhaltenskodex\n\nWer unterschreibt, verspricht nichts.\n"
        let translation = try signed(["type": "translation", "at": "2024-03-20T00:00:00.000Z", "language": "de", "revision": fixture.v11,
                                      "text": text, "sha256": try RecordTool.sha256(Data(text.utf8)), "by": by], key: mallory)
        out.append(Forgery(name: "translation", path: translation.path, bytes: translation.bytes))
        return out
    }

    // MARK: init and the secretariat key

    @Test func initGeneratesTheSecretariatKeyAndTheFirstAuthorityRecord() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("code.git")
        let created = try CLI.succeed(CLI.conduct(["init", store, "--from", ProposalTests.corpus("v1.0")]))
        let key = store + "/conduct/secretariat_ed25519"
        let print = try Self.fingerprint(key)
        #expect(created.stderr.contains(print) && created.stderr.contains("keep it safe"), "\(created.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        // Noted relative to the git directory, so the store can move.
        #expect(try Plumbing.gitOutput(store, ["config", "conduct.secretariatKey"]) == "conduct/secretariat_ed25519")
        let shown = try CLI.json(try CLI.succeed(CLI.conduct(["secretariat", "show", "--store", store, "--format", "json"])))
        #expect(shown["keys"] as? [String] == [print])
        #expect(shown["threshold"] as? Int == 1)
        #expect(try Plumbing.gitOutput(store, ["config", "conduct.authority"]) == (try Self.rootAuthority(store)))
        #expect(try Security.verify(store).status == 0)

        // A key the user gives (ssh-keygen's) is used instead, and noted by its absolute path.
        let own = try Security.sshKeygen(in: directory, "own.key")
        let second = directory.path("second.git")
        try CLI.succeed(CLI.conduct(["init", "second.git", "--from", ProposalTests.corpus("v1.0"), "--secretariat-key", "own.key"], in: directory.url))
        #expect(try Plumbing.gitOutput(second, ["config", "conduct.secretariatKey"]) == own)
        #expect(!FileManager.default.fileExists(atPath: second + "/conduct/secretariat_ed25519"))
        let secondShown = try CLI.json(try CLI.succeed(CLI.conduct(["secretariat", "show", "--store", second, "--format", "json"])))
        #expect(secondShown["keys"] as? [String] == [try Self.fingerprint(own)])

        // A key file that is not one is refused before anything is made.
        let bad = try directory.write("bad.key", "not a key\n")
        let refused = try CLI.conduct(["init", directory.path("third.git"), "--from", ProposalTests.corpus("v1.0"), "--secretariat-key", bad])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("third.git")))
    }

    @Test func sshKeygenVerifiesRecordSignatures() throws {
        let fixture = try Security.Fixture(attest: false)
        try CLI.succeed(fixture.conduct(["config", "set", "attestation.max-age", "365d", "--as", Self.secretariat]))
        let allowed = try fixture.directory.write("allowed", "secretariat \(try Self.publicLine(Self.secretariatKey(fixture)))\n")
        let files = try Plumbing.ledger(fixture.store, under: "signatories") + Plumbing.ledger(fixture.store, under: "config")
        #expect(files.count == 3, "\(files)")
        for path in files {
            let record = try fixture.blob(path)
            let payload = try RecordTool.payload(record)
            let signature = try RecordTool.field(record, "signature")
            let verified = try Security.sshVerify(payload, signature: signature, identity: "secretariat", allowedSigners: allowed,
                                                  namespace: Self.recordNamespace, in: fixture.directory)
            #expect(verified.status == 0, "\(path): \(verified.stderr)")
            #expect(try Security.sshVerify(payload, signature: signature, identity: "secretariat", allowedSigners: allowed,
                                           namespace: Security.namespace, in: fixture.directory).status != 0)
        }
    }

    // MARK: Forgeries in the store

    @Test func forgedRecordsAreNamedAndNotCounted() throws {
        let fixture = try Security.Fixture()
        let mallory = try Security.sshKeygen(in: fixture.directory, "mallory.key")
        let forgeries = try Self.forgeries(fixture, mallory: mallory)
        // Mallory's attestation for uni of v1.1, whole, by the key the forged key-added names.
        let genuine = try fixture.blob(try fixture.attestation("uni", of: fixture.v10))
        let forgedAttestation = try Security.resigned(genuine, [
            "revision": fixture.v11, "scope": "document", "at": "2024-03-10T00:00:00.000Z", "key": try Self.fingerprint(mallory),
            "fingerprints": try RecordTool.field(try fixture.blob(try fixture.attestation("acme", of: fixture.v11)), "fingerprints"),
            "document": try RecordTool.field(try fixture.blob(try fixture.attestation("acme", of: fixture.v11)), "document"),
        ], key: mallory)
        try Plumbing.rewriteLedger(fixture.store, forgeries.map { ($0.path, $0.bytes) } + [(forgedAttestation.path, forgedAttestation.bytes)])

        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        for forgery in forgeries {
            #expect(findings.contains { $0.check == "authority" && $0.subject == forgery.path }, "\(forgery.name): \(findings)")
        }
        // The genuine records are not blamed: only the forgeries and the attestation by Mallory's key.
        let blamed = Set(findings.map(\.subject))
        #expect(blamed == Set(forgeries.map(\.path) + [forgedAttestation.path]), "\(findings)")

        let rows = try Security.status(fixture.store)
        #expect(Security.state(rows["acme"]) == "current", "\(rows["acme"] ?? [:])")
        #expect(Security.state(rows["uni"]) != "current", "\(rows["uni"] ?? [:])")
        let uni = try CLI.json(try CLI.succeed(fixture.conduct(["signatory", "show", "uni", "--format", "json"])))
        #expect((uni["keys"] as? [[String: Any]])?.count == 1, "\(uni)")
        let settings = try CLI.succeed(fixture.conduct(["config", "show"]))
        #expect(!settings.stdout.contains("1d"), "\(settings.stdout)")
        let translations = try CLI.json(try CLI.succeed(fixture.conduct(["translations", "--format", "json"])))
        #expect((translations["translations"] as? [Any])?.isEmpty == true, "\(translations)")
    }

    @Test func forgedAdoptionAndRejectionDoNotCloseAProposal() throws {
        let fixture = try Security.Fixture(attest: false)
        let proposed = try CLI.succeed(fixture.conduct(["propose", "--title", "Next", "--from", ProposalTests.corpus("v1.2"),
                                                        "--as", Self.secretariat]))
        let proposals = try CLI.json(try CLI.succeed(fixture.conduct(["proposals", "--format", "json"])))
        let id = try #require((proposals["proposals"] as? [[String: Any]])?.first?["id"] as? String, "\(proposed.stdout)")
        let mallory = try Security.sshKeygen(in: fixture.directory, "mallory.key")
        let adopted = try Self.signed(["type": "proposal-adopted", "at": "2030-01-01T00:00:00.000Z", "proposal": id, "revision": fixture.v11,
                                       "version": "1.1", "by": Self.by], key: mallory)
        let rejected = try Self.record(["type": "proposal-rejected", "at": "2030-01-02T00:00:00.000Z", "proposal": id, "by": Self.by,
                                        "reason": "forged"])
        try Plumbing.rewriteLedger(fixture.store, [(adopted.path, adopted.bytes), (rejected.path, rejected.bytes)])
        let open = try CLI.json(try CLI.succeed(fixture.conduct(["proposals", "--format", "json"])))
        #expect((open["proposals"] as? [[String: Any]])?.first?["status"] as? String == "open", "\(open)")
        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        #expect(Set(findings.map(\.subject)) == [adopted.path, rejected.path], "\(findings)")
        // The genuine secretariat's decision counts.
        try CLI.succeed(fixture.conduct(["reject", id, "--reason", "Not now", "--as", Self.secretariat]))
        let closed = try CLI.json(try CLI.succeed(fixture.conduct(["proposals", "--status", "all", "--format", "json"])))
        #expect((closed["proposals"] as? [[String: Any]])?.first?["status"] as? String == "rejected")
    }

    @Test func authorityRecordsByOtherKeysAndForksAreNamed() throws {
        let fixture = try Security.Fixture(attest: false)
        let root = try Self.rootAuthority(fixture.store)
        let mallory = try Security.sshKeygen(in: fixture.directory, "mallory.key")
        let second = try Security.sshKeygen(in: fixture.directory, "second.key")
        // A genuine change: the second key joins.
        try CLI.succeed(fixture.conduct(["secretariat", "change", "--add-key", second + ".pub", "--as", Self.secretariat, "--date", "2024-05-01"]))
        // Mallory replaces the chain's tip with her key, signing with it.
        let tip = try #require((try CLI.json(try CLI.succeed(fixture.conduct(["secretariat", "show", "--format", "json"])))["chain"]
            as? [[String: Any]])?.last?["id"] as? String)
        let takeover = try Self.authority(["type": "authority", "at": "2024-06-01T00:00:00.000Z", "keys": [try Self.publicLine(mallory)],
                                           "threshold": 1, "previous": tip, "by": Self.by], signedBy: [mallory])
        // A fork: another record replacing the root, signed by the genuine key, dated after the genuine change.
        let fork = try Self.authority(["type": "authority", "at": "2024-07-01T00:00:00.000Z", "keys": [try Self.publicLine(mallory)],
                                       "threshold": 1, "previous": root, "by": Self.by], signedBy: [Self.secretariatKey(fixture)])
        // What Mallory then signs as the secretariat.
        let registration = try Self.signed(["type": "signatory", "at": "2024-08-01T00:00:00.000Z", "signatory": "mallory", "name": "Mallory",
                                            "kind": "person", "representatives": [], "by": Self.by], key: mallory)
        try Plumbing.rewriteLedger(fixture.store, [(takeover.path, takeover.bytes), (fork.path, fork.bytes), (registration.path, registration.bytes)])

        let (status, findings) = try Security.verify(fixture.store)
        #expect(status == 1)
        #expect(Set(findings.map(\.subject)) == [takeover.path, fork.path, registration.path], "\(findings)")
        let forkFinding = try #require(findings.first { $0.subject == fork.path })
        #expect(forkFinding.problem.contains(String(root.prefix(12))) && forkFinding.problem.contains(String(tip.prefix(12))), "\(forkFinding)")
        let shown = try CLI.json(try CLI.succeed(fixture.conduct(["secretariat", "show", "--format", "json"])))
        #expect(shown["keys"] as? [String] == [try Self.fingerprint(Self.secretariatKey(fixture)), try Self.fingerprint(second)])
        let list = try CLI.succeed(fixture.conduct(["signatory", "list", "--format", "json"]))
        #expect(!list.stdout.contains("mallory"), "\(list.stdout)")
    }

    // MARK: Forgeries on a hub

    @Test func syncQuarantinesForgedRecordsFromAHub() throws {
        let fixture = try Security.Fixture()
        let hub = fixture.directory.path("hub.git")
        try CLI.succeed(CLI.git(["clone", "--mirror", "-q", fixture.store, hub]))
        let clone = fixture.directory.path("clone.git")
        try CLI.succeed(CLI.conduct(["clone", hub, clone]))
        #expect(try Plumbing.gitOutput(clone, ["config", "conduct.authority"]) == (try Self.rootAuthority(fixture.store)))

        let mallory = try Security.sshKeygen(in: fixture.directory, "mallory.key")
        var forgeries = try Self.forgeries(fixture, mallory: mallory)
        let root = try Self.rootAuthority(fixture.store)
        let takeover = try Self.authority(["type": "authority", "at": "2024-06-01T00:00:00.000Z", "keys": [try Self.publicLine(mallory)],
                                           "threshold": 1, "previous": root, "by": Self.by], signedBy: [mallory])
        forgeries.append(Forgery(name: "authority", path: takeover.path, bytes: takeover.bytes))
        try Plumbing.rewriteLedger(hub, forgeries.map { ($0.path, $0.bytes) })

        let synced = try CLI.conduct(["sync", "--store", clone])
        #expect(synced.status == 1, "\(synced.stdout) \(synced.stderr)")
        for forgery in forgeries {
            #expect(synced.stdout.contains("quarantined: \(forgery.path)"), "\(forgery.name): \(synced.stdout)")
            #expect(try Plumbing.git(clone, ["cat-file", "-e", "refs/conduct/quarantine/origin:\(forgery.path)"]).status == 0, "\(forgery.name)")
            #expect(try Plumbing.git(clone, ["cat-file", "-e", "refs/conduct/records:\(forgery.path)"]).status != 0, "\(forgery.name)")
        }
        #expect(try Security.verify(clone).status == 0)
        #expect(Security.state(try Security.status(clone)["acme"]) == "current")
    }

    @Test func syncRefusesARemoteWithAnotherRootOfAuthority() throws {
        let fixture = try Security.Fixture(attest: false)
        let clone = fixture.directory.path("clone.git")
        try CLI.succeed(CLI.conduct(["clone", fixture.store, clone]))
        let other = fixture.directory.path("other.git")
        try CLI.succeed(CLI.conduct(["init", other, "--from", ProposalTests.corpus("v1.0")]))
        try CLI.succeed(CLI.conduct(["remote", "add", "other", other, "--store", clone]))
        let before = try Plumbing.gitOutput(clone, ["for-each-ref"])
        let refused = try CLI.conduct(["sync", "other", "--store", clone])
        #expect(refused.status == 2, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("not this store's"), "\(refused.stderr)")
        #expect(try Plumbing.gitOutput(clone, ["for-each-ref"]).split(separator: "\n").filter { !$0.contains("refs/remotes/other/") }
            == before.split(separator: "\n"))
    }

    // MARK: Acts on a clone, key changes, the secretariat's keys

    @Test func aCloneSignsOnlyWithTheSecretariatKeyGiven() throws {
        let fixture = try Security.Fixture(attest: false)
        let clone = fixture.directory.path("clone.git")
        try CLI.succeed(CLI.conduct(["clone", fixture.store, clone]))
        let key = try Security.sshKeygen(in: fixture.directory, "new.key")
        let refused = try CLI.conduct(["signatory", "add", "newco", "--name", "New", "--kind", "organisation", "--store", clone])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--secretariat-key FILE") && refused.stderr.contains("conduct.secretariatKey"), "\(refused.stderr)")
        let wrong = try CLI.conduct(["signatory", "add", "newco", "--name", "New", "--kind", "organisation", "--store", clone,
                                     "--secretariat-key", key])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("not a secretariat key"), "\(wrong.stderr)")
        try CLI.succeed(CLI.conduct(["signatory", "add", "newco", "--name", "New", "--kind", "organisation", "--store", clone,
                                     "--secretariat-key", Self.secretariatKey(fixture)]))
        // A signatory's own key in force signs its next key.
        try CLI.succeed(CLI.conduct(["signatory", "key", "add", "acme", key + ".pub", "--store", clone, "--signatory-key", fixture.acmeKey]))
        let acme = try CLI.json(try CLI.succeed(CLI.conduct(["signatory", "show", "acme", "--store", clone, "--format", "json"])))
        #expect((acme["keys"] as? [[String: Any]])?.count == 2)
        let notHers = try CLI.conduct(["signatory", "key", "revoke", "uni", fixture.uniKey + ".pub", "--store", clone, "--signatory-key", fixture.acmeKey])
        #expect(notHers.status == 2, "\(notHers.stderr)")
        #expect(try Security.verify(clone).status == 0)
    }

    @Test func changingTheSecretariatNeedsTheThreshold() throws {
        let fixture = try Security.Fixture(attest: false)
        let first = Self.secretariatKey(fixture)
        let second = try Security.sshKeygen(in: fixture.directory, "second.key")
        try CLI.succeed(fixture.conduct(["secretariat", "change", "--add-key", second + ".pub", "--threshold", "2", "--as", Self.secretariat]))
        let alone = try fixture.conduct(["secretariat", "change", "--remove-key", try Self.fingerprint(first), "--threshold", "1",
                                         "--secretariat-key", first, "--as", Self.secretariat])
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("1 given, 1 missing"), "\(alone.stderr)")
        try CLI.succeed(fixture.conduct(["secretariat", "change", "--remove-key", try Self.fingerprint(first), "--threshold", "1",
                                         "--secretariat-key", first, "--secretariat-key", second, "--as", Self.secretariat]))
        let shown = try CLI.json(try CLI.succeed(fixture.conduct(["secretariat", "show", "--format", "json"])))
        #expect(shown["keys"] as? [String] == [try Self.fingerprint(second)])
        #expect((shown["chain"] as? [Any])?.count == 3)
        // The removed key signs nothing more; the new one does.
        let stale = try fixture.conduct(["signatory", "add", "late", "--name", "Late", "--kind", "person", "--as", Self.secretariat])
        #expect(stale.status == 2, "\(stale.stderr)")
        try CLI.succeed(fixture.conduct(["signatory", "add", "late", "--name", "Late", "--kind", "person", "--as", Self.secretariat,
                                         "--secretariat-key", second]))
        #expect(try Security.verify(fixture.store).status == 0)
        // An auditor who knows the first key out of band accepts the chain; one who knows another does not.
        #expect(try CLI.conduct(["verify", "--store", fixture.store, "--authority", try Self.fingerprint(first)]).status == 0)
        #expect(try CLI.conduct(["verify", "--store", fixture.store, "--authority", try Self.fingerprint(second)]).status == 1)
    }

    // MARK: Migration

    @Test func aStoreMadeBeforeSigningMigratesWithOneCommand() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("old.git")
        try CLI.succeed(CLI.conduct(["init", store, "--from", ProposalTests.corpus("v1.0"), "--date", "2023-10-30"]))
        // The ledger as the tool wrote it before: unsigned records, no authority record, no key in the config.
        let registration = try Self.record(["type": "signatory", "at": "2024-01-01T00:00:00.000Z", "signatory": "acme", "name": "Acme",
                                            "kind": "organisation", "representatives": [], "by": Self.by])
        let config = try Self.record(["type": "config", "at": "2024-01-02T00:00:00.000Z", "key": "attestation.max-age", "value": "365d", "by": Self.by])
        var lines = ""
        for (path, bytes) in [registration, config] {
            let blob = try Plumbing.gitOutput(store, ["hash-object", "-w", "--stdin"], stdin: bytes)
            lines += "100644 \(blob)\t\(path)\n"
        }
        let index = directory.path("index")
        _ = try Plumbing.gitOutput(store, ["update-index", "--add", "--index-info"], stdin: Data(lines.utf8), environment: ["GIT_INDEX_FILE": index])
        let tree = try Plumbing.gitOutput(store, ["write-tree"], environment: ["GIT_INDEX_FILE": index])
        let commit = try Plumbing.gitOutput(store, ["commit-tree", tree, "-m", "Old ledger"])
        _ = try Plumbing.gitOutput(store, ["update-ref", "refs/conduct/records", commit])
        _ = try Plumbing.gitOutput(store, ["reflog", "expire", "--expire=now", "--all"])
        _ = try Plumbing.gitOutput(store, ["config", "--unset", "conduct.secretariatKey"])
        _ = try Plumbing.gitOutput(store, ["config", "--unset", "conduct.authority"])
        let key = store + "/conduct/secretariat_ed25519"

        // Reads count what is there; writes that need an authority say how to migrate.
        #expect(try CLI.succeed(CLI.conduct(["signatory", "list", "--store", store])).stdout.contains("acme"))
        let refused = try CLI.conduct(["signatory", "add", "uni", "--name", "Uni", "--kind", "organisation", "--store", store, "--secretariat-key", key])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("conduct secretariat migrate"), "\(refused.stderr)")
        let before = try Security.verify(store)
        #expect(before.status == 1)
        #expect(before.findings.contains { $0.check == "authority" && $0.problem.contains("conduct secretariat migrate") }, "\(before.findings)")

        try CLI.succeed(CLI.conduct(["secretariat", "migrate", "--store", store, "--secretariat-key", key]))
        let shown = try CLI.json(try CLI.succeed(CLI.conduct(["secretariat", "show", "--store", store, "--format", "json"])))
        #expect((shown["chain"] as? [Any])?.count == 1)
        let root = try Self.rootAuthority(store)
        let rootRecord = try Plumbing.blob(store, "authority/\(root).json")
        let endorses = try #require(try JSONSerialization.jsonObject(with: rootRecord) as? [String: Any])["endorses"] as? [String: Any]
        #expect(endorses?["ledger"] as? String == commit)
        #expect(endorses?["main"] as? String == (try Plumbing.gitOutput(store, ["rev-parse", "refs/heads/main"])))
        #expect((endorses?["tags"] as? [String: String])?["v1.0"] == (try Plumbing.gitOutput(store, ["rev-parse", "refs/tags/v1.0"])))
        #expect(try Security.verify(store).status == 0)
        #expect(try CLI.succeed(CLI.conduct(["config", "show", "--store", store])).stdout.contains("365d"))
        let again = try CLI.conduct(["secretariat", "migrate", "--store", store, "--secretariat-key", key])
        #expect(again.status == 2, "\(again.stderr)")
        try CLI.succeed(CLI.conduct(["signatory", "add", "uni", "--name", "Uni", "--kind", "organisation", "--store", store]))

        // An unsigned record written after the migration is not endorsed.
        let late = try Self.record(["type": "signatory", "at": "2025-01-01T00:00:00.000Z", "signatory": "late", "name": "Late",
                                    "kind": "person", "representatives": [], "by": Self.by])
        try Plumbing.rewriteLedger(store, [(late.path, late.bytes)])
        let after = try Security.verify(store)
        #expect(after.findings.map(\.subject) == [late.path], "\(after.findings)")
        #expect(!(try CLI.succeed(CLI.conduct(["signatory", "list", "--store", store])).stdout.contains("late")))
    }
}

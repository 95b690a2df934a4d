import Foundation
import Testing

/// Attestations against the outside world: signatures that OpenSSH's `ssh-keygen -Y` checks and
/// makes, a ledger tampered with through plain git plumbing, many writers at once, and bad keys.
@Suite("Attestation security")
struct AttestationSecurityTests {
    static let namespace = "conduct-attestation"
    static let secretariat = "G7 Secretariat <secretariat@g7.example>"
    static let acmeRepresentative = "Acme Compliance <compliance@acme.example>"
    static let uniRepresentative = "Uni Lab <lab@uni.example>"

    // MARK: Fixture

    /// A store with v1.0 and v1.1 adopted; `acme` signs with a key from `conduct keys generate`,
    /// `uni` with one from `ssh-keygen`. With `attest`, three attestations: acme v1.0 (whole, with a
    /// statement), uni v1.0 (clauses scope and transparency), acme v1.1 (whole).
    struct Fixture {
        let directory: TemporaryDirectory
        let store: String
        let acmeKey: String
        let uniKey: String
        let v10: String
        let v11: String

        init(attest: Bool = true) throws {
            directory = try TemporaryDirectory()
            store = directory.path("code.git")
            try CLI.succeed(CLI.conduct(["init", store, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0",
                                         "--date", "2023-10-30", "--as", AttestationSecurityTests.secretariat]))
            try CLI.succeed(CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.1"), "--version", "1.1",
                                         "--date", "2024-01-15", "--as", AttestationSecurityTests.secretariat]))
            v10 = try Plumbing.gitOutput(store, ["rev-parse", "v1.0^{commit}"])
            v11 = try Plumbing.gitOutput(store, ["rev-parse", "v1.1^{commit}"])
            acmeKey = directory.path("acme.key")
            try CLI.succeed(CLI.conduct(["keys", "generate", "--out", acmeKey]))
            uniKey = try AttestationSecurityTests.sshKeygen(in: directory, "uni.key")
            try CLI.succeed(CLI.conduct([
                "signatory", "add", "acme", "--name", "Acme AI Ltd", "--kind", "organisation", "--key", acmeKey + ".pub",
                "--representative", AttestationSecurityTests.acmeRepresentative,
                "--store", store, "--as", AttestationSecurityTests.secretariat, "--date", "2024-02-01"]))
            try CLI.succeed(CLI.conduct([
                "signatory", "add", "uni", "--name", "University Lab", "--kind", "organisation", "--key", uniKey + ".pub",
                "--store", store, "--as", AttestationSecurityTests.secretariat, "--date", "2024-02-01"]))
            if attest {
                try self.attest("acme", ["--revision", "v1.0", "--statement", "We adhere to the whole code.", "--date", "2024-03-01"])
                try self.attest("uni", ["--revision", "1.0", "--clauses", "scope,transparency", "--date", "2024-03-02"])
                try self.attest("acme", ["--revision", "v1.1", "--date", "2024-03-03"])
            }
        }

        /// `conduct ARGS --store STORE`.
        @discardableResult
        func conduct(_ arguments: [String]) throws -> CLI.Result { try CLI.conduct(arguments + ["--store", store]) }

        /// `conduct attest` as the signatory's representative with its own key; must succeed.
        func attest(_ signatory: String, _ arguments: [String]) throws {
            let key = signatory == "acme" ? acmeKey : uniKey
            let who = signatory == "acme" ? AttestationSecurityTests.acmeRepresentative : AttestationSecurityTests.uniRepresentative
            try CLI.succeed(conduct(["attest", signatory, "--key", key, "--as", who] + arguments))
        }

        /// The attestation files of the ledger, by path.
        func attestationFiles() throws -> [String] { try Plumbing.ledger(store, under: "attestations") }

        /// The path of `signatory`'s attestation of `revision` (a commit id), the only one there is.
        func attestation(_ signatory: String, of revision: String) throws -> String {
            let matching = try attestationFiles().filter { path in
                path.hasPrefix("attestations/\(signatory)/")
                    && (try? RecordTool.field(Plumbing.blob(store, path), "revision")) == revision
            }
            try #require(matching.count == 1, "\(signatory) of \(revision): \(matching)")
            return matching[0]
        }

        func blob(_ path: String) throws -> Data { try Plumbing.blob(store, path) }

        /// Every ref and where it points: a failed command must leave this unchanged.
        func refs() throws -> String { try Plumbing.refs(store) }
    }

    // MARK: Helpers

    /// A new key pair from `ssh-keygen -t ed25519` (or TYPE), with `passphrase`; returns the private key's path.
    static func sshKeygen(in directory: TemporaryDirectory, _ name: String, type: [String] = ["-t", "ed25519"], passphrase: String = "") throws -> String {
        let path = directory.path(name)
        let result = try CLI.run("/usr/bin/env", ["ssh-keygen"] + type + ["-N", passphrase, "-q", "-C", name, "-f", path])
        try #require(result.status == 0, "ssh-keygen: \(result.stderr)")
        return path
    }

    /// `ssh-keygen -Y sign` of `payload` with the private key file `key`: the armored signature.
    static func sshSign(_ payload: Data, key: String, namespace: String = namespace, options: [String] = []) throws -> String {
        let result = try CLI.run("/usr/bin/env", ["ssh-keygen", "-Y", "sign", "-f", key, "-n", namespace] + options, stdin: payload)
        try #require(result.status == 0, "ssh-keygen -Y sign: \(result.stderr)")
        try #require(result.stdout.hasPrefix("-----BEGIN SSH SIGNATURE-----\n"), "\(result.stdout)")
        return result.stdout
    }

    /// `ssh-keygen -Y verify` of `payload` against `signature`, for `identity` in the allowed signers file.
    static func sshVerify(_ payload: Data, signature: String, identity: String, allowedSigners: String,
                          namespace: String = namespace, in directory: TemporaryDirectory) throws -> CLI.Result {
        let signatureFile = try directory.write("check-\(UUID().uuidString).sig", signature)
        return try CLI.run("/usr/bin/env", ["ssh-keygen", "-Y", "verify", "-f", allowedSigners, "-I", identity, "-n", namespace,
                                            "-s", signatureFile], stdin: payload)
    }

    /// The record with `changes`, signed afresh by `ssh-keygen -Y sign` with `key`: its ledger path and bytes.
    static func resigned(_ record: Data, _ changes: [String: Any], key: String, options: [String] = []) throws -> (path: String, bytes: Data) {
        var unsigned = changes
        unsigned["signature"] = NSNull()
        let payload = try RecordTool.edited(record, unsigned)
        let signature = try sshSign(payload, key: key, options: options)
        let bytes = try RecordTool.edited(payload, ["signature": signature])
        return (try pathFor(bytes), bytes)
    }

    /// Where the ledger keeps an attestation record: `attestations/<signatory>/<sha256>.json`.
    static func pathFor(_ bytes: Data) throws -> String {
        "attestations/\(try RecordTool.field(bytes, "signatory"))/\(try RecordTool.sha256(bytes)).json"
    }

    struct Finding: Equatable, CustomStringConvertible {
        var check: String
        var subject: String
        var problem: String
        var description: String { "\(check)  \(subject): \(problem)" }
    }

    /// `conduct verify` in JSON (checked against its schema) and in text, which must agree.
    static func verify(_ store: String) throws -> (status: Int32, findings: [Finding]) {
        let json = try CLI.conduct(["verify", "--store", store, "--format", "json"])
        #expect(json.status == 0 || json.status == 1, "verify: \(json.stderr)")
        let validation = try CLI.validate(json.stdout, schema: "verify")
        #expect(validation.status == 0, "\(validation.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        let findings = (object["findings"] as? [[String: String]] ?? []).map {
            Finding(check: $0["check"] ?? "", subject: $0["subject"] ?? "", problem: $0["problem"] ?? "")
        }
        let text = try CLI.conduct(["verify", "--store", store])
        #expect(text.status == json.status)
        for finding in findings { #expect(text.stdout.contains(finding.description + "\n"), "\(text.stdout)") }
        #expect((json.status == 0) == findings.isEmpty)
        return (json.status, findings)
    }

    /// `conduct status --format json` (checked against its schema): each signatory's row by id.
    static func status(_ store: String) throws -> [String: [String: Any]] {
        let result = try CLI.conduct(["status", "--store", store, "--format", "json"])
        #expect(result.status == 0, "status must still answer on a tampered store: exit \(result.status): \(result.stderr)")
        guard result.status == 0 else { return [:] }
        let validation = try CLI.validate(result.stdout, schema: "status")
        #expect(validation.status == 0, "\(validation.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String: Any])
        let rows = object["signatories"] as? [[String: Any]] ?? []
        let text = try CLI.conduct(["status", "--store", store])
        #expect(text.status == 0, "\(text.stderr)")
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as? String ?? "", $0) })
    }

    static func state(_ row: [String: Any]?) -> String? { row?["state"] as? String }

    /// The allowed-signers file for ssh-keygen, built from the registry conduct shows.
    static func allowedSigners(_ fixture: Fixture) throws -> String {
        let list = try CLI.succeed(fixture.conduct(["signatory", "list", "--format", "json"]))
        let object = try #require(try JSONSerialization.jsonObject(with: list.stdoutBytes) as? [String: Any])
        var lines = ""
        for signatory in object["signatories"] as? [[String: Any]] ?? [] {
            let id = try #require(signatory["id"] as? String)
            for key in signatory["keys"] as? [[String: Any]] ?? [] {
                lines += "\(id) \(try #require(key["key"] as? String))\n"
            }
        }
        return try fixture.directory.write("allowed_signers", lines)
    }

    // MARK: 1. conduct → ssh-keygen

    @Test func sshKeygenVerifiesEveryAttestationConductSigns() throws {
        let fixture = try Fixture()
        // uni withdraws: withdrawal records are signed the same way.
        try CLI.succeed(fixture.conduct(["attest", "uni", "--withdraw", "--key", fixture.uniKey, "--as", Self.uniRepresentative,
                                         "--date", "2024-03-04"]))
        // The key files conduct writes are OpenSSH's: ssh-keygen reads the private key and agrees on the fingerprint.
        let derived = try CLI.run("/usr/bin/env", ["ssh-keygen", "-y", "-f", fixture.acmeKey])
        #expect(derived.status == 0, "\(derived.stderr)")
        let publicLine = try String(contentsOfFile: fixture.acmeKey + ".pub", encoding: .utf8)
        #expect(derived.stdout.split(separator: " ").prefix(2) == publicLine.split(separator: " ").prefix(2))
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.acmeKey)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let fingerprint = try CLI.run("/usr/bin/env", ["ssh-keygen", "-l", "-f", fixture.acmeKey + ".pub"]).stdout
            .split(separator: " ").dropFirst().first.map(String.init)

        let allowed = try Self.allowedSigners(fixture)
        let files = try fixture.attestationFiles()
        #expect(files.count == 4, "\(files)")
        var types: Set<String> = []
        var scopes: Set<String> = []
        for path in files {
            let record = try fixture.blob(path)
            #expect(try RecordTool.canonical(record) == record, "\(path) is canonical JSON as Python writes it")
            #expect(try RecordTool.sha256(record) + ".json" == path.split(separator: "/").last.map(String.init), "\(path)")
            let signatory = String(path.split(separator: "/")[1])
            #expect(try RecordTool.field(record, "signatory") == signatory)
            types.insert(try RecordTool.field(record, "type"))
            scopes.insert(try RecordTool.field(record, "scope"))
            if signatory == "acme" { #expect(try RecordTool.field(record, "key") == fingerprint, "\(path)") }
            let payload = try RecordTool.payload(record)
            let signature = try RecordTool.field(record, "signature")
            let verified = try Self.sshVerify(payload, signature: signature, identity: signatory, allowedSigners: allowed, in: fixture.directory)
            #expect(verified.status == 0, "ssh-keygen -Y verify \(path): \(verified.stdout) \(verified.stderr)")
            #expect(verified.stdout.contains("Good \"\(Self.namespace)\" signature for \(signatory)"), "\(verified.stdout)")

            // The wrong identity, a changed payload, or another namespace: ssh-keygen refuses.
            let other = signatory == "acme" ? "uni" : "acme"
            #expect(try Self.sshVerify(payload, signature: signature, identity: other, allowedSigners: allowed, in: fixture.directory).status != 0)
            var changed = payload
            changed[changed.count / 2] ^= 0x01
            #expect(try Self.sshVerify(changed, signature: signature, identity: signatory, allowedSigners: allowed, in: fixture.directory).status != 0)
            #expect(try Self.sshVerify(record, signature: signature, identity: signatory, allowedSigners: allowed, in: fixture.directory).status != 0,
                    "the signature covers the record without its signature, not the file")
            #expect(try Self.sshVerify(payload, signature: signature, identity: signatory, allowedSigners: allowed,
                                       namespace: "git", in: fixture.directory).status != 0)
        }
        #expect(types == ["attestation", "attestation-withdrawn"])
        #expect(scopes.contains("document") && scopes.contains("[\"scope\", \"transparency\"]"), "\(scopes)")
    }

    // MARK: 2. ssh-keygen → conduct

    @Test func conductAcceptsAttestationsSignedBySshKeygen() throws {
        let fixture = try Fixture()
        let acmePath = try fixture.attestation("acme", of: fixture.v10)
        let acmeRecord = try fixture.blob(acmePath)

        // The same payload signed by ssh-keygen with the same key: Ed25519 is deterministic, so
        // conduct's armored signature is ssh-keygen's to the byte, and the record is the same file.
        let sshSignature = try Self.sshSign(try RecordTool.payload(acmeRecord), key: fixture.acmeKey)
        let again = try RecordTool.edited(acmeRecord, ["signature": sshSignature])
        let conductSignature = try RecordTool.field(acmeRecord, "signature")
        #expect(again == acmeRecord, "conduct: \(conductSignature)\nssh-keygen: \(sshSignature)")

        // New records signed only by ssh-keygen, with a statement conduct never saw, each the latest of its signatory:
        // acme with conduct's key (sha512, ssh-keygen's default), uni with ssh-keygen's key and hashalg=sha256.
        let acmeLatest = try fixture.blob(try fixture.attestation("acme", of: fixture.v11))
        let acme = try Self.resigned(acmeLatest, ["statement": "Signed with ssh-keygen.", "at": "2024-04-01T09:00:00Z"], key: fixture.acmeKey)
        let uniRecord = try fixture.blob(try fixture.attestation("uni", of: fixture.v10))
        let uni = try Self.resigned(uniRecord, ["statement": "Also ssh-keygen, over SHA-256.", "at": "2024-04-02T09:00:00Z"],
                                    key: fixture.uniKey, options: ["-O", "hashalg=sha256"])
        #expect(try RecordTool.field(uni.bytes, "signature") != (try RecordTool.field(uniRecord, "signature")))
        try Plumbing.rewriteLedger(fixture.store, [(acme.path, acme.bytes), (uni.path, uni.bytes)], message: "Attestations signed by ssh-keygen")

        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 0, "\(findings)")
        let rows = try Self.status(fixture.store)
        #expect(Self.state(rows["acme"]) == "current", "\(rows["acme"] ?? [:])")
        #expect(Self.state(rows["uni"]).map { ["current", "current-editorial"].contains($0) } == true, "\(rows["uni"] ?? [:])")
        let acmeID = try RecordTool.sha256(acme.bytes), uniID = try RecordTool.sha256(uni.bytes)
        #expect((rows["acme"]?["attestation"] as? [String: Any])?["id"] as? String == acmeID, "status counts the ssh-keygen record")
        #expect((rows["uni"]?["attestation"] as? [String: Any])?["id"] as? String == uniID)
        #expect(try fixture.conduct(["check", "acme"]).status == 0)
        #expect(try fixture.conduct(["check", "uni"]).status == 0)

        // And conduct's own withdrawal of the ssh-keygen record holds too.
        try CLI.succeed(fixture.conduct(["attest", "acme", "--withdraw", "--key", fixture.acmeKey, "--as", Self.acmeRepresentative,
                                         "--date", "2024-04-03"]))
        #expect(Self.state(try Self.status(fixture.store)["acme"]) == "withdrawn")
        #expect(try Self.verify(fixture.store).status == 0)
    }

    // MARK: 3. Tampering

    /// The findings about `subject`.
    static func findings(_ all: [Finding], about subject: String) -> [Finding] { all.filter { $0.subject == subject } }

    @Test func anAttestationEditedInPlaceIsFound() throws {
        // a, first half: the tip commit is replaced by one whose tree holds acme's v1.1 attestation
        // with a changed statement under its old name; no earlier ledger commit held that file.
        let fixture = try Fixture()
        let path = try fixture.attestation("acme", of: fixture.v11)
        let added = try Plumbing.gitOutput(fixture.store, ["log", "--format=%H", "-1", "refs/conduct/records", "--", path])
        #expect(added == (try Plumbing.gitOutput(fixture.store, ["rev-parse", "refs/conduct/records"])), "the tip commit added it")
        let forged = try RecordTool.edited(try fixture.blob(path), ["statement": "We also adhere to clauses we never read."])
        try Plumbing.rewriteLedger(fixture.store, [(path, forged)], amend: true)
        #expect(try Plumbing.gitOutput(fixture.store, ["log", "--format=%H", "refs/conduct/records", "--", path]).split(separator: "\n").count == 1)

        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 1)
        let about = Self.findings(findings, about: path)
        #expect(about.contains { $0.check == "file" && $0.problem.contains("hashes to") }, "\(findings)")
        _ = try Self.status(fixture.store)
    }

    @Test func aLaterCommitChangingAnOldRecordIsFound() throws {
        // a, second half: a new ledger commit changes uni's earlier record (scope widened to the
        // whole document) under its old name, and another deletes acme's v1.1 attestation.
        let fixture = try Fixture()
        let uniPath = try fixture.attestation("uni", of: fixture.v10)
        let widened = try RecordTool.edited(try fixture.blob(uniPath), ["scope": "document"])
        try Plumbing.rewriteLedger(fixture.store, [(uniPath, widened)])
        var (status, findings) = try Self.verify(fixture.store)
        #expect(status == 1)
        var about = Self.findings(findings, about: uniPath)
        #expect(about.contains { $0.check == "history" && $0.problem.contains("edited") }, "\(findings)")
        #expect(about.contains { $0.check == "file" }, "\(findings)")
        _ = try Self.status(fixture.store)

        let fresh = try Fixture()
        let acmePath = try fresh.attestation("acme", of: fresh.v11)
        try Plumbing.rewriteLedger(fresh.store, [(acmePath, nil)])
        (status, findings) = try Self.verify(fresh.store)
        #expect(status == 1)
        about = Self.findings(findings, about: acmePath)
        #expect(about.contains { $0.check == "history" && $0.problem.contains("deleted") }, "\(findings)")
        _ = try Self.status(fresh.store)
    }

    @Test func swappedSignaturesAreFound() throws {
        // b: two records trade signatures and each is renamed to its new content hash, so every
        // file name holds; across signatories (other keys) and within one (same key, other content).
        for acrossSignatories in [true, false] {
            let fixture = try Fixture()
            // acme's v1.1 attestation, its latest, trades with uni's or with acme's own v1.0 attestation.
            let first = try fixture.attestation("acme", of: fixture.v11)
            let second = try fixture.attestation(acrossSignatories ? "uni" : "acme", of: fixture.v10)
            let (a, b) = (try fixture.blob(first), try fixture.blob(second))
            let swappedA = try RecordTool.edited(a, ["signature": try RecordTool.field(b, "signature")])
            let swappedB = try RecordTool.edited(b, ["signature": try RecordTool.field(a, "signature")])
            let (pathA, pathB) = (try Self.pathFor(swappedA), try Self.pathFor(swappedB))
            try Plumbing.rewriteLedger(fixture.store, [(first, nil), (second, nil), (pathA, swappedA), (pathB, swappedB)])

            let (status, findings) = try Self.verify(fixture.store)
            #expect(status == 1)
            for path in [pathA, pathB] {
                let about = Self.findings(findings, about: path)
                #expect(about.contains { $0.check == "signature" }, "\(path): \(findings)")
                #expect(!about.contains { $0.check == "file" }, "the file names hold: \(about)")
            }
            let rows = try Self.status(fixture.store)
            #expect(Self.state(rows["acme"]) == "invalid", "\(rows["acme"] ?? [:])")
            if acrossSignatories { #expect(Self.state(rows["uni"]) == "invalid", "\(rows["uni"] ?? [:])") }
            #expect(try fixture.conduct(["check", "acme"]).status == 1)
        }
    }

    @Test func fingerprintsOfAnEarlierRuleAreNotedWhileTheDocumentDigestHolds() throws {
        // An attestation signed by an earlier release of conduct, whose fingerprint rule folded
        // text differently: the signed fingerprint digest is not today's, but the signed document
        // digest still proves the text. verify notes it and passes; a wrong document digest fails.
        let fixture = try Fixture()
        let real = try fixture.attestation("acme", of: fixture.v11)
        let record = try fixture.blob(real)
        let earlier = try Self.resigned(record, ["fingerprints": String(repeating: "ab", count: 32), "at": "2024-03-04T00:00:00Z"],
                                        key: fixture.acmeKey)
        try Plumbing.rewriteLedger(fixture.store, [(earlier.path, earlier.bytes)], message: "An attestation of an earlier fingerprint rule")
        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 0, "\(findings)")
        let json = try CLI.conduct(["verify", "--store", fixture.store, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any])
        let notices = try #require(object["notices"] as? [[String: String]]).filter { $0["check"] == "digest" }
        #expect(notices.map { $0["subject"] } == [earlier.path], "\(notices)")
        #expect(notices.first?["problem"]?.contains("earlier fingerprint rule") == true)
        let text = try CLI.conduct(["verify", "--store", fixture.store])
        #expect(text.stdout.contains("note  \(earlier.path): its clause fingerprints were computed by an earlier fingerprint rule"), "\(text.stdout)")

        let wrongText = try Self.resigned(record, ["fingerprints": String(repeating: "cd", count: 32), "document": String(repeating: "ef", count: 32),
                                                   "at": "2024-03-05T00:00:00Z"], key: fixture.acmeKey)
        try Plumbing.rewriteLedger(fixture.store, [(wrongText.path, wrongText.bytes)], message: "An attestation of another text")
        let (failed, found) = try Self.verify(fixture.store)
        #expect(failed == 1)
        #expect(Set(Self.findings(found, about: wrongText.path).map(\.problem)).count == 2, "\(found)")
    }

    @Test func anAttestationReplayedOntoAnotherRevisionIsFound() throws {
        // c: acme's v1.0 attestation made to say v1.1, with the document and fingerprint digests
        // of v1.1 copied in so that only its signature can tell; acme's real v1.1 attestation is removed.
        let fixture = try Fixture()
        let old = try fixture.attestation("acme", of: fixture.v10)
        let real = try fixture.attestation("acme", of: fixture.v11)
        let realRecord = try fixture.blob(real)
        let replayed = try RecordTool.edited(try fixture.blob(old), [
            "revision": fixture.v11, "version": "1.1",
            "document": try RecordTool.field(realRecord, "document"), "fingerprints": try RecordTool.field(realRecord, "fingerprints"),
        ])
        let path = try Self.pathFor(replayed)
        try Plumbing.rewriteLedger(fixture.store, [(old, nil), (real, nil), (path, replayed)])

        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 1)
        let about = Self.findings(findings, about: path)
        #expect(about.map { $0.check } == ["signature"], "only the signature can tell: \(findings)")
        #expect(about.first?.problem.contains("does not match its content") == true, "\(about)")
        let rows = try Self.status(fixture.store)
        #expect(Self.state(rows["acme"]) == "invalid", "\(rows["acme"] ?? [:])")
        let reason = rows["acme"]?["reason"] as? String ?? ""
        #expect(reason.contains("does not verify"))
    }

    @Test func aSignatureByARevokedKeyIsRefusedAndFound() throws {
        // d: a second acme key, registered and then revoked before the signing time.
        let fixture = try Fixture()
        let revokedKey = try Self.sshKeygen(in: fixture.directory, "acme-old.key")
        try CLI.succeed(fixture.conduct(["signatory", "key", "add", "acme", revokedKey + ".pub", "--as", Self.secretariat, "--date", "2024-02-10"]))
        try CLI.succeed(fixture.conduct(["signatory", "key", "revoke", "acme", revokedKey + ".pub", "--as", Self.secretariat, "--date", "2024-02-20"]))
        let shown = try CLI.succeed(fixture.conduct(["signatory", "show", "acme", "--format", "json"]))
        let keys = (try JSONSerialization.jsonObject(with: shown.stdoutBytes) as? [String: Any])?["keys"] as? [[String: Any]] ?? []
        let revoked = try #require(keys.first { $0["revoked"] != nil })
        let fingerprint = try #require(revoked["fingerprint"] as? String)
        #expect((revoked["revoked"] as? String ?? "").hasPrefix("2024-02-20"))

        // conduct refuses to sign with it after the revocation, and writes nothing.
        let before = try fixture.refs()
        let refused = try fixture.conduct(["attest", "acme", "--key", revokedKey, "--as", Self.acmeRepresentative, "--date", "2024-03-05"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("conduct: error:") && refused.stderr.contains("was revoked at 2024-02-20"), "\(refused.stderr)")
        #expect(try fixture.refs() == before)

        // Forged anyway: a valid ssh-keygen signature by the revoked key over a record naming it, after the revocation.
        let template = try fixture.blob(try fixture.attestation("acme", of: fixture.v11))
        let forged = try Self.resigned(template, ["key": fingerprint, "at": "2024-03-05T00:00:00Z",
                                                  "statement": "Signed with a revoked key."], key: revokedKey)
        // Two more that do not count: uni's key signing for acme, and a key registered only after its signing time.
        let foreign = try Self.resigned(template, ["key": try RecordTool.field(try fixture.blob(try fixture.attestation("uni", of: fixture.v10)), "key"),
                                                   "at": "2024-03-06T00:00:00Z"], key: fixture.uniKey)
        let lateKey = try Self.sshKeygen(in: fixture.directory, "acme-late.key")
        try CLI.succeed(fixture.conduct(["signatory", "key", "add", "acme", lateKey + ".pub", "--as", Self.secretariat, "--date", "2024-06-01"]))
        let lateFingerprint = try #require(try CLI.run("/usr/bin/env", ["ssh-keygen", "-l", "-f", lateKey + ".pub"]).stdout
            .split(separator: " ").dropFirst().first.map(String.init))
        let backdated = try Self.resigned(template, ["key": lateFingerprint, "at": "2024-03-04T00:00:00Z"], key: lateKey)
        try Plumbing.rewriteLedger(fixture.store, [(forged.path, forged.bytes), (foreign.path, foreign.bytes), (backdated.path, backdated.bytes)])

        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 1)
        for (path, words) in [(forged.path, "revoked"), (foreign.path, "not registered for acme"), (backdated.path, "only at")] {
            let about = Self.findings(findings, about: path)
            #expect(about.map { $0.check } == ["key"], "\(path): \(findings)")
            #expect(about.first?.problem.contains(words) == true, "\(about)")
        }
        #expect(findings.count == 3, "\(findings)")
        let rows = try Self.status(fixture.store)
        #expect(Self.state(rows["acme"]) == "invalid", "\(rows["acme"] ?? [:])")
        #expect(try fixture.conduct(["check", "acme"]).status == 1)
    }

    /// A withdrawal record for `attestation` that nobody signed: it carries the attestation's own
    /// signature (acme's key, readable, but over other bytes).
    static func forgedWithdrawal(of attestation: Data, at time: String) throws -> (path: String, bytes: Data) {
        var fields: [String: Any] = ["type": "attestation-withdrawn", "at": time, "withdraws": try RecordTool.sha256(attestation)]
        for name in ["signatory", "key", "signature"] { fields[name] = try RecordTool.field(attestation, name) }
        fields["by"] = try JSONSerialization.jsonObject(with: Data(try RecordTool.field(attestation, "by").utf8))
        let bytes = try RecordTool.canonical(try JSONSerialization.data(withJSONObject: fields))
        return (try pathFor(bytes), bytes)
    }

    @Test func aForgedWithdrawalNeitherHidesNorBlocksTheRealOne() throws {
        // A genuine withdrawal, then an unsigned one slipped in before it: acme stays withdrawn.
        let fixture = try Fixture()
        let latest = try fixture.blob(try fixture.attestation("acme", of: fixture.v11))
        try CLI.succeed(fixture.conduct(["attest", "acme", "--withdraw", "--key", fixture.acmeKey, "--as", Self.acmeRepresentative,
                                         "--date", "2024-04-01"]))
        #expect(Self.state(try Self.status(fixture.store)["acme"]) == "withdrawn")
        let forged = try Self.forgedWithdrawal(of: latest, at: "2024-03-03T13:00:00Z")
        try Plumbing.rewriteLedger(fixture.store, [(forged.path, forged.bytes)])
        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 1)
        #expect(Self.findings(findings, about: forged.path).map { $0.check } == ["signature"], "\(findings)")
        let rows = try Self.status(fixture.store)
        #expect(Self.state(rows["acme"]) == "withdrawn", "an unsigned withdrawal must not hide the signed one: \(rows["acme"] ?? [:])")
        #expect(try fixture.conduct(["check", "acme"]).status == 1, "acme withdrew its attestation")

        // Only the unsigned withdrawal: the attestation stays in force, and acme can still withdraw it.
        let fresh = try Fixture()
        let attestation = try fresh.blob(try fresh.attestation("acme", of: fresh.v11))
        let alone = try Self.forgedWithdrawal(of: attestation, at: "2024-03-03T13:00:00Z")
        try Plumbing.rewriteLedger(fresh.store, [(alone.path, alone.bytes)])
        #expect(Self.state(try Self.status(fresh.store)["acme"]) == "current")
        let withdrawn = try fresh.conduct(["attest", "acme", "--withdraw", "--key", fresh.acmeKey, "--as", Self.acmeRepresentative,
                                           "--date", "2024-04-01"])
        #expect(withdrawn.status == 0, "status says current, so there is an attestation in force to withdraw: \(withdrawn.stderr)")
        #expect(Self.state(try Self.status(fresh.store)["acme"]) == "withdrawn")
    }

    @Test func aRecordUnderTheWrongNameIsFound() throws {
        // e: a record copied under a name that is not its hash, and one copied into another signatory's folder.
        let fixture = try Fixture()
        let acme = try fixture.blob(try fixture.attestation("acme", of: fixture.v10))
        let uniPath = try fixture.attestation("uni", of: fixture.v10)
        let wrongName = "attestations/acme/" + String(repeating: "0", count: 64) + ".json"
        let wrongFolder = "attestations/acme/" + (uniPath.split(separator: "/").last.map(String.init) ?? "")
        try Plumbing.rewriteLedger(fixture.store, [(wrongName, acme), (wrongFolder, try fixture.blob(uniPath))])

        let (status, findings) = try Self.verify(fixture.store)
        #expect(status == 1)
        #expect(Self.findings(findings, about: wrongName).contains { $0.check == "file" && $0.problem.contains("hashes to") }, "\(findings)")
        #expect(Self.findings(findings, about: wrongFolder).contains { $0.check == "file" && $0.problem.contains("belongs at") }, "\(findings)")
        #expect(findings.allSatisfy { $0.check == "file" }, "\(findings)")
        _ = try Self.status(fixture.store)
    }

    /// `status` read through the ledger index kept under conduct-cache/ says exactly what a
    /// read from scratch says: warm, after the ledger changed (both folders, or the registry
    /// only), with a stray file in the ledger, and with the index file damaged.
    @Test func theLedgerIndexNeverChangesWhatStatusSays() throws {
        let fixture = try Fixture()
        let cache = URL(fileURLWithPath: fixture.store).appendingPathComponent("conduct-cache")
        let index = cache.appendingPathComponent("ledger-v4")
        /// status as JSON without its `now` line, and its warnings.
        func status() throws -> (json: String, warnings: String) {
            let result = try fixture.conduct(["status", "--format", "json"])
            try #require(result.status == 0, "\(result.stderr)")
            return (result.stdout.split(separator: "\n").filter { !$0.hasPrefix("  \"now\"") }.joined(separator: "\n"), result.stderr)
        }
        func expectSameAsFromScratch(_ comment: Comment) throws {
            let kept = try status()
            let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
            for file in files where file.hasPrefix("ledger-") { try FileManager.default.removeItem(at: cache.appendingPathComponent(file)) }
            let scratch = try status()
            #expect(kept.json == scratch.json, comment)
            #expect(kept.warnings == scratch.warnings, comment)
            #expect(FileManager.default.fileExists(atPath: index.path), "the read from scratch keeps a new index")
        }

        _ = try status()
        try expectSameAsFromScratch("warm")
        // A new signatory and an attestation change both folders.
        let key = fixture.directory.path("kestrel.key")
        try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
        try CLI.succeed(fixture.conduct(["signatory", "add", "kestrel", "--name", "Kestrel", "--kind", "person", "--key", key + ".pub",
                                         "--as", Self.secretariat, "--date", "2024-02-05"]))
        try CLI.succeed(fixture.conduct(["attest", "kestrel", "--key", key, "--as", Self.secretariat, "--clauses", "scope", "--date", "2024-03-05"]))
        try fixture.attest("uni", ["--withdraw", "--date", "2024-03-06"])
        try expectSameAsFromScratch("after both folders changed")
        // The registry read alone (signatory list) keeps the attestation side as it was.
        try CLI.succeed(fixture.conduct(["signatory", "key", "revoke", "kestrel", key + ".pub", "--as", Self.secretariat, "--date", "2024-04-01"]))
        try CLI.succeed(fixture.conduct(["signatory", "list", "--format", "json"]))
        try expectSameAsFromScratch("after a registry-only read")
        // A stray file, a file where a signatory's folder belongs, and a misnamed record:
        // skipped with the same warning either way.
        let acme = try fixture.attestation("acme", of: fixture.v10)
        try Plumbing.rewriteLedger(fixture.store, [("attestations/acme/notes.txt", Data("hello".utf8)),
                                                   ("attestations/loose.json", Data("{}".utf8)),
                                                   ("attestations/uni/" + String(repeating: "1", count: 64) + ".json", try fixture.blob(acme))])
        let stray = try status()
        #expect(stray.warnings.contains("notes.txt") && stray.warnings.contains(String(repeating: "1", count: 64)), "\(stray.warnings)")
        #expect(stray.warnings.contains("attestations/loose.json"), "\(stray.warnings)")
        try expectSameAsFromScratch("with stray files")
        // A damaged index is rebuilt, never believed: a flipped byte, a truncated file, garbage.
        let good = try Data(contentsOf: index)
        var flipped = good
        flipped[flipped.count / 2] ^= 0x5A
        for damaged in [flipped, good.prefix(good.count / 3), Data("conduct-ledger-v4\n".utf8) + Data(repeating: 0xFF, count: 200)] {
            try damaged.write(to: index)
            try expectSameAsFromScratch("with a damaged index")
        }
    }

    // MARK: 4. Concurrency

    @Test func eightWritersAttestAtOnce() throws {
        let writers = 8, perWriter = 100
        let fixture = try Fixture(attest: false)
        for n in 1...writers {
            let key = fixture.directory.path("s\(n).key")
            try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
            try CLI.succeed(fixture.conduct(["signatory", "add", "s\(n)", "--name", "Signatory \(n)", "--kind", "organisation",
                                             "--key", key + ".pub", "--as", Self.secretariat, "--date", "2024-02-01"]))
        }
        let ledgerCommitsBefore = Int(try Plumbing.gitOutput(fixture.store, ["rev-list", "--count", "refs/conduct/records"])) ?? 0
        let script = """
            for i in $(seq 1 \(perWriter)); do
              "$CONDUCT" attest "s$N" --store "$STORE" --key "$KEY" --as "Signer $N <s$N@example.org>" \
                --date "2024-03-01T10:$(printf %02d $((i / 60))):$(printf %02d $((i % 60)))Z" --statement "Run $N/$i" \
                >>"$LOG" 2>&1 || { echo "attest $i failed" >>"$LOG"; exit 1; }
            done
            """
        let started = Date()
        var processes: [Process] = []
        for n in 1...writers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            var environment = ProcessInfo.processInfo.environment
            environment["CONDUCT_STORE"] = nil
            environment.merge(["CONDUCT": CLI.binary, "STORE": fixture.store, "KEY": fixture.directory.path("s\(n).key"),
                               "N": "\(n)", "LOG": fixture.directory.path("writer-\(n).log")]) { $1 }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for (n, process) in zip(1..., processes) {
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: fixture.directory.path("writer-\(n).log"), encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "writer \(n): \(log.split(separator: "\n").suffix(3).joined(separator: "\n"))")
        }
        let elapsed = Date().timeIntervalSince(started)
        print("AttestationSecurityTests: \(writers * perWriter) concurrent attestations in \(String(format: "%.1f", elapsed)) s")

        let files = try fixture.attestationFiles()
        #expect(files.count == writers * perWriter)
        for n in 1...writers { #expect(files.filter { $0.hasPrefix("attestations/s\(n)/") }.count == perWriter, "s\(n)") }
        let ledgerCommits = Int(try Plumbing.gitOutput(fixture.store, ["rev-list", "--count", "refs/conduct/records"])) ?? 0
        #expect(ledgerCommits == ledgerCommitsBefore + writers * perWriter, "one ledger commit per attestation, none lost")
        let fsck = try Plumbing.git(fixture.store, ["fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0 && fsck.stdout.isEmpty, "\(fsck.stdout) \(fsck.stderr)")
        let verifyStarted = Date()
        let (status, findings) = try Self.verify(fixture.store)
        print("AttestationSecurityTests: verify (json and text) of \(files.count) attestations in \(String(format: "%.1f", Date().timeIntervalSince(verifyStarted))) s")
        #expect(status == 0, "\(findings.prefix(5))")
        let rows = try Self.status(fixture.store)
        let ours = rows.filter { $0.key.hasPrefix("s") }
        #expect(ours.count == writers && ours.values.allSatisfy { Self.state($0) == "current" }, "\(ours)")
    }

    // MARK: 5. Bad input

    @Test func badKeysAndArgumentsAreRefusedAndWriteNothing() throws {
        let fixture = try Fixture()
        let encrypted = try Self.sshKeygen(in: fixture.directory, "encrypted.key", passphrase: "secret")
        let rsa = try Self.sshKeygen(in: fixture.directory, "rsa.key", type: ["-t", "rsa", "-b", "2048"])
        let stranger = fixture.directory.path("stranger.key")
        try CLI.succeed(CLI.conduct(["keys", "generate", "--out", stranger]))
        let proposal = try ProposalTests.propose(fixture.store, ["--title", "Yearly reports", "--from", ProposalTests.corpus("v1.2"),
                                                                 "--as", Self.secretariat])
        let acme = ["--as", Self.acmeRepresentative, "--date", "2024-05-01"]

        let cases: [(arguments: [String], status: Int32, messages: [String])] = [
            (["attest", "acme", "--key", encrypted] + acme, 2, ["encrypted.key", "passphrase", "ssh-keygen -p"]),
            (["attest", "acme", "--key", rsa] + acme, 2, ["rsa.key", "ssh-ed25519", "ssh-rsa"]),
            (["attest", "acme", "--key", rsa + ".pub"] + acme, 2, ["not an OpenSSH private key"]),
            (["attest", "acme", "--key", stranger] + acme, 2, ["is not registered for acme", "signatory key add acme"]),
            (["attest", "acme", "--key", fixture.uniKey] + acme, 2, ["is not registered for acme", "signatory key add"]),
            (["attest", "nosuch", "--key", fixture.acmeKey] + acme, 2, ["no signatory 'nosuch'", "acme, uni"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--clauses", "scope,nosuch"] + acme, 2, ["no clause 'nosuch'"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--clauses", ""] + acme, 2, ["--clauses"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--revision", proposal] + acme, 2, ["is not an adopted revision"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--revision", "v9.9"] + acme, 2, ["no revision 'v9.9'", "v1.0, v1.1"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--statement", "  "] + acme, 2, ["--statement is empty"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--as", "Mallory <m@evil.example>"], 2, ["is not a representative of acme"]),
            (["attest", "acme", "--key", fixture.directory.path("missing.key")] + acme, 2, ["missing.key", "no such file"]),
            (["attest", "acme", "--key", fixture.acmeKey, "--as", Self.acmeRepresentative, "--date", "2024-01-20"], 2,
             ["was registered for acme at 2024-02-01", "after the signing time 2024-01-20"]),
            (["attest", "acme", "--withdraw", "--key", fixture.acmeKey, "--statement", "x"] + acme, 64, ["--withdraw takes only --key"]),
        ]
        for (arguments, status, messages) in cases {
            let before = try fixture.refs()
            let result = try fixture.conduct(arguments)
            #expect(result.status == status, "\(arguments): exit \(result.status), \(result.stderr)")
            if status == 2 { #expect(result.stderr.hasPrefix("conduct: error:"), "\(arguments): \(result.stderr)") }
            for message in messages { #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)") }
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            #expect(try fixture.refs() == before, "\(arguments) changed a ref")
        }

        // Nothing to withdraw: a signatory that never attested, and one whose attestation is withdrawn already.
        let fresh = try Fixture(attest: false)
        var before = try fresh.refs()
        var result = try fresh.conduct(["attest", "acme", "--withdraw", "--key", fresh.acmeKey, "--as", Self.acmeRepresentative])
        #expect(result.status == 2 && result.stderr.contains("acme has no attestation in force to withdraw"), "\(result.stderr)")
        #expect(try fresh.refs() == before)
        try CLI.succeed(fixture.conduct(["attest", "uni", "--withdraw", "--key", fixture.uniKey, "--as", Self.uniRepresentative, "--date", "2024-05-02"]))
        before = try fixture.refs()
        result = try fixture.conduct(["attest", "uni", "--withdraw", "--key", fixture.uniKey, "--as", Self.uniRepresentative, "--date", "2024-05-03"])
        #expect(result.status == 2 && result.stderr.contains("uni has no attestation in force to withdraw"), "\(result.stderr)")
        #expect(try fixture.refs() == before)

        // keys generate never overwrites: neither an existing key nor an existing .pub.
        let key = Data(try String(contentsOfFile: fixture.acmeKey, encoding: .utf8).utf8)
        let publicKey = FileManager.default.contents(atPath: fixture.acmeKey + ".pub")
        result = try CLI.conduct(["keys", "generate", "--out", fixture.acmeKey])
        #expect(result.status == 2 && result.stderr.contains("exists already"), "\(result.stderr)")
        #expect(FileManager.default.contents(atPath: fixture.acmeKey) == key)
        #expect(FileManager.default.contents(atPath: fixture.acmeKey + ".pub") == publicKey)
        let lonePublic = try fixture.directory.write("lone.pub", "ssh-ed25519 placeholder\n")
        result = try CLI.conduct(["keys", "generate", "--out", fixture.directory.path("lone")])
        #expect(result.status == 2 && result.stderr.contains("lone.pub exists already"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path("lone")), "no private key without its .pub")
        #expect(try String(contentsOfFile: lonePublic, encoding: .utf8) == "ssh-ed25519 placeholder\n")
        #expect(try Self.verify(fixture.store).status == 0)
    }

    // MARK: 6. JSON schemas

    @Test func recordsAndReportsMatchTheirSchemas() throws {
        let fixture = try Fixture()
        let revokedKey = try Self.sshKeygen(in: fixture.directory, "acme-old.key")
        try CLI.succeed(fixture.conduct(["signatory", "key", "add", "acme", revokedKey + ".pub", "--as", Self.secretariat, "--date", "2024-02-10"]))
        try CLI.succeed(fixture.conduct(["signatory", "key", "revoke", "acme", revokedKey + ".pub", "--as", Self.secretariat, "--date", "2024-02-20"]))
        try CLI.succeed(fixture.conduct(["attest", "uni", "--withdraw", "--key", fixture.uniKey, "--as", Self.uniRepresentative, "--date", "2024-03-04"]))

        for (folder, schema) in [("attestations", "attestation-record"), ("signatories", "signatory-record")] {
            let files = try Plumbing.ledger(fixture.store, under: folder)
            #expect(files.count == (folder == "attestations" ? 4 : 4), "\(folder): \(files)")
            for path in files {
                let validation = try CLI.validate(String(decoding: try fixture.blob(path), as: UTF8.self), schema: schema)
                #expect(validation.status == 0, "\(path): \(validation.stderr)")
            }
        }
        let rows = try Self.status(fixture.store)
        #expect(Self.state(rows["acme"]) == "current" && Self.state(rows["uni"]) == "withdrawn", "\(rows)")
        #expect(try Self.verify(fixture.store).status == 0)
        // The schemas are not vacuous: a record without its signature, and a finding of an unknown check, fail them.
        let unsigned = try RecordTool.edited(try fixture.blob(try fixture.attestation("acme", of: fixture.v10)), ["signature": NSNull()])
        #expect(try CLI.validate(String(decoding: unsigned, as: UTF8.self), schema: "attestation-record").status != 0)
        #expect(try CLI.validate(#"{"records":1,"signatures":1,"ledgerCommits":1,"findings":[{"check":"vibes","subject":"x","problem":"y"}]}"#,
                                 schema: "verify").status != 0)
    }
}

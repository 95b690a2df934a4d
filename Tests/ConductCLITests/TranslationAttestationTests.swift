import Foundation
import Testing

/// `attest --lang` end to end on the Corpus store with the Corpus Japanese text of v1.1: the
/// signed payload binds the language, the translation record and its digest (ssh-keygen agrees);
/// status, check and since say what the text read had not caught up with; a language with no
/// translation is refused; verify names a forged binding; a clone and a sync keep the language.
@Suite("Attestations of a translation end to end")
struct TranslationAttestationTests {
    static let japanese = CLI.corpus.appendingPathComponent("translations/ja/v1.1.md").path
    static let readAtV12 = "read in ja (translation of v1.1), which has not caught up with transparency (changed in v1.2) and trustworthy-use (added in v1.2)"

    /// The Corpus store (v0.1 → v1.2) with the Japanese text of v1.1 recorded, and `acme` registered.
    struct Fixture {
        let directory: TemporaryDirectory
        let store: String
        let key: String

        init() throws {
            directory = try TemporaryDirectory()
            store = try TranslationTests.store(in: directory)
            try CLI.succeed(TranslationTests.add(store, "ja", TranslationAttestationTests.japanese, of: "v1.1", date: "2025-02-20"))
            key = try AttestationTests.register("acme", in: directory, store: store, date: "2025-02-21")
        }

        @discardableResult
        func conduct(_ arguments: [String]) throws -> CLI.Result { try CLI.conduct(arguments + ["--store", store]) }

        /// `attest SIGNATORY --key KEY ARGS`, required to succeed.
        @discardableResult
        func attest(_ arguments: [String], as signatory: String = "acme", key: String? = nil) throws -> CLI.Result {
            try CLI.succeed(conduct(["attest", signatory, "--key", key ?? self.key] + arguments))
        }

        /// The one translation record of the ledger: its id and bytes.
        func translationRecord() throws -> (id: String, bytes: Data) {
            let paths = try Plumbing.ledger(store, under: "translations")
            try #require(paths.count == 1, "\(paths)")
            let bytes = try Plumbing.blob(store, paths[0])
            return (try RecordTool.sha256(bytes), bytes)
        }

        /// The attestation records of `signatory`, by path.
        func attestations(_ signatory: String = "acme") throws -> [String] {
            try Plumbing.ledger(store, under: "attestations/\(signatory)")
        }
    }

    /// `status --format json` of `store`, validated against its schema: rows by signatory id.
    static func status(_ store: String, _ extra: [String] = []) throws -> [String: [String: Any]] {
        try AttestationTests.status(store, extra)
    }

    static func behind(_ row: [String: Any]?) -> [String] {
        ((row?["reading"] as? [String: Any])?["behind"] as? [[String: Any]] ?? []).map {
            "\($0["change"] as? String ?? "") \($0["clause"] as? String ?? "") in "
                + (($0["revisions"] as? [[String: Any]])?.compactMap { $0["label"] as? String }.joined(separator: ",") ?? "")
        }
    }

    @Test func theSignedPayloadBindsTheTranslationReadAndSshKeygenVerifiesIt() throws {
        let fixture = try Fixture()
        let attested = try fixture.attest(["--revision", "v1.1", "--lang", "ja", "--date", "2025-02-22"])
        #expect(attested.stdout.contains("Attested v1.1 (the whole document) for acme"), "\(attested.stdout)")
        #expect(attested.stdout.hasSuffix(", read in ja (translation of v1.1)\n"), "\(attested.stdout)")

        let translation = try fixture.translationRecord()
        let path = try #require(try fixture.attestations().first)
        let record = try Plumbing.blob(fixture.store, path)
        #expect(try RecordTool.field(record, "language") == "ja")
        #expect(try RecordTool.field(record, "translation") == translation.id)
        #expect(try RecordTool.field(record, "translationSha256") == (try RecordTool.field(translation.bytes, "sha256")))
        let text = try RecordTool.field(translation.bytes, "text")
        #expect(try RecordTool.field(record, "translationSha256") == (try RecordTool.sha256(Data(text.utf8))))
        let valid = try CLI.validate(String(decoding: record, as: UTF8.self), schema: "attestation-record")
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")

        // ssh-keygen checks the signature over the payload, language and translation included;
        // the same payload naming another language, or another translation digest, does not verify.
        let line = try String(contentsOfFile: fixture.key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let allowed = try fixture.directory.write("allowed_signers", "acme \(line)\n")
        let payload = try RecordTool.payload(record)
        let signature = try RecordTool.field(record, "signature")
        let good = try AttestationSecurityTests.sshVerify(payload, signature: signature, identity: "acme", allowedSigners: allowed,
                                                          in: fixture.directory)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("Good \"conduct-attestation\" signature for acme"))
        for change in [["language": "fr"], ["translationSha256": String(repeating: "0", count: 64)], ["translation": NSNull()]] as [[String: Any]] {
            let other = try RecordTool.payload(try RecordTool.edited(record, change))
            #expect(try AttestationSecurityTests.sshVerify(other, signature: signature, identity: "acme", allowedSigners: allowed,
                                                           in: fixture.directory).status != 0, "\(change)")
        }
        let verify = try fixture.conduct(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func statusCheckAndSinceSayWhatTheTextReadHadNotCaughtUpWith() throws {
        let fixture = try Fixture()
        let edu = try AttestationTests.register("edu", in: fixture.directory, store: fixture.store, date: "2025-02-21")
        let narrow = try AttestationTests.register("narrow", in: fixture.directory, store: fixture.store, date: "2025-02-21")
        let source = try AttestationTests.register("source", in: fixture.directory, store: fixture.store, date: "2025-02-21")
        // The Japanese text of v1.1 is the one that stands for v1.2: v1.2 has none of its own.
        let attested = try fixture.attest(["--revision", "v1.2", "--lang", "ja", "--date", "2025-03-01"])
        #expect(attested.stdout.contains(Self.readAtV12), "\(attested.stdout)")
        try fixture.attest(["--revision", "v1.1", "--lang", "ja", "--date", "2025-03-01"], as: "edu", key: edu)
        try fixture.attest(["--revision", "v1.2", "--clauses", "scope,transparency", "--lang", "ja", "--date", "2025-03-01"], as: "narrow", key: narrow)
        try fixture.attest(["--revision", "v1.2", "--date", "2025-03-01"], as: "source", key: source)
        let translation = try fixture.translationRecord().id

        let rows = try Self.status(fixture.store)
        let acme = try #require(rows["acme"])
        #expect(acme["state"] as? String == "current", "the attestation of v1.2 is current; what was read is said beside it")
        #expect((acme["attestation"] as? [String: Any])?["language"] as? String == "ja")
        #expect((acme["attestation"] as? [String: Any])?["translation"] as? String == translation)
        #expect(Self.behind(acme) == ["changed transparency in v1.2", "added trustworthy-use in v1.2"])
        #expect(((acme["reading"] as? [String: Any])?["source"] as? [String: Any])?["label"] as? String == "v1.1")
        #expect((acme["reason"] as? String)?.contains(Self.readAtV12) == true, "\(acme["reason"] ?? "")")
        // Read in a text that had caught up with v1.1; stale at v1.2 as any attestation of v1.1 is.
        let eduRow = try #require(rows["edu"])
        #expect(eduRow["state"] as? String == "stale")
        #expect((eduRow["attestation"] as? [String: Any])?["language"] as? String == "ja")
        #expect(Self.behind(eduRow).isEmpty)
        #expect((eduRow["reason"] as? String)?.contains("read in ja (translation of v1.1); changed since: transparency") == true,
                "\(eduRow["reason"] ?? "")")
        // A scope holds only the clauses in it.
        #expect(Self.behind(rows["narrow"]) == ["changed transparency in v1.2"])
        // The source text read: no language, no reading.
        #expect((rows["source"]?["attestation"] as? [String: Any])?["language"] == nil)
        #expect(rows["source"]?["reading"] == nil)

        let text = try CLI.succeed(fixture.conduct(["status"])).stdout
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("acme ") })
        #expect(line.contains("current") && line.contains(Self.readAtV12), "\(line)")
        let check = try fixture.conduct(["check", "acme"])
        #expect(check.status == 0)
        #expect(check.stdout.contains(Self.readAtV12), "\(check.stdout)")
        let checkEdu = try fixture.conduct(["check", "edu"])
        #expect(checkEdu.status == 1 && checkEdu.stdout.contains("read in ja (translation of v1.1)"), "\(checkEdu.stdout)")
        let since = try CLI.succeed(fixture.conduct(["since", "acme"]))
        #expect(since.stderr.contains("acme attested v1.2 (the whole document) on 2025-03-01, " + Self.readAtV12), "\(since.stderr)")

        // Read at v1.1, edu's attestation is current, and what it read had caught up.
        let early = try Self.status(fixture.store, ["--at", "v1.1"])
        #expect(early["edu"]?["state"] as? String == "current")
        #expect(((early["edu"]?["reading"] as? [String: Any])?["behind"] as? [Any])?.isEmpty == true)
        #expect(early["acme"]?["state"] as? String == "never")
    }

    @Test func aLanguageWithNoTranslationOfTheRevisionIsRefusedAndChangesNothing() throws {
        let fixture = try Fixture()
        // Every cache warm, so that a refusal is seen to write nothing at all.
        try CLI.succeed(fixture.conduct(["status"]))
        try CLI.succeed(fixture.conduct(["translations", "--at", "v1.0"]))
        let before = snapshot(fixture.store)
        let cases: [([String], [String])] = [
            (["--revision", "v1.0", "--lang", "ja"], ["no ja translation of v1.0 or an earlier revision", "translated there: none",
                                                     "conduct translation update ja --from FILE --of v1.0"]),
            (["--lang", "de"], ["no de translation of v1.2 or an earlier revision", "translated there: ja",
                                "conduct translation add de --from FILE --of v1.2", "Attest without --lang"]),
            (["--lang", "xx"], ["'xx' is not an ISO 639 language code"]),
        ]
        for (arguments, messages) in cases {
            let refused = try fixture.conduct(["attest", "acme", "--key", fixture.key, "--date", "2025-03-01"] + arguments)
            #expect(refused.status == 2, "\(arguments): \(refused.stderr)")
            for message in messages { #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)") }
            #expect(snapshot(fixture.store) == before, "\(arguments)")
        }
        let usage = try fixture.conduct(["attest", "acme", "--key", fixture.key, "--withdraw", "--lang", "ja"])
        #expect(usage.status == 64, "\(usage.stderr)")
        #expect(try fixture.attestations().isEmpty)
    }

    @Test func verifyNamesAForgedTranslationBinding() throws {
        let fixture = try Fixture()
        try fixture.attest(["--revision", "v1.1", "--lang", "ja", "--date", "2025-02-22"])
        let record = try Plumbing.blob(fixture.store, try #require(try fixture.attestations().first))
        // Records the signatory's own key signs afresh (so every signature holds), each saying
        // something else about the translation read.
                let wrongDigest = try AttestationSecurityTests.resigned(record, ["translationSha256": try RecordTool.sha256(Data("another text".utf8)),
                                              "at": "2025-03-01T09:00:00Z"], key: fixture.key)
        let unknown = try AttestationSecurityTests.resigned(record, ["translation": String(repeating: "ab", count: 32), "at": "2025-03-02T09:00:00Z"],
                                 key: fixture.key, options: [])
        let otherLanguage = try AttestationSecurityTests.resigned(record, ["language": "fr", "at": "2025-03-03T09:00:00Z"], key: fixture.key)
        let partial = try AttestationSecurityTests.resigned(record, ["translation": NSNull(), "at": "2025-03-04T09:00:00Z"], key: fixture.key)
        try Plumbing.rewriteLedger(fixture.store, [(wrongDigest.path, wrongDigest.bytes)], message: "A forged translation digest")

        // The latest attestation of acme is the forged one: status says the translation does not hold.
        let reading = try #require(try Self.status(fixture.store)["acme"]?["reading"] as? [String: Any])
        #expect((reading["problem"] as? String)?.contains("the digest it signed is not that of the ja translation") == true, "\(reading)")

        try Plumbing.rewriteLedger(fixture.store, [(unknown.path, unknown.bytes), (otherLanguage.path, otherLanguage.bytes),
                                                   (partial.path, partial.bytes)], message: "More forged bindings")
        let (status, findings) = try AttestationSecurityTests.verify(fixture.store)
        #expect(status == 1)
        func about(_ path: String) -> [AttestationSecurityTests.Finding] { findings.filter { $0.subject == path } }
        #expect(about(wrongDigest.path).map(\.check) == ["digest"], "\(findings)")
        #expect(about(wrongDigest.path).first?.problem.contains("translation digest is not the SHA-256") == true, "\(findings)")
        #expect(about(unknown.path).map(\.check) == ["translation"], "\(findings)")
        #expect(about(unknown.path).first?.problem.contains("which the ledger does not hold") == true, "\(findings)")
        #expect(about(otherLanguage.path).map(\.check) == ["translation"], "\(findings)")
        #expect(about(otherLanguage.path).first?.problem.contains("is in ja") == true, "\(findings)")
        #expect(about(partial.path).map(\.check) == ["file"], "\(findings)")
        #expect(about(partial.path).first?.problem.contains("without 'translation'") == true, "\(findings)")
        #expect(findings.allSatisfy { [wrongDigest.path, unknown.path, otherLanguage.path, partial.path].contains($0.subject) }, "\(findings)")
    }

    @Test func theLedgerIndexCarriesTheLanguageAndACloneAndASyncKeepIt() throws {
        let fixture = try Fixture()
        try fixture.attest(["--revision", "v1.2", "--lang", "ja", "--date", "2025-03-01"])
        // An index of the version before, left by an earlier release, is replaced, never read.
        let cache = URL(fileURLWithPath: fixture.store).appendingPathComponent("conduct-cache")
        try Data("conduct-ledger-v3\n".utf8).write(to: cache.appendingPathComponent("ledger-v3"))
        /// status as JSON without its `now` line.
        func status(_ store: String) throws -> String {
            try CLI.succeed(CLI.conduct(["status", "--store", store, "--format", "json"])).stdout
                .split(separator: "\n").filter { !$0.hasPrefix("  \"now\"") }.joined(separator: "\n")
        }
        let cold = try status(fixture.store)
        #expect(cold.contains("\"language\":\"ja\"") && cold.contains("\"reading\":"), "\(cold)")
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("ledger-v4").path))
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("ledger-v3").path))
        #expect(try status(fixture.store) == cold, "the kept index says what a read from scratch says")

        let copy = fixture.directory.path("copy.git")
        try CLI.succeed(CLI.conduct(["clone", fixture.store, copy]))
        let cloned = try #require(try Self.status(copy)["acme"])
        #expect((cloned["attestation"] as? [String: Any])?["language"] as? String == "ja")
        #expect(Self.behind(cloned) == ["changed transparency in v1.2", "added trustworthy-use in v1.2"])

        // An attestation of the translation made in the copy reaches the store by sync, and verifies there.
        let edu = try AttestationTests.register("edu", in: fixture.directory, store: fixture.store, date: "2025-02-21")
        try CLI.succeed(CLI.conduct(["sync", "--store", copy]))
        try CLI.succeed(CLI.conduct(["attest", "edu", "--store", copy, "--key", edu, "--revision", "v1.1", "--lang", "ja",
                                     "--date", "2025-03-02"]))
        try CLI.succeed(CLI.conduct(["sync", "--store", copy]))
        let synced = try #require(try Self.status(fixture.store)["edu"])
        #expect((synced["attestation"] as? [String: Any])?["language"] as? String == "ja")
        #expect(((synced["reading"] as? [String: Any])?["source"] as? [String: Any])?["label"] as? String == "v1.1")
        let verify = try fixture.conduct(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// The published attestation matrix and list name the language a signatory read, taken from
    /// the ledger (through its index) as `status` takes it; an attestation of the source names none.
    @Test func thePublishedMatrixNamesTheLanguageRead() throws {
        let fixture = try Fixture()
        try fixture.attest(["--revision", "v1.1", "--lang", "ja", "--date", "2025-02-22"])
        let edu = try AttestationTests.register("edu", in: fixture.directory, store: fixture.store, date: "2025-02-21")
        try fixture.attest(["--revision", "v1.1", "--date", "2025-02-23"], as: "edu", key: edu)
        let site = fixture.directory.path("site")
        try CLI.succeed(fixture.conduct(["publish", "--out", site]))
        let page = try String(contentsOfFile: site + "/attestations.html", encoding: .utf8)
        let body = try #require(page.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first)
        func row(_ id: String) -> String { body.components(separatedBy: "<tr>").first { $0.contains("<span class=\"id\"> \(id)<") } ?? "" }
        #expect(row("acme").contains(", read in </span>ja"), "the matrix names the language of acme's attestation: \(row("acme"))")
        #expect(!row("edu").isEmpty && !row("edu").contains("read in"), "edu attested the source: no language")
        #expect(page.contains("attested, read in ja"), "the list of attestations names it too")
    }
}

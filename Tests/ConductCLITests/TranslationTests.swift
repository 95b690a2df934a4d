import Foundation
import Testing

/// `translation add/update`, `translations` and `show --lang` end to end on the Corpus: every
/// state, `--check`'s exit codes, refusals that leave the store as it was, `verify` and a clone.
@Suite("Translations end to end")
struct TranslationTests {
    /// The Corpus store (v0.1 → v1.2).
    static func store(in directory: TemporaryDirectory) throws -> String {
        try StoreCommandTests.corpusStore(in: directory)
    }

    /// A stand-in translation of a Corpus revision: its text with the ids dropped and a few words
    /// changed, so it aligns by structure alone.
    static func translation(of version: String, carryingIDs: Bool = false, dropping clause: String? = nil) throws -> String {
        var text = try String(contentsOf: CLI.corpus.appendingPathComponent("\(version).md"), encoding: .utf8)
        if let clause, let start = text.range(of: "{#\(clause)}") {
            let headingStart = text[..<start.lowerBound].range(of: "\n#", options: .backwards)!.lowerBound
            let next = text[start.upperBound...].range(of: "\n#")?.lowerBound ?? text.endIndex
            text.removeSubrange(headingStart..<next)
        }
        if !carryingIDs {
            text = text.replacingOccurrences(of: #" \{#[^}]+\}"#, with: "", options: .regularExpression)
        }
        return text.replacingOccurrences(of: "Organisations", with: "Les organisations")
            .replacingOccurrences(of: "should", with: "devraient")
    }

    static func add(_ store: String, _ language: String, _ file: String, of version: String?, date: String,
                    update: Bool = false, extra: [String] = []) throws -> CLI.Result {
        try CLI.conduct(["translation", update ? "update" : "add", language, "--store", store, "--from", file, "--date", date]
                        + (version.map { ["--of", $0] } ?? []) + extra)
    }

    static func rows(_ store: String, at version: String) throws -> [String: [String: Any]] {
        let result = try CLI.succeed(CLI.conduct(["translations", "--store", store, "--at", version, "--format", "json"]))
        let validation = try CLI.validate(result.stdout, schema: "translations")
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let rows = try #require(try CLI.json(result)["translations"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["language"] as? String ?? "", $0) })
    }

    @Test func aTranslationIsCurrentThenEditorialThenBehind() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let file = try directory.write("fr.md", try Self.translation(of: "v1.0"))
        let added = try CLI.succeed(Self.add(store, "fr", file, of: "v1.0", date: "2023-11-20",
                                             extra: ["--translator", "Claire Traductrice <claire@example.org>"]))
        #expect(added.stdout.contains("Recorded the fr translation of v1.0"))
        #expect(added.stdout.contains("by structure"))

        #expect(try Self.rows(store, at: "v1.0")["fr"]?["state"] as? String == "current")
        let v11 = try #require(try Self.rows(store, at: "v1.1")["fr"])
        #expect(v11["state"] as? String == "current-editorial")
        #expect((v11["translator"] as? [String: Any])?["name"] as? String == "Claire Traductrice")
        let v12 = try #require(try Self.rows(store, at: "v1.2")["fr"])
        #expect(v12["state"] as? String == "behind")
        let behind = try #require(v12["behind"] as? [[String: Any]])
        #expect(behind.map { $0["clause"] as? String ?? "" } == ["transparency", "trustworthy-use"])
        #expect(behind.map { $0["change"] as? String ?? "" } == ["changed", "added"])
        #expect(behind.allSatisfy { ($0["revisions"] as? [[String: Any]])?.compactMap { $0["label"] as? String } == ["v1.2"] })

        let text = try CLI.succeed(CLI.conduct(["translations", "--store", store]))
        #expect(text.stdout.contains("Translations at v1.2"))
        #expect(text.stdout.contains("changed in v1.2: transparency"))
        #expect(text.stdout.contains("added in v1.2: trustworthy-use"))

        #expect(try CLI.conduct(["translations", "--store", store, "--at", "v1.1", "--check", "fr"]).status == 0)
        let check = try CLI.conduct(["translations", "--store", store, "--check", "fr"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("behind"))
        let none = try CLI.conduct(["translations", "--store", store, "--check", "de"])
        #expect(none.status == 2 && none.stderr.contains("no de translation"))

        // The stored text carries the source's ids on the headings it aligned.
        let shown = try CLI.succeed(CLI.conduct(["show", "v1.0", "--store", store, "--lang", "fr", "--clause", "transparency"]))
        #expect(shown.stdout.hasPrefix("## 3. Publish transparency reports on capabilities and limitations {#transparency}"))
        #expect(shown.stdout.contains("Les organisations devraient"))
        let later = try CLI.succeed(CLI.conduct(["show", "--store", store, "--lang", "fr"]))
        #expect(later.stderr.contains("translates v1.0, not v1.2"))
    }

    @Test func anUpdateCatchesUpAndEarlierTranslatedRevisionsStayReadable() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let old = try directory.write("fr-1.0.md", try Self.translation(of: "v1.0"))
        let before = try CLI.conduct(["translations", "--store", store, "--at", "v0.1", "--check", "fr"])
        #expect(before.status == 2, "no fr translation yet: a slip to name")
        try CLI.succeed(Self.add(store, "fr", old, of: "v1.0", date: "2023-11-20", extra: ["--translator", "Claire <claire@example.org>"]))
        let early = try CLI.conduct(["translations", "--store", store, "--at", "v0.1", "--check", "fr"])
        #expect(early.status == 1 && early.stdout.contains("fr: none at v0.1"), "\(early.stdout)\(early.stderr)")
        let new = try directory.write("fr-1.2.md", try Self.translation(of: "v1.2").replacingOccurrences(of: "Review", with: "Révision"))
        let updated = try CLI.succeed(Self.add(store, "fr", new, of: nil, date: "2025-03-01", update: true))
        #expect(updated.stdout.contains("Updated the fr translation of v1.2"))
        #expect(try Self.rows(store, at: "v1.2")["fr"]?["state"] as? String == "current")
        // At v1.1 the update is not on the history: the v1.0 translation is the one in force there.
        #expect(try Self.rows(store, at: "v1.1")["fr"]?["state"] as? String == "current-editorial")
        #expect(try Self.rows(store, at: "v1.2")["fr"]?["translator"] != nil, "an update keeps the translator")
        let earlier = try CLI.succeed(CLI.conduct(["show", "v1.0", "--store", store, "--lang", "fr", "--raw"]))
        #expect(!earlier.stdout.contains("Révision"))
        #expect(try CLI.succeed(CLI.conduct(["show", "v1.2", "--store", store, "--lang", "fr"])).stdout.contains("Révision"))
        let verify = try CLI.conduct(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try CLI.git(["--git-dir", store, "fsck", "--strict"]).status == 0)
    }

    @Test func anIncompleteTranslationIsAcceptedOnlyWhenAskedAndSaysWhatItLacks() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let partial = try directory.write("de.md", try Self.translation(of: "v1.2", carryingIDs: true, dropping: "data-protection"))
        let refused = try Self.add(store, "de", partial, of: "v1.2", date: "2025-03-01")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("data-protection"), "\(refused.stderr)")
        let accepted = try CLI.succeed(Self.add(store, "de", partial, of: "v1.2", date: "2025-03-01", extra: ["--allow-incomplete"]))
        #expect(accepted.stdout.contains("incomplete: no counterpart for data-protection"))
        let row = try #require(try Self.rows(store, at: "v1.2")["de"])
        #expect(row["state"] as? String == "incomplete")
        #expect(row["incomplete"] as? [String] == ["data-protection"])
    }

    @Test(arguments: [
        (["translation", "add", "xx", "--of", "v1.0"], "'xx' is not an ISO 639 language code"),
        (["translation", "add", "jp", "--of", "v1.0"], "the language is probably 'ja'"),
        (["translation", "add", "en_US", "--of", "v1.0"], "en-US"),
        (["translation", "add", "jpn", "--of", "v1.0"], "'jpn' has the two-letter code 'ja', which BCP 47 uses instead"),
        (["translation", "add", "fr", "--of", "v9.9"], "no revision 'v9.9'"),
        (["translation", "add", "fr", "--of", "p0123456789"], "is a proposal; a translation is of an adopted revision"),
        (["translation", "update", "fr"], "no fr translation"),
    ])
    func badRequestsAreRefusedAndChangeNothing(_ arguments: [String], _ expected: String) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let file = try directory.write("fr.md", try Self.translation(of: "v1.0"))
        let before = snapshot(store)
        let result = try CLI.conduct(arguments + ["--store", store, "--from", file])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(snapshot(store) == before)
    }

    @Test func unalignableAndMisencodedTextsAreRefusedAndChangeNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let good = try Self.translation(of: "v1.0")
        let short = try directory.write("short.md", try Self.translation(of: "v1.0", dropping: "security-controls"))
        let utf16 = directory.path("utf16.md")
        try Data([0xFF, 0xFE] + good.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: URL(fileURLWithPath: utf16))
        let latin1 = directory.path("latin1.md")
        try #require(good.replacingOccurrences(of: "Les", with: "Lés").data(using: .isoLatin1)).write(to: URL(fileURLWithPath: latin1))
        let before = snapshot(store)
        let mismatch = try Self.add(store, "fr", short, of: "v1.0", date: "2023-11-20")
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("cannot be aligned with the clauses of v1.0"), "\(mismatch.stderr)")
        #expect(mismatch.stderr.contains("{#"), "the way out: ids by hand")
        let wide = try Self.add(store, "fr", utf16, of: "v1.0", date: "2023-11-20")
        #expect(wide.status == 2 && wide.stderr.contains("UTF-16LE text, not UTF-8"), "\(wide.stderr)")
        let narrow = try Self.add(store, "fr", latin1, of: "v1.0", date: "2023-11-20")
        #expect(narrow.status == 2 && narrow.stderr.contains("not valid UTF-8"), "\(narrow.stderr)")
        let file = try directory.write("fr.md", good)
        try CLI.succeed(Self.add(store, "fr", file, of: "v1.0", date: "2023-11-20"))
        let middle = snapshot(store)
        let twice = try Self.add(store, "fr", file, of: "v1.0", date: "2023-11-21")
        #expect(twice.status == 2 && twice.stderr.contains("translation update fr"))
        #expect(snapshot(store) == middle)
        #expect(middle != before)
    }

    @Test func verifyNamesAnEditedTranslationAndACloneCarriesThem() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let file = try directory.write("ja.md", try Self.translation(of: "v1.1").replacingOccurrences(of: "Scope", with: "適用範囲"))
        try CLI.succeed(Self.add(store, "ja", file, of: "v1.1", date: "2024-04-01"))
        let path = try #require(try Plumbing.ledger(store, under: "translations").first)
        #expect(path.hasPrefix("translations/ja/"))

        let copy = directory.path("copy.git")
        try CLI.succeed(CLI.conduct(["clone", store, copy]))
        #expect(try Self.rows(copy, at: "v1.2")["ja"]?["state"] as? String == "behind")
        #expect(try CLI.succeed(CLI.conduct(["show", "v1.1", "--store", copy, "--lang", "ja"])).stdout.contains("適用範囲"))
        // A later translated revision reaches the copy by sync, and verifies there.
        let french = try directory.write("fr.md", try Self.translation(of: "v1.2"))
        try CLI.succeed(Self.add(store, "fr", french, of: "v1.2", date: "2025-03-01"))
        try CLI.succeed(CLI.conduct(["sync", "--store", copy]))
        #expect(try Self.rows(copy, at: "v1.2")["fr"]?["state"] as? String == "current")
        #expect(try CLI.conduct(["verify", "--store", copy]).status == 0)

        // Someone with plain git rewrites the text (and its digest and name, as a careful forger
        // would): the signature no longer holds, so nothing counts it and verify names it.
        let record = try Plumbing.blob(store, path)
        let text = try RecordTool.field(record, "text").replacingOccurrences(of: "devraient", with: "peuvent")
        let forged = try RecordTool.edited(record, ["text": text, "sha256": try RecordTool.sha256(Data(text.utf8))])
        let forgedPath = "translations/ja/\(try RecordTool.sha256(forged)).json"
        try Plumbing.rewriteLedger(store, [(path, nil), (forgedPath, forged)])
        let verify = try CLI.conduct(["verify", "--store", store, "--format", "json"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains(forgedPath), "\(verify.stdout)")
        #expect(try Self.rows(store, at: "v1.2")["ja"] == nil, "a forged translation is not counted")
    }
}

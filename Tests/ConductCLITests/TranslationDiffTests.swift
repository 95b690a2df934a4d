import Foundation
import Testing

/// `diff --lang`: what a translator must redo, end to end on the Corpus store with the Japanese
/// text of v1.0 recorded: the clauses v1.2 changed or added, each with its source redline and the
/// translation's text of it, the rest named as editorial.
@Suite("diff --lang end to end")
struct TranslationDiffTests {
    /// The Corpus store (v0.1 → v1.2) with the Corpus's Japanese text of v1.0 recorded.
    static func store(in directory: TemporaryDirectory) throws -> String {
        let store = try TranslationTests.store(in: directory)
        let japanese = CLI.corpus.appendingPathComponent("translations/ja/v1.0.md").path
        try CLI.succeed(TranslationTests.add(store, "ja", japanese, of: "v1.0", date: "2023-11-24"))
        return store
    }

    /// `diff --lang LANG ARGS --format json`, validated against its schema.
    static func report(_ store: String, _ language: String, _ arguments: [String] = []) throws -> [String: Any] {
        let result = try CLI.succeed(CLI.conduct(["diff", "--store", store, "--lang", language, "--format", "json"] + arguments))
        let validation = try CLI.validate(result.stdout, schema: "translation-diff")
        #expect(validation.status == 0, "\(validation.stderr)")
        return try CLI.json(result)
    }

    static func clauses(_ report: [String: Any]) -> [[String: Any]] { report["clauses"] as? [[String: Any]] ?? [] }

    @Test func theClausesV12ChangedComeWithTheirRedlineAndTheJapaneseText() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let report = try Self.report(store, "ja", ["v1.0", "v1.2"])
        #expect(report["language"] as? String == "ja")
        #expect((report["old"] as? [String: Any])?["label"] as? String == "v1.0")
        #expect((report["new"] as? [String: Any])?["label"] as? String == "v1.2")
        #expect(((report["translation"] as? [String: Any])?["source"] as? [String: Any])?["label"] as? String == "v1.0")

        let clauses = Self.clauses(report)
        #expect(clauses.map { $0["clause"] as? String } == ["transparency", "trustworthy-use"])
        #expect(clauses.map { $0["change"] as? String } == ["changed", "added"])
        for clause in clauses {
            #expect((clause["revisions"] as? [[String: Any]])?.map { $0["label"] as? String } == ["v1.2"])
        }
        let transparency = try #require(clauses.first)
        // The redline is the clause as `diff --format json` writes it: the words v1.2 inserted.
        let redline = try #require(transparency["redline"] as? [String: Any])
        #expect(redline["significance"] as? String == "substantive")
        #expect((redline["new"] as? [String: Any])?["id"] as? String == "transparency")
        let words = (redline["blocks"] as? [[String: Any]] ?? []).flatMap { $0["words"] as? [[String: String]] ?? [] }
        #expect(words.contains { $0["operation"] == "insert" && ($0["text"] ?? "").contains("12 months") }, "\(redline)")
        let plain = try CLI.json(try CLI.succeed(CLI.conduct(["diff", "--store", store, "v1.0", "v1.2", "--format", "json", "--clause", "transparency"])))
        #expect(NSDictionary(dictionary: redline).isEqual(to: (plain["clauses"] as? [[String: Any]])?.first ?? [:]),
                "the same redline diff writes")
        // Beside it, the translation's current text of the clause, with the source's id.
        let translated = try #require(transparency["translated"] as? String)
        #expect(translated.hasPrefix("## ３．能力と限界に関する透明性報告書を公表する {#transparency}\n"))
        #expect(translated.contains("常に最新の状態に保たれる透明性報告書"))
        #expect(!translated.contains("## ４．"), "only that clause")
        // An added clause has its redline and nothing translated yet.
        let added = clauses[1]
        #expect((added["redline"] as? [String: Any])?["status"] as? String == "added")
        #expect(added["translated"] is NSNull)
        // The clauses v1.1 rewrapped are named, nothing to redo.
        let editorial = try #require(report["editorial"] as? [String])
        #expect(editorial.contains("scope") && editorial.contains("red-teaming"))
        #expect(!editorial.contains("transparency") && !editorial.contains("trustworthy-use"))
    }

    @Test func theTextNamesEachClauseWithItsRedlineThenTheTranslation() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let text = try CLI.succeed(CLI.conduct(["diff", "--store", store, "--lang", "ja", "v1.0", "v1.2"])).stdout
        #expect(text.hasPrefix("The ja translation of v1.0 (record "), "\(text)")
        #expect(text.contains("against the source v1.0 → v1.2: 2 clauses to redo (1 changed, 1 added)"), "\(text)")
        let transparency = try #require(text.range(of: "\ntransparency — changed in v1.2\n"))
        let redline = try #require(text.range(of: "{+in any case at least once every 12 months"))
        let japanese = try #require(text.range(of: "  ja text now (of v1.0):\n    ## ３．能力と限界に関する透明性報告書を公表する {#transparency}\n"))
        let added = try #require(text.range(of: "\ntrustworthy-use — added in v1.2\n"))
        #expect(transparency.upperBound <= redline.lowerBound && redline.upperBound <= japanese.lowerBound
                && japanese.upperBound <= added.lowerBound, "redline, then the translation, clause after clause")
        #expect(text.contains("[substantive] 12. Promote the trustworthy and responsible use of advanced AI {#trustworthy-use}  added"))
        #expect(text.contains("  ja text now: none; the clause is new to the ja translation\n"))
        #expect(text.contains("\neditorial changes only, nothing to redo: "))
        #expect(!text.contains("\u{1B}["), "no colour off a terminal")
    }

    @Test func withoutRevisionsItRunsFromTheTranslatedRevisionToMain() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let full = try Self.report(store, "ja", ["v1.0", "v1.2"])
        for arguments in [[], ["v1.0"], ["v1.0", "main"]] {
            let report = try Self.report(store, "ja", arguments)
            #expect((report["old"] as? [String: Any])?["label"] as? String == "v1.0", "\(arguments)")
            #expect((report["new"] as? [String: Any])?["label"] as? String == "v1.2", "\(arguments)")
            #expect(Self.clauses(report).map { $0["clause"] as? String } == Self.clauses(full).map { $0["clause"] as? String }, "\(arguments)")
        }
        // From v1.0 to v1.1 only editorial changes: nothing to redo.
        let v11 = try Self.report(store, "ja", ["v1.0", "v1.1"])
        #expect(Self.clauses(v11).isEmpty)
        #expect((v11["editorial"] as? [String])?.contains("transparency") == true)
        let text = try CLI.succeed(CLI.conduct(["diff", "--store", store, "--lang", "ja", "v1.0", "v1.1"])).stdout
        #expect(text.contains("against the source v1.0 → v1.1: nothing to redo"), "\(text)")
    }

    @Test func aLaterTranslatedRevisionIsTheTextShown() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let v11 = CLI.corpus.appendingPathComponent("translations/ja/v1.1.md").path
        try CLI.succeed(TranslationTests.add(store, "ja", v11, of: "v1.1", date: "2025-03-10", update: true))
        // By default from v1.1, the revision the text now translates.
        let report = try Self.report(store, "ja")
        #expect((report["old"] as? [String: Any])?["label"] as? String == "v1.1")
        #expect(((report["translation"] as? [String: Any])?["source"] as? [String: Any])?["label"] as? String == "v1.1")
        #expect(Self.clauses(report).map { $0["clause"] as? String } == ["transparency", "trustworthy-use"])
        // Asked from v1.0, the same clauses, and the text is still the one in force at v1.2.
        let early = try Self.report(store, "ja", ["v1.0", "v1.2"])
        #expect(((early["translation"] as? [String: Any])?["source"] as? [String: Any])?["label"] as? String == "v1.1")
        #expect((early["old"] as? [String: Any])?["label"] as? String == "v1.0")
        // A translation of main has nothing to redo.
        let french = try directory.write("fr.md", try TranslationTests.translation(of: "v1.2"))
        try CLI.succeed(TranslationTests.add(store, "fr", french, of: "v1.2", date: "2025-03-11"))
        let current = try Self.report(store, "fr")
        #expect(Self.clauses(current).isEmpty && (current["editorial"] as? [String])?.isEmpty == true)
    }

    @Test(arguments: [
        (["v1.2", "v1.0"], 2, "v1.2 is not on the history of v1.0"),
        (["v1.2", "v1.0"], 2, "'conduct diff --lang ja v1.0 v1.2'"),
        (["p0123456789"], 2, "is a proposal"),
        (["v9.9"], 2, "no revision 'v9.9'"),
        (["--stat"], 64, "--lang shows what a translation must redo"),
        (["--files", "a.md", "b.md"], 64, "--lang shows what a translation must redo"),
    ])
    func badRequestsAreRefusedClearly(_ arguments: [String], _ status: Int32, _ expected: String) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let before = snapshot(store)
        let result = try CLI.conduct(["diff", "--store", store, "--lang", "ja"] + arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(snapshot(store) == before)
    }

    @Test func anUnknownOrUntranslatedLanguageIsNamed() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let none = try CLI.conduct(["diff", "--store", store, "--lang", "de"])
        #expect(none.status == 2 && none.stderr.contains("no de translation") && none.stderr.contains("translations: ja"), "\(none.stderr)")
        let bad = try CLI.conduct(["diff", "--store", store, "--lang", "jp"])
        #expect(bad.status == 2 && bad.stderr.contains("the language is probably 'ja'"), "\(bad.stderr)")
    }
}

import Foundation
import Testing

/// Translations of the Corpus end to end, on a store built as `Scripts/demo` builds it: the
/// Japanese and French texts of v1.0 (no ids; aligned by structure) recorded after v1.0, then
/// v1.1 (editorial, adopted as non-material) and v1.2 (substantive) through proposals, and the
/// Japanese text of v1.1 (the source's ids carried) recorded after v1.2.
@Suite("Corpus translations end to end")
struct TranslationCorpusTests {
    static let translators = [
        "ja": "Japanese Language Desk (fictional) <ja@translations.example>",
        "fr": "French Language Desk (fictional) <fr@translations.example>",
    ]

    /// The store, and `conduct ARGS --store STORE`.
    struct Store {
        let path: String

        @discardableResult
        func conduct(_ arguments: [String]) throws -> CLI.Result {
            try CLI.conduct(arguments + ["--store", path])
        }

        /// `conduct ARGS`, required to succeed.
        @discardableResult
        func succeed(_ arguments: [String]) throws -> CLI.Result {
            try CLI.succeed(try conduct(arguments), "conduct \(arguments.joined(separator: " "))")
        }

        /// Proposes `version` of the Corpus and adopts it, as the demo does.
        func amend(to version: String, proposed: String, adopted: String, nonMaterial: Bool) throws {
            try succeed(["propose", "--title", "Amend to \(version)", "--rationale", "The Corpus history",
                         "--from", TranslationCorpusTests.corpus(version), "--date", proposed])
            let proposals = try CLI.json(try succeed(["proposals", "--format", "json"]))
            let id = try #require((proposals["proposals"] as? [[String: Any]])?.first?["id"] as? String)
            try succeed(["adopt", id, "--date", adopted] + (nonMaterial ? ["--non-material"] : []))
        }

        /// `translations --format json`, validated against its schema: each language's entry.
        func translations(at revision: String? = nil) throws -> [String: [String: Any]] {
            let result = try succeed(["translations", "--format", "json"] + (revision.map { ["--at", $0] } ?? []))
            let validation = try CLI.validate(result.stdout, schema: "translations")
            #expect(validation.status == 0, "\(validation.stderr)")
            let rows = try #require(try CLI.json(result)["translations"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["language"] as? String ?? "", $0) })
        }
    }

    static func corpus(_ name: String) -> String { CLI.corpus.appendingPathComponent("\(name).md").path }

    /// v0.1 → v1.0, the Japanese and French translations of v1.0, then v1.1.
    static func storeAtV11(in directory: TemporaryDirectory) throws -> Store {
        let store = Store(path: directory.path("hiroshima.git"))
        try CLI.succeed(try CLI.conduct(["init", store.path, "--from", corpus("v0.1"), "--version", "0.1",
                                         "--date", "2023-09-07", "--message", "Discussion draft on five themes"]))
        try store.succeed(["adopt", "--from", corpus("v1.0"), "--version", "1.0", "--date", "2023-10-30",
                           "--message", "Adopt the code of conduct with eleven actions"])
        for (language, date) in [("ja", "2023-11-24"), ("fr", "2023-12-08")] {
            let added = try store.succeed(["translation", "add", language, "--from", corpus("translations/\(language)/v1.0"),
                                           "--of", "v1.0", "--translator", translators[language]!, "--date", date])
            // Neither text carries an id: every heading, full-width numbers and all, is found by structure.
            #expect(added.stdout.contains("14 clauses aligned: 0 by the ids the text carries, 14 by structure"), "\(added.stdout)")
        }
        try store.amend(to: "v1.1", proposed: "2024-03-01", adopted: "2024-03-14", nonMaterial: true)
        return store
    }

    @Test func anEditorialRevisionLeavesBothTranslationsCurrentEditorial() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.storeAtV11(in: directory)

        let text = try store.succeed(["translations"]).stdout
        #expect(text.hasPrefix("Translations at v1.1\n"))
        #expect(text.contains("fr    current-editorial  v1.0      2023-12-08  \(Self.translators["fr"]!)\n"))
        #expect(text.contains("ja    current-editorial  v1.0      2023-11-24  \(Self.translators["ja"]!)\n"))
        #expect(!text.contains("behind") && !text.contains("changed in"))

        let rows = try store.translations()
        #expect(rows.keys.sorted() == ["fr", "ja"])
        for (language, row) in rows {
            #expect(row["state"] as? String == "current-editorial", "\(language)")
            #expect((row["source"] as? [String: String])?["label"] == "v1.0", "\(language)")
            #expect((row["behind"] as? [Any])?.isEmpty == true, "\(language)")
            #expect((row["incomplete"] as? [Any])?.isEmpty == true, "\(language)")
            // v1.1 rewrapped every clause: each is an editorial change, none a substantive one.
            #expect((row["editorial"] as? [String])?.contains("transparency") == true, "\(language)")
        }
        for language in ["ja", "fr"] {
            let check = try store.conduct(["translations", "--check", language])
            #expect(check.status == 0, "\(language): \(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("\(language)    current-editorial"))
        }
    }

    @Test func aSubstantiveRevisionLeavesBothBehindForExactlyTheClausesItChanged() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.storeAtV11(in: directory)
        try store.amend(to: "v1.2", proposed: "2025-01-20", adopted: "2025-02-07", nonMaterial: false)

        let behind = "    changed in v1.2: transparency\n    added in v1.2: trustworthy-use\n"
        let text = try store.succeed(["translations"]).stdout
        #expect(text == "Translations at v1.2\n"
            + "fr    behind             v1.0      2023-12-08  \(Self.translators["fr"]!)\n" + behind
            + "ja    behind             v1.0      2023-11-24  \(Self.translators["ja"]!)\n" + behind)

        let v12 = try #require(try CLI.git(["-C", store.path, "rev-parse", "v1.2^{commit}"]).stdout.split(separator: "\n").first)
        for (language, row) in try store.translations() {
            #expect(row["state"] as? String == "behind", "\(language)")
            let clauses = try #require(row["behind"] as? [[String: Any]])
            #expect(clauses.map { $0["clause"] as? String } == ["transparency", "trustworthy-use"], "\(language)")
            #expect(clauses.map { $0["change"] as? String } == ["changed", "added"], "\(language)")
            for clause in clauses {
                #expect(clause["revisions"] as? [[String: String]] == [["label": "v1.2", "commit": String(v12)]], "\(language)")
            }
        }
        for language in ["ja", "fr"] {
            let check = try store.conduct(["translations", "--check", language])
            #expect(check.status == 1, "\(language): \(check.stderr)")
            #expect(check.stdout.contains("\(language)    behind") && check.stdout.contains("added in v1.2: trustworthy-use"))
        }

        // The Japanese desk files its text of v1.1, which carries the source's ids.
        let updated = try store.succeed(["translation", "update", "ja", "--from", Self.corpus("translations/ja/v1.1"), "--of", "v1.1",
                                         "--translator", Self.translators["ja"]!, "--date", "2025-03-10"])
        #expect(updated.stdout.contains("Updated the ja translation of v1.1"))
        #expect(updated.stdout.contains("14 clauses aligned: 14 by the ids the text carries, 0 by structure"))
        let now = try store.translations()
        #expect((now["ja"]?["source"] as? [String: String])?["label"] == "v1.1")
        #expect(now["ja"]?["state"] as? String == "behind")
        #expect((now["ja"]?["behind"] as? [[String: Any]])?.map { $0["clause"] as? String } == ["transparency", "trustworthy-use"])
        #expect(try store.conduct(["translations", "--check", "ja"]).status == 1)
        // Judged at v1.1, the text of v1.1 is current and the French one of v1.0 current-editorial.
        let atV11 = try store.translations(at: "v1.1")
        #expect(atV11["ja"]?["state"] as? String == "current" && atV11["fr"]?["state"] as? String == "current-editorial")
        #expect(try store.conduct(["translations", "--at", "v1.1", "--check", "ja"]).status == 0)

        // The earlier translated revision stays readable: v1.0's Japanese red-teaming heading has
        // no number, v1.1's has the one the source gained.
        let old = try store.succeed(["show", "v1.0", "--lang", "ja", "--clause", "red-teaming"]).stdout
        #expect(old.hasPrefix("### レッドチーミング {#red-teaming}\n"), "\(old)")
        let new = try store.succeed(["show", "v1.1", "--lang", "ja", "--clause", "red-teaming"]).stdout
        #expect(new.hasPrefix("### １．１ レッドチーミング {#red-teaming}\n"), "\(new)")
        let transparency = try store.succeed(["show", "v1.0", "--lang", "ja", "--clause", "transparency"]).stdout
        #expect(transparency.hasPrefix("## ３．能力と限界に関する透明性報告書を公表する {#transparency}\n"))
        #expect(transparency.contains("常に最新の状態に保たれる透明性報告書"))
    }

    @Test func theFrenchTextIsGivenTheSourcesIDsByStructure() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.storeAtV11(in: directory)
        let source = try String(contentsOfFile: Self.corpus("v1.0"), encoding: .utf8)
        let ids = source.split(separator: "\n").filter { $0.hasPrefix("##") }.compactMap { line in
            line.range(of: "{#").map { String(line[$0.upperBound...].dropLast()) }
        }
        #expect(ids.count == 14)
        let file = try String(contentsOfFile: Self.corpus("translations/fr/v1.0"), encoding: .utf8)
        #expect(!file.contains("{#"))

        let shown = try store.succeed(["show", "v1.0", "--lang", "fr"]).stdout
        let headings = shown.split(separator: "\n").filter { $0.hasPrefix("##") }
        let frenchHeadings = file.split(separator: "\n").filter { $0.hasPrefix("##") }
        #expect(headings.count == ids.count)
        // Each French heading, in order, with the id of the source clause in its place.
        for (index, heading) in headings.enumerated() where index < ids.count {
            #expect(heading == "\(frenchHeadings[index]) {#\(ids[index])}")
        }
        #expect(headings.contains("### Exercices d'équipe rouge {#red-teaming}"))
        #expect(headings.contains("## 3. Publier des rapports de transparence sur les capacités et les limites {#transparency}"))
        let clause = try store.succeed(["show", "v1.1", "--lang", "fr", "--clause", "security-controls"]).stdout
        #expect(clause.hasPrefix("## 6. Protéger les systèmes et les actifs par des contrôles de sécurité robustes {#security-controls}\n"))
    }
}

import Foundation
import Testing

/// `comment --lang`: a comment on a clause of a translation, end to end on the Corpus store with
/// the Japanese text of v1.0 recorded: anchored in that text, listed with its language, and
/// re-found in each later translated revision as comments on the source are in later revisions.
@Suite("Comments on translations end to end")
struct TranslationCommentTests {
    static let quote = "常に最新の状態に保たれる透明性報告書"

    /// `comment TARGET --lang ja ARGS`; the new comment's short id.
    static func comment(_ store: String, _ target: String, _ arguments: [String]) throws -> (id: String, stdout: String) {
        let result = try CLI.succeed(CLI.conduct(["comment", target, "--store", store, "--lang", "ja", "--as", "Reviewer <r@example.jp>"]
                                                 + arguments))
        return (String(result.stdout.split(separator: " ")[1]), result.stdout)
    }

    /// The threads `comments` lists, by short id.
    static func threads(_ store: String, _ extra: [String] = []) throws -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: try CommentTests.threads(store, extra + ["--status", "all"]).map {
            (String(($0["id"] as? String ?? "").prefix(10)), $0)
        })
    }

    static func record(_ store: String, language: String) throws -> String {
        let rows = try CLI.json(try CLI.succeed(CLI.conduct(["translations", "--store", store, "--format", "json"])))
        let row = (rows["translations"] as? [[String: Any]])?.first { $0["language"] as? String == language }
        return try #require(row?["record"] as? String)
    }

    @Test func aCommentOnTheJapaneseTextIsAnchoredThereAndListedWithItsLanguage() throws {
        let directory = try TemporaryDirectory()
        let store = try TranslationDiffTests.store(in: directory)
        let written = try Self.comment(store, "v1.0", ["--clause", "transparency", "--quote", Self.quote,
                                                       "--message", "「常に最新」では公表の頻度が分からない。", "--role", "civil-society"])
        #expect(written.stdout.contains("on v1.0 (ja) transparency"), "\(written.stdout)")
        // At v1.2 the Japanese text in force is still the one of v1.0: that is the text commented on.
        let later = try Self.comment(store, "v1.2", ["--clause", "scope", "--message", "適用範囲は明確である。"])
        #expect(later.stdout.contains("on v1.0 (ja) scope"), "\(later.stdout)")
        let reply = try CLI.succeed(CLI.conduct(["reply", "--store", store, written.id, "--message", "v1.2 の翻訳で対応する。"]))
        let replyID = String(reply.stdout.split(separator: " ")[1])

        let record = try Self.record(store, language: "ja")
        let threads = try Self.threads(store)
        let thread = try #require(threads[written.id])
        #expect(thread["language"] as? String == "ja")
        #expect(thread["translation"] as? String == record)
        #expect(thread["target"] as? String == "v1.0" && thread["clause"] as? String == "transparency")
        let anchor = CommentTests.anchor(thread)
        #expect(anchor["state"] as? String == "current")
        #expect(anchor["readAt"] as? String == "v1.0 (ja)")
        #expect(anchor["quoteFound"] as? Bool == true)
        #expect((anchor["heading"] as? String)?.hasSuffix("能力と限界に関する透明性報告書を公表する") == true, "\(anchor)")
        let replies = try #require(thread["replies"] as? [[String: Any]])
        #expect(replies.first?["language"] as? String == "ja", "a reply is on the text its comment is on")
        #expect((replies.first?["id"] as? String)?.hasPrefix(replyID) == true)

        let text = try CLI.succeed(CLI.conduct(["comments", "--store", store])).stdout
        #expect(text.contains("on v1.0 (ja) {#transparency}  open  [current at v1.0 (ja)]"), "\(text)")
        #expect(text.contains("  > \(Self.quote)\n"))
        #expect(try CommentTests.threads(store, ["--lang", "ja"]).count == 2)
        #expect(try CommentTests.threads(store, ["--lang", "fr"]).isEmpty)

        // The record names the language and the translated revision, and validates.
        let files = try Plumbing.ledger(store, under: "comments")
        #expect(files.count == 3)
        var languages: [String] = []
        for file in files {
            let content = try Plumbing.blob(store, file)
            let validation = try CLI.validate(String(decoding: content, as: UTF8.self), schema: "comment-record")
            #expect(validation.status == 0, "\(file): \(validation.stderr)")
            if let language = (try JSONSerialization.jsonObject(with: content) as? [String: Any])?["language"] as? String {
                languages.append(language)
            }
        }
        #expect(languages == ["ja", "ja"], "the two comments carry their language; the reply inherits it")
        #expect(try CLI.conduct(["verify", "--store", store]).status == 0)

        // Comments on the translation are not counted as comments on the source text.
        let shown = try CLI.succeed(CLI.conduct(["show", "--store", store, "--clause", "transparency"]))
        #expect(!shown.stderr.contains("open comments"), "\(shown.stderr)")
        #expect(!(try CLI.succeed(CLI.conduct(["diff", "--store", store, "v1.1", "v1.2"]))).stdout.contains("open comment"))
    }

    /// A comment whose translation id names no translation record, or one in another language,
    /// is named by `verify`: its anchor cannot be read against the text it claims.
    @Test func verifyNamesACommentOnATranslationTheLedgerDoesNotHold() throws {
        let directory = try TemporaryDirectory()
        let store = try TranslationDiffTests.store(in: directory)
        _ = try Self.comment(store, "v1.0", ["--clause", "transparency", "--quote", Self.quote, "--message", "頻度は？"])
        #expect(try AttestationSecurityTests.verify(store).status == 0)
        let path = try #require(try Plumbing.ledger(store, under: "comments").first)
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        var forged: [(path: String, bytes: Data?)] = []
        for (field, value) in [("translation", String(repeating: "ab", count: 32)), ("language", "fr")] {
            let bytes = try RecordTool.canonical(try RecordTool.edited(try Plumbing.blob(store, path), [field: value]))
            forged.append(("\(folder)/\(try RecordTool.sha256(bytes)).json", bytes))
        }
        try Plumbing.rewriteLedger(store, forged)
        let (status, findings) = try AttestationSecurityTests.verify(store)
        #expect(status == 1)
        let named = findings.filter { $0.check == "translation" }
        #expect(named.map(\.subject).sorted() == forged.map(\.path).sorted(), "\(findings)")
        #expect(named.contains { $0.problem.contains("which the ledger does not hold as a translation record") })
        #expect(named.contains { $0.problem.contains("comments on the fr text, but the translation it names") && $0.problem.contains("is in ja") })
    }

    @Test func eachLaterTranslatedRevisionReFindsTheAnchor() throws {
        let directory = try TemporaryDirectory()
        let store = try TranslationDiffTests.store(in: directory)
        let quoted = try Self.comment(store, "v1.0", ["--clause", "transparency", "--quote", Self.quote, "--message", "頻度は？"]).id
        let renumbered = try Self.comment(store, "v1.0", ["--clause", "red-teaming", "--message", "費用は誰が負担するのか。"]).id

        // The Japanese text of v1.1 rewraps every paragraph and numbers the red-teaming heading.
        let v11 = CLI.corpus.appendingPathComponent("translations/ja/v1.1.md").path
        try CLI.succeed(TranslationTests.add(store, "ja", v11, of: "v1.1", date: "2025-03-10", update: true))
        var threads = try Self.threads(store)
        var anchor = CommentTests.anchor(try #require(threads[quoted]))
        #expect(anchor["state"] as? String == "current", "a rewrap is editorial: \(anchor)")
        #expect(anchor["readAt"] as? String == "v1.1 (ja)")
        #expect(anchor["quoteFound"] as? Bool == true)
        // The heading gained its number (１．１): the comment follows the clause to it.
        let followed = CommentTests.anchor(try #require(threads[renumbered]))
        #expect(followed["state"] as? String != "orphaned", "\(followed)")
        #expect(followed["clause"] as? String == "red-teaming")
        #expect((followed["heading"] as? String)?.hasSuffix("レッドチーミング") == true)

        // A later text rewords the quoted words: the comment is outdated, with what changed.
        let text = try String(contentsOfFile: v11, encoding: .utf8)
        try #require(text.contains(Self.quote))
        let reworded = try directory.write("ja-reworded.md", text.replacingOccurrences(of: Self.quote, with: "少なくとも１２か月ごとに更新される透明性報告書"))
        try CLI.succeed(TranslationTests.add(store, "ja", reworded, of: "v1.1", date: "2025-03-20", update: true))
        threads = try Self.threads(store)
        anchor = CommentTests.anchor(try #require(threads[quoted]))
        #expect(anchor["state"] as? String == "outdated", "\(anchor)")
        #expect(anchor["quoteFound"] as? Bool == false)
        let words = ((anchor["changes"] as? [[String: Any]]) ?? []).flatMap { $0["words"] as? [[String: String]] ?? [] }
        #expect(words.contains { $0["operation"] == "insert" && ($0["text"] ?? "").contains("１２か月") }, "\(anchor)")
        #expect(words.contains { $0["operation"] == "delete" && ($0["text"] ?? "").contains("常に") }, "\(anchor)")
        let listing = try CLI.succeed(CLI.conduct(["comments", "--store", store])).stdout
        #expect(listing.contains("[outdated at v1.1 (ja)]") && listing.contains("(no longer in the text)"), "\(listing)")
        #expect(listing.contains("since: "))
    }

    @Test(arguments: [
        (["v1.0", "--lang", "de", "--clause", "transparency"], "no de translation of v1.0 or an earlier revision"),
        (["v1.0", "--lang", "jp", "--clause", "transparency"], "the language is probably 'ja'"),
        (["v0.1", "--lang", "ja", "--clause", "transparency"], "no ja translation of v0.1 or an earlier revision"),
        (["p0123456789", "--lang", "ja", "--clause", "transparency"], "is a proposal"),
        (["v1.0", "--lang", "ja", "--clause", "nowhere"], "no clause 'nowhere' in the ja translation of v1.0"),
        (["v1.0", "--lang", "ja", "--clause", "nowhere"], "see 'conduct show v1.0 --lang ja'"),
        (["v1.0", "--lang", "ja", "--clause", "transparency", "--quote", "Organisations should"],
         "is not in clause transparency of the ja translation of v1.0"),
        (["v1.0", "--lang", "ja", "--clause", "transparency", "--quote", "Organisations should"],
         "see 'conduct show v1.0 --lang ja --clause transparency'"),
    ])
    func badCommentsAreRefusedAndChangeNothing(_ arguments: [String], _ expected: String) throws {
        let directory = try TemporaryDirectory()
        let store = try TranslationDiffTests.store(in: directory)
        let before = snapshot(store)
        let result = try CLI.conduct(["comment", "--store", store, "--message", "?"] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(snapshot(store) == before)
    }
}

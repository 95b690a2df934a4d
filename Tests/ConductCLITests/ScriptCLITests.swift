import Foundation
import Testing

/// Codes of conduct in Japanese, Chinese, Thai, Arabic and Hindi, end to end with the built
/// binary: word redlines, reflow, invisible characters, readable ids that survive rewording,
/// and id assignment at scale. The Japanese and Chinese texts are the Contributor Covenant's
/// (Tests/Fixtures/scripts/README.md).
@Suite("Scripts end to end")
struct ScriptCLITests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/scripts")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func replacing(_ text: String, _ target: String, with replacement: String) throws -> String {
        let parts = text.components(separatedBy: target)
        try #require(parts.count == 2, "'\(target)' occurs \(parts.count - 1) times")
        return parts.joined(separator: replacement)
    }

    static func diffFiles(_ old: String, _ new: String, in directory: TemporaryDirectory, _ extra: [String] = []) throws -> CLI.Result {
        let a = try directory.write("old.md", old), b = try directory.write("new.md", new)
        return try CLI.conduct(["diff", "--files", a, b] + extra)
    }

    @Test func aJapaneseOneWordChangeIsAOneWordRedline() throws {
        let directory = try TemporaryDirectory()
        let old = try Self.fixture("covenant-2.1.ja.md")
        let new = try Self.replacing(old, "ハラスメントのない体験", with: "嫌がらせのない体験")
        let result = try Self.diffFiles(old, new, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 clause changed (1 substantive, 0 editorial)"), "\(result.stdout)")
        #expect(result.stdout.contains("コミュニティへの参加を[-ハラスメント-]{+嫌がらせ+}のない体験にすることを誓います。"), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "[-").count == 2 && result.stdout.components(separatedBy: "{+").count == 2)
        // Counted per character: six deleted, four inserted.
        let stat = try Self.diffFiles(old, new, in: directory, ["--stat"])
        #expect(stat.stdout.contains("4 words inserted, 6 deleted"), "\(stat.stdout)")
    }

    @Test func aChineseOneWordChangeIsAOneWordRedline() throws {
        let directory = try TemporaryDirectory()
        let old = try Self.fixture("covenant-2.1.zh-cn.md")
        let new = try Self.replacing(old, "使社区参与者不受骚扰", with: "使社区参与者不受歧视")
        let result = try Self.diffFiles(old, new, in: directory)
        #expect(result.stdout.contains("我们承诺使社区参与者不受[-骚扰-]{+歧视+}，无论其年龄"), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "[-").count == 2)
    }

    @Test func aThaiOneWordChangeIsAOneWordRedline() throws {
        let directory = try TemporaryDirectory()
        let old = "# หลักปฏิบัติของชุมชน\n\n## การรายงาน\n\nทุกการร้องเรียนจะได้รับการตรวจสอบอย่างรวดเร็วและเป็นธรรม\n"
        let new = try Self.replacing(old, "รวดเร็ว", with: "รอบคอบ")
        let result = try Self.diffFiles(old, new, in: directory)
        #expect(result.stdout.contains("(1 substantive, 0 editorial)"), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "[-").count == 2 && result.stdout.components(separatedBy: "{+").count == 2,
                "\(result.stdout)")
        #expect(result.stdout.contains("ทุกการร้องเรียนจะได้รับการตรวจสอบอย่าง"), "\(result.stdout)")
    }

    @Test func aReflowedJapaneseOrChineseParagraphIsEditorial() throws {
        let directory = try TemporaryDirectory()
        for (name, breaks) in [("covenant-2.1.ja.md", ["コミュニティへの参加を", "健全なコミュニティに"]),
                               ("covenant-2.1.zh-cn.md", ["不受骚扰，", "建立开放、"])] {
            let old = try Self.fixture(name)
            var new = old
            for text in breaks { new = try Self.replacing(new, text, with: text + "\n") }
            let result = try Self.diffFiles(old, new, in: directory)
            #expect(result.stdout.contains("1 clause changed (0 substantive, 1 editorial)"), "\(name): \(result.stdout)")
            #expect(!result.stdout.contains("[-") && !result.stdout.contains("{+"), "\(name): \(result.stdout)")
            // A space a reader sees is a change.
            let spaced = try Self.replacing(old, breaks[0], with: breaks[0] + " ")
            let visible = try Self.diffFiles(old, spaced, in: directory)
            #expect(visible.stdout.contains("(1 substantive, 0 editorial)"), "\(name): \(visible.stdout)")
        }
    }

    @Test func directionalMarksRemovedAreEditorialAndNamed() throws {
        let directory = try TemporaryDirectory()
        let old = "# قواعد السلوك\n\n## النطاق {#scope}\n\nتنطبق هذه القواعد على \u{200F}جميع\u{200F} مساحات المجتمع \u{2067}GitHub\u{2069}.\n"
        let new = "# قواعد السلوك\n\n## النطاق {#scope}\n\nتنطبق هذه القواعد على جميع مساحات المجتمع GitHub.\n"
        let result = try Self.diffFiles(old, new, in: directory)
        #expect(result.stdout.contains("1 clause changed (0 substantive, 1 editorial)"), "\(result.stdout)")
        #expect(result.stdout.contains("<U+200F>") && result.stdout.contains("<U+2067>"), "\(result.stdout)")
        // With another word changed the clause is substantive, but the marks alone are not shown as a change of words.
        let reworded = try Self.replacing(new, "جميع", with: "بعض")
        let json = try Self.diffFiles(old, reworded, in: directory, ["--format", "json"])
        #expect(json.stdout.contains("\"substantive\""), "\(json.stdout)")
        #expect(try CLI.validate(json.stdout, schema: "diff").status == 0)
    }

    /// A store of the Japanese text: a comment on a clause stays with it when the next text,
    /// without ids, renames the clause and rewrites one of its sentences.
    @Test func aJapaneseClauseKeepsItsIDAndCommentThroughHeadingAndSentence() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        let text = try Self.fixture("covenant-2.1.ja.md")
        let first = try directory.write("v1.md", text)
        let created = try CLI.conduct(["init", store, "--from", first])
        #expect(created.status == 0, "\(created.stderr)")
        let outline = try CLI.conduct(["outline", "--store", store])
        #expect(outline.stdout.contains("私たちの約束  {#私たちの約束}"), "\(outline.stdout)")
        #expect(outline.stdout.contains("執行責任  {#執行責任}") && !outline.stdout.contains("{#clause"), "\(outline.stdout)")
        let comment = try CLI.conduct(["comment", "v1.0", "--store", store, "--clause", "私たちの約束", "--message", "良い約束です"])
        #expect(comment.status == 0, "\(comment.stderr)")

        var next = try Self.replacing(text, "## 私たちの約束", with: "## 私たちの誓い")
        next = try Self.replacing(next, "私たちは、オープンで親しみやすく、多様で包括的で健全なコミュニティに貢献する方法で行動し、交流することを誓います。",
                                  with: "私たちは、誰もが安心して参加できるコミュニティを築くために行動します。")
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", try directory.write("v2.md", next)])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("{#私たちの約束}  (similar text before)"), "\(adopted.stdout)")
        let after = try CLI.conduct(["outline", "--store", store])
        #expect(after.stdout.contains("私たちの誓い  {#私たちの約束}"), "\(after.stdout)")
        let comments = try CLI.conduct(["comments", "--store", store])
        #expect(comments.stdout.contains("{#私たちの約束}  open  [outdated at v1.1]"), "\(comments.stdout)")
        let diff = try CLI.conduct(["diff", "v1.0", "v1.1", "--store", store, "--stat"])
        #expect(diff.stdout.contains("私たちの約束") && diff.stdout.contains("renamed, reworded"), "\(diff.stdout)")
        #expect(!diff.stdout.contains("added") && !diff.stdout.contains("removed"), "\(diff.stdout)")
        // Ids in any script fit the JSON outputs' schemas.
        for (command, schema) in [(["log"], "log"), (["diff", "v1.0", "v1.1"], "diff"), (["outline"], "outline")] {
            let json = try CLI.conduct(command + ["--store", store, "--format", "json"])
            let valid = try CLI.validate(json.stdout, schema: schema)
            #expect(json.stdout.contains("私たちの約束") && valid.status == 0, "\(schema): \(valid.stdout)\(valid.stderr)")
        }
    }

    @Test func aChineseClauseKeepsItsIDThroughHeadingAndSentence() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        let text = try Self.fixture("covenant-2.1.zh-cn.md")
        #expect(try CLI.conduct(["init", store, "--from", try directory.write("v1.md", text)]).status == 0)
        var next = try Self.replacing(text, "## 我们的承诺", with: "## 我们的誓言")
        next = try Self.replacing(next, "我们承诺以有助于建立开放、友善、多样化、包容、健康社区的方式行事和互动。", with: "我们将共同维护一个安全的社区。")
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", try directory.write("v2.md", next)])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        let outline = try CLI.conduct(["outline", "--store", store])
        #expect(outline.stdout.contains("我们的誓言  {#我们的承诺}"), "\(outline.stdout)")
        #expect(outline.stdout.contains("我们的准则  {#我们的准则}"), "\(outline.stdout)")
    }

    @Test func headingsInEveryScriptGetReadableIDsAndPages() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        let text = """
            # Code of conduct

            ## 行動規範

            日本語の本文。

            ## 行为准则

            中文的正文。

            ## قواعد السلوك

            نص عربي.

            ## आचार संहिता

            हिंदी पाठ।

            ## [CNCF](https://www.cncf.io/)イベント

            イベントでの行動。

            ## The *pledge* \\[draft\\]

            Text.

            ## Our pledge {#Our-Pledge}

            Pandoc's id, with capitals.

            ## Index

            A clause named as a page of the site. See [the Japanese](#%E8%A1%8C%E5%8B%95%E8%A6%8F%E7%AF%84) and [the Chinese](#行为准则).

            """
        let created = try CLI.conduct(["init", store, "--from", try directory.write("v1.md", text)])
        #expect(created.status == 0, "\(created.stderr)")
        let outline = try CLI.conduct(["outline", "--store", store])
        for line in ["行動規範  {#行動規範}", "行为准则  {#行为准则}", "قواعد السلوك  {#قواعد-السلوك}", "आचार संहिता  {#आचार-संहिता}",
                     "CNCFイベント  {#cncfイベント}", "The pledge [draft]  {#the-pledge-draft}", "Our pledge  {#Our-Pledge}", "Index  {#index}"] {
            #expect(outline.stdout.contains(line), "\(line) in \(outline.stdout)")
        }
        #expect(!outline.stdout.contains("\\") && !outline.stdout.contains("](") && !outline.stdout.contains("*"), "\(outline.stdout)")
        let json = try CLI.conduct(["outline", "--store", store, "--format", "json"])
        let valid = try CLI.validate(json.stdout, schema: "outline")
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")

        // The ids work where a user names them, and on the site each has its page.
        let shown = try CLI.conduct(["show", "--store", store, "--clause", "قواعد-السلوك"])
        #expect(shown.status == 0 && shown.stdout.contains("نص عربي."), "\(shown.stdout)\(shown.stderr)")
        let comment = try CLI.conduct(["comment", "v1.0", "--store", store, "--clause", "Our-Pledge", "--message", "ok"])
        #expect(comment.status == 0, "\(comment.stderr)")
        let site = directory.path("site")
        let published = try CLI.conduct(["publish", "--store", store, "--out", site, "--date", "2025-06-01"])
        #expect(published.status == 0, "\(published.stderr)")
        for page in ["行動規範", "行为准则", "قواعد-السلوك", "आचार-संहिता", "cncfイベント", "Our-Pledge", "index~clause"] {
            #expect(FileManager.default.fileExists(atPath: site + "/clauses/\(page).html"), "clauses/\(page).html")
        }
        let index = try String(contentsOfFile: site + "/clauses/index.html", encoding: .utf8)
        #expect(index.contains("href=\"%E8%A1%8C%E5%8B%95%E8%A6%8F%E7%AF%84.html\""), "\(index)")
        #expect(index.contains("<h1>Clauses</h1>"))
        let front = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(front.contains("<a href=\"#%E8%A1%8C%E5%8B%95%E8%A6%8F%E7%AF%84\">the Japanese</a>"), "\(front)")
        #expect(front.contains("<a href=\"#%E8%A1%8C%E4%B8%BA%E5%87%86%E5%88%99\">the Chinese</a>"), "\(front)")
        let page = try String(contentsOfFile: site + "/clauses/行動規範.html", encoding: .utf8)
        #expect(page.contains("href=\"../index.html#%E8%A1%8C%E5%8B%95%E8%A6%8F%E7%AF%84\""), "\(page)")
        let links = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/check-links").path, site])
        #expect(links.status == 0 && links.stdout.contains(" 0 broken"), "\(links.stdout)\(links.stderr)")
        // Links to ids in any script are well-formed URLs: tidy finds nothing to escape.
        try PublishTests.expectTidy(site)
    }

    @Test func idsThatAreNotSafeAreRefusedWithTheirRule() throws {
        let directory = try TemporaryDirectory()
        for id in ["a/b", "..", "a b", "a,b"] {
            let file = try directory.write("bad.md", "# T\n\n## A {#\(id)}\n\nText.\n")
            let result = try CLI.conduct(["init", directory.path("store"), "--from", file])
            #expect(result.status == 2, "\(id): \(result.stdout)")
            #expect(result.stderr.contains("ids are letters, digits, marks"), "\(id): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("store/HEAD")))
        }
    }

    /// 10,000 clauses of one heading without ids: init mints them, adopt matches them, each in
    /// a few seconds (the quadratic searches took 20 s and 63 s in a debug build).
    @Test func tenThousandClausesWithoutIDsAdoptInSeconds() throws {
        let directory = try TemporaryDirectory()
        func text(_ variant: Int) -> String {
            var lines = ["# A long code", ""]
            for index in 0..<10_000 {
                lines.append("## Scope")
                lines.append("")
                let changed = variant > 0 && index % 10 == 0 ? "must" : "should"
                lines.append("Clause \(index) says what members \(changed) do in the spaces of the project, number \(index * 7).")
                lines.append("")
            }
            return lines.joined(separator: "\n")
        }
        let store = directory.path("store")
        let start = Date()
        let created = try CLI.conduct(["init", store, "--from", try directory.write("v1.md", text(0))])
        let initSeconds = Date().timeIntervalSince(start)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("10000 clauses"), "\(created.stdout)")
        #expect(initSeconds < 20, "init took \(initSeconds) s")
        let middle = Date()
        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", try directory.write("v2.md", text(1))])
        let adoptSeconds = Date().timeIntervalSince(middle)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adoptSeconds < 20, "adopt took \(adoptSeconds) s")
        let outline = try CLI.conduct(["outline", "--store", store])
        #expect(outline.stdout.hasSuffix("Scope  {#scope-10000}\n") && !outline.stdout.contains("{#scope-10001}"),
                "\(outline.stdout.suffix(500))")
        #expect(!adopted.stdout.contains("(new)"), "\(adopted.stdout.prefix(500))")
    }
}

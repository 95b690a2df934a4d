import PropertyBased
import Testing
@testable import ConductKit

/// Scripts without spaces, readable ids in every script, and characters that render as nothing.
@Suite("Scripts")
struct ScriptTests {
    static let pieces = ["行動規範", "を", "守る", "数据", "。", "、", "「", "」", "한국어", "สวัสดี", "ครับ", "กำ", "น้ำ",
                         "مرحبا", "आचार", "संहिता", "the", "don't", "3.5", "👩‍💻", "🇯🇵", "e\u{301}", " ", "  ", "\n",
                         "\u{200B}", "\u{200F}", "\u{202B}", "\u{2066}", "\u{00AD}", "\u{FEFF}", "\u{200D}", "ー", "ｶﾞ", "か\u{3099}"]

    static func text(_ seed: UInt64, pieces count: ClosedRange<Int>) -> String {
        var generator = DocumentGenerator(seed: seed)
        return (0..<generator.count(count)).map { _ in generator.pick(pieces) }.joined()
    }

    @Test func tokensJoinBackIntoTheText() async {
        await propertyCheck(count: 500, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let text = Self.text(seed, pieces: 0...40)
            let tokens = WordDiff.tokenize(text)
            #expect(tokens.joined() == text, "seed \(seed)")
            #expect(tokens.allSatisfy { !$0.isEmpty }, "seed \(seed)")
            // Never inside a grapheme cluster: every token is whole characters of the text.
            #expect(tokens.map { $0.count }.reduce(0, +) == text.count, "seed \(seed)")
        }
    }

    @Test func mixedScriptDiffsRebuildBothTexts() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            let old = Self.text(s1, pieces: 0...30), new = Self.text(s2, pieces: 0...30)
            guard let edits = WordDiff.diff(old, new) else { Issue.record("no diff"); return }
            #expect(edits.filter { $0.operation != .insert }.map(\.text).joined() == old)
            #expect(edits.filter { $0.operation != .delete }.map(\.text).joined() == new)
        }
    }

    @Test func typographicSpacingFoldsAway() {
        // A space between CJK and another script, and French spacing before punctuation.
        #expect(Fingerprint.fold("使用 GitHub 的项目") == Fingerprint.fold("使用GitHub的项目"))
        #expect(Fingerprint.fold("评论 (comments)、提交 (commits)") == Fingerprint.fold("评论(comments)、提交(commits)"))
        #expect(Fingerprint.fold("Sont considérés comme inacceptables : l'intimidation ; le harcèlement !")
                == Fingerprint.fold("Sont considérés comme inacceptables: l'intimidation; le harcèlement!"))
        // A space a reader reads as a word break, or inside code, still counts.
        #expect(Fingerprint.fold("we pledge") != Fingerprint.fold("wepledge"))
        #expect(Fingerprint.fold("私たち は") != Fingerprint.fold("私たちは"))
        #expect(Fingerprint.fold("run `a :b` now") != Fingerprint.fold("run `a:b` now"))
        // A line break kept as structure (between list items) is never folded away.
        #expect(Fingerprint.fold("- 甲\n- 乙", lines: true) != Fingerprint.fold("- 甲 - 乙", lines: true))
    }

    @Test func spacelessScriptsAreCutPerCharacter() {
        #expect(WordDiff.tokenize("行動規範を守る").map(String.init) == ["行", "動", "規", "範", "を", "守", "る"])
        #expect(WordDiff.tokenize("数据。数据").map(String.init) == ["数", "据", "。", "数", "据"])
        // Thai vowel and tone marks stay with their consonant.
        let thai = WordDiff.tokenize("น้ำใจ")
        #expect(thai.joined() == "น้ำใจ")
        #expect(thai.allSatisfy { token in token.unicodeScalars.first.map { !Script.isMark($0) } ?? false })
        #expect(thai.count == 3)
        // Latin words stay whole beside them.
        #expect(WordDiff.tokenize("CNCFイベント").map(String.init) == ["CNCF", "イ", "ベ", "ン", "ト"])
    }

    @Test func aJapaneseOneWordChangeIsOneRedline() throws {
        let old = "コミュニティへの参加をハラスメントのない体験にすることを誓います。"
        let new = "コミュニティへの参加を嫌がらせのない体験にすることを誓います。"
        let edits = try #require(WordDiff.diff(old, new))
        #expect(edits.filter { $0.operation == .delete }.map(\.text) == ["ハラスメント"])
        #expect(edits.filter { $0.operation == .insert }.map(\.text) == ["嫌がらせ"])
        // The common ends are trimmed inside the sentence, not only at spaces.
        let (prefix, _, _, suffix) = WordDiff.trimCommonEnds(old, new)
        #expect(prefix == "コミュニティへの参加を")
        #expect(suffix == "のない体験にすることを誓います。")
    }

    @Test func aThaiOneWordChangeIsOneRedline() throws {
        let old = "ทุกการร้องเรียนจะได้รับการตรวจสอบอย่างรวดเร็วและเป็นธรรม"
        let new = "ทุกการร้องเรียนจะได้รับการตรวจสอบอย่างรอบคอบและเป็นธรรม"
        let edits = try #require(WordDiff.diff(old, new))
        #expect(edits.filter { $0.operation != .equal }.count == 2)
        #expect(edits.first?.text.hasPrefix("ทุกการร้องเรียน") == true && edits.last?.text.hasSuffix("และเป็นธรรม") == true)
    }

    @Test func wordsOfScriptsWithoutSpacesAreCountedPerCharacter() {
        #expect(WordDiff.wordCount("嫌がらせ") == 4)
        #expect(WordDiff.wordCount("the CNCFイベント, now") == 7)
        #expect(WordDiff.wordCount("naïve 3.5") == 3)
    }

    @Test func aLineBreakBetweenWideCharactersFoldsToNothing() {
        #expect(Fingerprint.fold("参加を\nハラスメント") == Fingerprint.fold("参加をハラスメント"))
        #expect(Fingerprint.fold("参加を \n 「約束」") == Fingerprint.fold("参加を「約束」"))
        #expect(Fingerprint.fold("参加を\r\nハラスメント") == Fingerprint.fold("参加をハラスメント"))
        // A blank line parts paragraphs (inside a list item, say): that stays a space.
        #expect(Fingerprint.fold("参加を\n\nハラスメント") != Fingerprint.fold("参加をハラスメント"))
        // A space a reader sees between two wide characters stays; Hangul keeps the space a line
        // break stands for. Between Latin and CJK, space is typography (see typographicSpacingFoldsAway).
        #expect(Fingerprint.fold("参加を ハラスメント") != Fingerprint.fold("参加をハラスメント"))
        #expect(Fingerprint.fold("한국어\n문서") == "한국어 문서")
        #expect(Fingerprint.fold("data\n数据") == Fingerprint.fold("data 数据"))
    }

    @Test func theCanonicalSoftBreakBetweenWideCharactersIsNothing() throws {
        let reflowed = try Document.parse(text: "# T\n\n## A {#a}\n\n私たちは、\n誓います。\nWe\npledge.\n")
        let plain = try Document.parse(text: "# T\n\n## A {#a}\n\n私たちは、誓います。 We pledge.\n")
        #expect(reflowed.canonicalText.contains("私たちは、誓います。 We pledge."))
        #expect(reflowed.clauses[0].fingerprint == plain.clauses[0].fingerprint)
    }

    @Test func invisibleCharactersAreEditorial() throws {
        let marks = ["\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}",
                     "\u{2067}", "\u{2068}", "\u{2069}", "\u{200B}", "\u{00AD}", "\u{2060}", "\u{FEFF}", "\u{061C}"]
        for mark in marks {
            #expect(Fingerprint.fold("قواعد \(mark)السلوك") == Fingerprint.fold("قواعد السلوك"), "\(mark.unicodeScalars.first!.value)")
        }
        let edits = try #require(WordDiff.diff("Report to \u{200F}the team.", "Report to the team."))
        #expect(WordDiff.invisibleChanges(edits).enumerated().allSatisfy { index, mark in mark == (edits[index].operation != .equal) })
        // A visible change beside it is not hidden.
        let mixed = try #require(WordDiff.diff("Report to \u{200F}the team.", "Report to a team."))
        #expect(!WordDiff.invisibleChanges(mixed).contains(true))
    }

    @Test func slugsKeepEveryScriptReadable() {
        #expect(HeadingText.slug("私たちの約束") == "私たちの約束")
        #expect(HeadingText.slug("CNCFイベント") == "cncfイベント")
        #expect(HeadingText.slug("我们的承诺") == "我们的承诺")
        #expect(HeadingText.slug("قواعد السلوك") == "قواعد-السلوك")
        #expect(HeadingText.slug("आचार संहिता") == "आचार-संहिता")
        #expect(HeadingText.slug("Кодекс поведения") == "кодекс-поведения")
        #expect(HeadingText.slug("Über uns: Straße & Café") == "uber-uns-strasse-cafe")
        #expect(HeadingText.slug("Don't \u{200F}panic") == "dont-panic")
        for heading in ["私たちの約束", "CNCFイベント", "قواعد السلوك", "आचार संहिता", String(repeating: "約", count: 90)] {
            #expect(HeadingText.isValidID(HeadingText.slug(heading)), "\(heading)")
        }
    }

    @Test func idsGivenByHandMayHoldCapitalsAndAnyScript() {
        for id in ["Our-Pledge", "our_pledge", "v2.1", "行動規範", "आचार-संहिता", "a"] {
            #expect(HeadingText.isValidID(id), "\(id)")
        }
        for id in ["", "a/b", "a..b", "../x", ".a", "-a", "_a", "a.", "a b", "a,b", "a:b", "a=b", "a\u{0}b", "a\u{200F}b",
                   "a\tb", "a\\b", "a#b", "a~b", String(repeating: "a", count: HeadingText.maximumIDBytes + 1)] {
            #expect(!HeadingText.isValidID(id), "\(id)")
        }
    }

    @Test func headingsAreReadAsTheirVisibleText() throws {
        let document = try Document.parse(text: """
            # T

            ## [CNCF](https://www.cncf.io/)イベント

            ## *Our* **pledge** \\*now\\*

            ## 1. `snake_case` and <b>bold</b>

            ## Pledge {#Our-Pledge}
            """)
        #expect(document.clauses.map(\.heading.plainText) == ["CNCFイベント", "Our pledge *now*", "snake_case and bold", "Pledge"])
        let (assigned, _) = try document.assigningIDs(base: nil)
        #expect(assigned.clauses.map(\.id) == ["cncfイベント", "our-pledge-now", "snake-case-and-bold", "Our-Pledge"])
    }

    @Test func aHeadingWithoutLettersIsNamedByItsNumber() throws {
        let document = try Document.parse(text: "# T\n\n## 1. —\n\n## 🎉\n")
        let (assigned, _) = try document.assigningIDs(base: nil)
        #expect(assigned.clauses.map(\.id) == ["1", "clause"])
    }

    @Test func manyClausesOfOneNameGetNumbersWithoutSearching() throws {
        let text = "# T\n\n" + (1...3_000).map { _ in "## Scope\n\nText.\n" }.joined(separator: "\n")
        let (document, _) = try Document.parse(text: text).assigningIDs(base: nil)
        #expect(document.clauses.first?.id == "scope")
        #expect(document.clauses[1].id == "scope-2")
        #expect(document.clauses.last?.id == "scope-3000")
    }

    @Test func aRewordedJapaneseParagraphIsPairedWithItsOldSelf() throws {
        let old = try Document.parse(text: """
            # 行動規範

            ## 執行 {#執行}

            虐待的、嫌がらせ、またはその他の許容できない行動の事例は、執行を担当するコミュニティリーダーに報告される場合があります。

            すべてのコミュニティリーダーは、問題の報告者のプライバシーとセキュリティを尊重する義務があります。
            """)
        let new = try Document.parse(text: """
            # 行動規範

            ## 執行 {#執行}

            虐待的、嫌がらせ、またはその他の許容できない行動の事例は、執行を担当するリーダーにメールで報告できます。

            すべての苦情は迅速かつ公正にレビューおよび調査されます。

            すべてのコミュニティリーダーは、問題の報告者のプライバシーとセキュリティを尊重する義務があります。
            """)
        let blocks = try #require(Differ().diff(old, new).changed.first).blocks
        #expect(blocks.map(\.operation) == [.changed, .inserted, .equal])
    }

    @Test func aJapaneseClauseKeepsItsIDWhenItsHeadingAndASentenceChange() throws {
        let base = try Document.parse(text: """
            # 行動規範

            ## 私たちの約束 {#約束}

            メンバー、コントリビューター、およびリーダーとして、コミュニティへの参加をハラスメントのない体験にすることを誓います。

            私たちは、オープンで親しみやすく、多様で包括的で健全なコミュニティに貢献する方法で行動し、交流することを誓います。

            ## 適用範囲 {#適用範囲}

            この行動規範は、すべてのコミュニティスペース内で適用されます。
            """)
        let edited = try Document.parse(text: """
            # 行動規範

            ## 私たちの誓い

            メンバー、コントリビューター、およびリーダーとして、コミュニティへの参加をハラスメントのない体験にすることを誓います。

            私たちは、誰もが安心して参加できるコミュニティを築くために行動します。

            ## 適用範囲

            この行動規範は、すべてのコミュニティスペース内で適用されます。
            """)
        let (document, assignments) = try edited.assigningIDs(base: base)
        #expect(document.clauses.map(\.id) == ["約束", "適用範囲"])
        #expect(assignments.map(\.source) == [.similar, .heading])
    }
}

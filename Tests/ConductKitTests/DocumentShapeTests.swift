import PropertyBased
import Testing
@testable import ConductKit

/// Real files as projects write them: no `# Title`, a preamble of any blocks, front matter,
/// HTML wrappers, a byte order mark, CRLF line endings.
@Suite("Document shapes")
struct DocumentShapeTests {
    @Test func aFirstHeadingBelowLevelOneIsAClause() throws {
        let document = try Document.parse(text: "## Our Pledge\n\nWe pledge.\n\n## Scope\n\nAll spaces.\n")
        #expect(document.titleHeading == nil)
        #expect(document.clauses.map(\.heading.text) == ["Our Pledge", "Scope"])
        #expect(document.clauses[0].lines == 1...3)
        #expect(document.title == "Our Pledge")
        #expect(document.title(orName: "CODE_OF_CONDUCT.md") == "Our Pledge")
        #expect(document.preamble.isEmpty)
    }

    @Test func aPreambleOfAnyBlocksComesBeforeTheFirstClause() throws {
        let text = "**Be excellent to each other.**\n\n<p align=\"center\">A banner</p>\n\nSome words.\n\n## Scope\n\nAll.\n"
        let document = try Document.parse(text: text)
        #expect(document.preamble.count == 3)
        #expect(document.clauses.map(\.heading.text) == ["Scope"])
        #expect(document.titleHeading == nil)
        #expect(document.preambleText == "**Be excellent to each other.**\n\n<p align=\"center\">A banner</p>\n\nSome words.")
        let canonical = document.canonicalText
        #expect(try Document.parse(text: canonical).canonicalText == canonical)
        #expect(!canonical.hasPrefix("#"))
    }

    @Test func theTitleIsTheOnlyLevelOneHeadingBeforeEveryOther() throws {
        let titled = try Document.parse(text: "<div align=\"center\">\n\n# Code of Conduct\n\nIntro.\n\n## Scope\n\nAll.\n")
        #expect(titled.titleHeading == "Code of Conduct")
        #expect(titled.clauses.map(\.heading.text) == ["Scope"])
        #expect(titled.preamble.count == 2)
        // The title keeps its place among the preamble's blocks.
        #expect(titled.canonicalText.hasPrefix("<div align=\"center\">\n\n# Code of Conduct\n\nIntro."))

        // Several level-1 headings are sections to a reader: every one is a clause.
        let sections = try Document.parse(text: "# Pledge\n\nWe pledge.\n\n# Scope\n\nAll.\n\n## Online\n\nToo.\n")
        #expect(sections.titleHeading == nil)
        #expect(sections.clauses.map(\.heading.text) == ["Pledge", "Scope", "Online"])
        #expect(sections.clauses[2].parent == 1)
        #expect(sections.title == "Pledge")

        // A level-1 heading after a level-2 one is a section too.
        let late = try Document.parse(text: "## Pledge\n\nWe pledge.\n\n# Scope\n\nAll.\n")
        #expect(late.titleHeading == nil)
        #expect(late.clauses.count == 2)
    }

    @Test func aTextWithoutHeadingsIsOnePreamble() throws {
        let document = try Document.parse(text: "Be nice.\n\nBe kind.\n")
        #expect(document.clauses.isEmpty)
        #expect(document.preamble.count == 2)
        #expect(document.title == "")
        #expect(document.title(orName: "CODE_OF_CONDUCT.md") == "CODE_OF_CONDUCT.md")
        #expect(try document.assigningIDs(base: nil).document.text == document.text)
        let changed = try Document.parse(text: "Be nice.\n\nBe very kind.\n")
        let diff = Differ().diff(document, changed)
        #expect(diff.changed.map(\.id) == [Document.preambleKey])
        #expect(diff.significance == .substantive)
        #expect(try Document.parse(text: "").clauses.isEmpty)
    }

    @Test func yamlFrontMatterIsItsOwnPart() throws {
        let text = "---\ntitle: \"Contributor Covenant\"\nlang: en   # a comment\nauthors:\n  - Ada\n  - Grace\n---\n\n## Scope\n\nAll.\n"
        let document = try Document.parse(text: text)
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.format == .yaml)
        #expect(frontMatter.lineCount == 7)
        #expect(frontMatter.entries.map(\.key) == ["title", "lang", "authors"])
        #expect(frontMatter["title"] == "Contributor Covenant")
        #expect(frontMatter["lang"] == "en")
        #expect(document.title == "Contributor Covenant")
        #expect(document.preamble.isEmpty)
        // Line numbers are the file's.
        #expect(document.clauses.map(\.lines) == [9...11])
        #expect(document.digests.map(\.key) == [Document.frontMatterKey, Document.preambleKey, "" ])
        #expect(document.canonicalText.hasPrefix("---\ntitle: \"Contributor Covenant\"\n"))
        #expect(try Document.parse(text: document.canonicalText).frontMatter?.fingerprint == frontMatter.fingerprint)
    }

    @Test func tomlFrontMatterIsItsOwnPart() throws {
        let text = "+++\ntitle = \"Code of Conduct\"\nweight = 10\naliases = [\n  \"/coc\",\n  \"/conduct\",\n]\n\n[params]\nlang = 'ar'\n+++\n\n# Code\n"
        let document = try Document.parse(text: text)
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.format == .toml)
        #expect(frontMatter.entries.map(\.key) == ["title", "weight", "aliases", "params.lang"])
        #expect(frontMatter["aliases"] == "[\"/coc\",\"/conduct\",]")
        #expect(frontMatter["params.lang"] == "ar")
        #expect(document.titleHeading == "Code")
    }

    @Test(arguments: [
        ("title: Code\nlang: en\n", "lang: en\ntitle: Code\n", true),
        ("title: Code\n", "title: \"Code\"\n", true),
        ("title: Code\n", "title:   'Code'  # the name\n", true),
        ("tags: [a, b]\n", "tags: [ a,  b ]\n", true),
        ("title: Code\n", "title: Codes\n", false),
        ("title: Code\n", "title: Code\nlang: en\n", false),
        ("title: Code\nlang: en\n", "title: Code\n", false),
        ("authors:\n  - Ada\n", "authors:\n  - Grace\n", false),
    ])
    func frontMatterFingerprintsSeeValuesNotSpelling(old: String, new: String, editorial: Bool) throws {
        let a = try #require(try Document.parse(text: "---\n\(old)---\n\n## A\n").frontMatter)
        let b = try #require(try Document.parse(text: "---\n\(new)---\n\n## A\n").frontMatter)
        #expect((a.fingerprint == b.fingerprint) == editorial)
        let diff = Differ().diff(try Document.parse(text: "---\n\(old)---\n"), try Document.parse(text: "---\n\(new)---\n"))
        let entry = try #require(diff.changed.first)
        #expect(entry.id == Document.frontMatterKey)
        #expect(entry.significance == (editorial ? .editorial : .substantive))
        #expect(diff.summary.substantive == 0 && diff.summary.editorial == 0, "parts are not counted as clauses")
    }

    @Test func frontMatterIsDiffedKeyByKey() throws {
        let old = try Document.parse(text: "---\ntitle: Code\nversion: 1\nlang: en\n---\n\nText.\n")
        let new = try Document.parse(text: "---\nlang: en\ntitle: \"Code\"\nversion: 2\nowner: team\n---\n\nText.\n")
        let entry = try #require(Differ().diff(old, new).changed.first)
        #expect(entry.significance == .substantive)
        let blocks = entry.blocks.map { ($0.operation, $0.significance, $0.new ?? $0.old ?? "") }
        #expect(blocks.map(\.0) == [.equal, .changed, .changed, .inserted])
        #expect(blocks.map(\.1) == [.none, .editorial, .substantive, .substantive])
        #expect(blocks.map(\.2) == ["lang: en", "title: \"Code\"", "version: 2", "owner: team"])
        // Added and removed as a whole.
        let added = try #require(Differ().diff(try Document.parse(text: "Text.\n"), new).changed.first)
        #expect(added.status == .added && added.id == Document.frontMatterKey)
        let removed = try #require(Differ().diff(new, try Document.parse(text: "Text.\n")).changed.first)
        #expect(removed.status == .removed && removed.significance == .substantive)
    }

    @Test(arguments: [
        "---\n\nSome text.\n\n---\n\n## A\n",   // thematic breaks around a paragraph
        "---\ntitle: never closed\n\n## A\n",
        "--- \n- a list\n---\n",
        "Text\n---\ntitle: x\n---\n",            // not at the very start
    ])
    func whatIsNotFrontMatterStaysMarkdown(text: String) throws {
        #expect(try Document.parse(text: text).frontMatter == nil)
    }

    @Test func aByteOrderMarkIsKeptAndIgnored() throws {
        let plain = "# Code\n\n## Scope\n\nAll.\n"
        let marked = try Document.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(plain.utf8))
        let unmarked = try Document.parse(text: plain)
        #expect(marked.titleHeading == "Code")
        #expect(marked.clauses.map(\.fingerprint) == unmarked.clauses.map(\.fingerprint))
        #expect(marked.preambleFingerprint == unmarked.preambleFingerprint)
        #expect(Array(marked.text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // A heading on the first line after the mark gets its id on that line.
        let first = try Document.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("## Scope ##\n\nAll.\n".utf8)).assigningIDs(base: nil).document
        #expect(Array(first.text.utf8) == [0xEF, 0xBB, 0xBF] + Array("## Scope {#scope}\n\nAll.\n".utf8))
        let front = try Document.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("---\ntitle: x\n---\n\n## A\n".utf8))
        #expect(front.frontMatter?["title"] == "x")
    }

    @Test func crlfLineEndingsStayOnEveryLine() throws {
        let lf = "# Code\n\n## Our Pledge\n\nWe pledge.\n\nScope\n-----\n\nAll.\n"
        let crlf = lf.replacing("\n", with: "\r\n")
        let assigned = try Document.parse(text: crlf).assigningIDs(base: nil).document
        #expect(assigned.text == "# Code\r\n\r\n## Our Pledge {#our-pledge}\r\n\r\nWe pledge.\r\n\r\nScope {#scope}\r\n-----\r\n\r\nAll.\r\n")
        let plain = try Document.parse(text: lf).assigningIDs(base: nil).document
        #expect(assigned.clauses.map(\.fingerprint) == plain.clauses.map(\.fingerprint))
        #expect(assigned.clauses.map(\.lines) == plain.clauses.map(\.lines))
        // A word changed in a CRLF body is seen (the body is split at "\n" bytes).
        let reworded = try Document.parse(text: assigned.text.replacing("We pledge.", with: "We all pledge."))
        let entry = try #require(Differ().diff(assigned, reworded).changed.first)
        #expect(entry.changes == [.reworded])
        #expect(entry.blocks.contains { $0.operation == .changed })
        // A replaced body takes the document's line endings.
        let replaced = try #require(assigned.replacingBody(ofClause: "our-pledge", with: "We promise.\nTruly.\n"))
        #expect(replaced.contains("{#our-pledge}\r\n\r\nWe promise.\r\nTruly.\r\n\r\nScope {#scope}\r\n"))
        #expect(!replaced.replacing("\r\n", with: "").contains("\n"))
    }

    @Test func aLoneCarriageReturnIsReadAsASpace() throws {
        let document = try Document.parse(text: "# Code\r## Not a heading\r\rText.\n\n## Scope\n\nAll.\n")
        #expect(document.clauses.map(\.heading.text) == ["Scope"])
        #expect(document.clauses[0].lines.lowerBound == 3)
        _ = document.canonicalText
        _ = try document.assigningIDs(base: nil)
    }

    @Test func headingsInsideAnHTMLWrapperStayHeadingsWhenBlankLinesSeparateThem() throws {
        let wrapped = "<div dir=\"rtl\">\n\n# مدونة السلوك\n\n## تعهدنا\n\nنحن نتعهد.\n\n</div>\n"
        let document = try Document.parse(text: wrapped)
        #expect(document.titleHeading == "مدونة السلوك")
        #expect(document.clauses.map(\.heading.text) == ["تعهدنا"])
        #expect(document.preamble == [.html("<div dir=\"rtl\">\n")])
        // Without the blank line the heading is part of the HTML block, as GitHub reads it too.
        let tight = try Document.parse(text: "<div dir=\"rtl\">\n## تعهدنا\n</div>\n")
        #expect(tight.clauses.isEmpty)
    }

    @Test(arguments: [
        ("<div dir=\"rtl\">\n\n## تعهدنا\n\nنحن نتعهد بجعل المشاركة تجربة خالية من التحرش.\n\n</div>\n", "ar", DocumentLanguage.Direction.rtl),
        ("## ההתחייבות שלנו\n\nאנו מתחייבים להפוך את ההשתתפות בקהילה שלנו.\n", "he", .rtl),
        ("## تعهد ما\n\nما متعهد می‌شویم که مشارکت در جامعه ما را تجربه‌ای بدون آزار برای همه بسازیم.\n", "fa", .rtl),
        ("## Our Pledge\n\nWe pledge to make participation a harassment-free experience.\n", "en", .ltr),
        ("## 私たちの誓約\n\n私たちは、コミュニティへの参加を誰にとってもハラスメントのない体験にすることを誓います。\n", "ja", .ltr),
        ("---\nlang: he\n---\n\n## Our Pledge\n\nWe pledge.\n", "he", .rtl),
        ("---\nlang: en\ndir: rtl\n---\n\nText.\n", "en", .rtl),
    ])
    func languageAndDirection(text: String, tag: String, direction: DocumentLanguage.Direction) throws {
        let language = DocumentLanguage.of(try Document.parse(text: text))
        #expect(language.tag == tag)
        #expect(language.direction == direction)
    }

    @Test func directionOfATag() {
        #expect(DocumentLanguage.direction(of: "ar-EG") == .rtl)
        #expect(DocumentLanguage.direction(of: "ku-Arab") == .rtl)
        #expect(DocumentLanguage.direction(of: "az-Latn") == .ltr)
        #expect(DocumentLanguage.direction(of: "de") == .ltr)
        #expect(DocumentLanguage.validTag("fa-IR") == "fa-IR")
        #expect(DocumentLanguage.validTag("\"><script>") == nil)
    }

    @Test func aMergeKeepsFrontMatterFirstAndTheLineEndings() throws {
        let base = try Document.parse(text: "---\r\ntitle: Code\r\n---\r\n\r\n## A {#a}\r\n\r\nOne.\r\n\r\n## B {#b}\r\n\r\nTwo.\r\n")
        let main = try Document.parse(text: base.text.replacing("Two.", with: "Two, amended."))
        let proposal = try Document.parse(text: base.text.replacing("title: Code", with: "title: New"))
        guard case .success(let merged) = ClauseMerge.merge(base: base, main: main, proposal: proposal) else {
            Issue.record("the merge failed")
            return
        }
        #expect(merged == "---\r\ntitle: New\r\n---\r\n\r\n## A {#a}\r\n\r\nOne.\r\n\r\n## B {#b}\r\n\r\nTwo, amended.\r\n")
    }

    /// Line endings, a byte order mark and front matter before a text change no clause: the
    /// same fingerprints, the same ids on the same headings, every line ending kept.
    @Test func lineEndingsMarkAndFrontMatterChangeNoClause() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            var text = generator.document()
            // Without ids, so that assigning them is exercised.
            while let open = text.firstRange(of: " {#c") {
                let close = text[open.upperBound...].firstIndex(of: "}")!
                text.removeSubrange(open.lowerBound...close)
            }
            let frontMatter = generator.chance(50) ? "---\ntitle: Code\nlang: en\n---\n\n" : ""
            let shift = frontMatter.isEmpty ? 0 : 5
            guard let plain = try? Document.parse(text: text).assigningIDs(base: nil).document else {
                Issue.record("seed \(seed) does not parse")
                return
            }
            let crlf = (frontMatter + text).replacing("\n", with: "\r\n")
            let bytes = [0xEF, 0xBB, 0xBF] + Array(crlf.utf8)
            guard let variant = try? Document.parse(bytes: bytes).assigningIDs(base: nil).document else {
                Issue.record("seed \(seed) with CRLF does not parse")
                return
            }
            #expect(variant.clauses.map(\.id) == plain.clauses.map(\.id), "seed \(seed)")
            #expect(variant.clauses.map(\.fingerprint) == plain.clauses.map(\.fingerprint), "seed \(seed)")
            #expect(variant.clauses.map(\.lines.lowerBound) == plain.clauses.map { $0.lines.lowerBound + shift }, "seed \(seed)")
            let expected = [0xEF, 0xBB, 0xBF] + Array((frontMatter + plain.text).replacing("\n", with: "\r\n").utf8)
            #expect(Array(variant.text.utf8) == expected, "seed \(seed)")
        }
    }
}

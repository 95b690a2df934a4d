import Foundation
import Testing
@testable import ConductKit

/// The canonical Markdown means what the original means, on every example of the CommonMark
/// spec, the GitHub Flavored Markdown spec and cmark-gfm's extension tests: cmark-gfm's HTML of
/// an example and of its canonical text are equal up to white space. Where no canonical
/// spelling is faithful the block is kept as written, which the counts show.
@Suite("Spec faithfulness")
struct SpecFaithfulnessTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Spec")

    struct Example {
        var number: Int
        var line: Int
        var markdown: String
    }

    /// The examples of a spec text: the Markdown between an example fence and its `.` line, `→` as a tab.
    static func examples(_ name: String) throws -> [Example] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        var examples: [Example] = []
        var current: [Substring]?
        var start = 0
        let fence = String(repeating: "`", count: 32)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.hasPrefix(fence + " example") {
                current = []
                start = index + 1
            } else if var lines = current {
                if line == "." {
                    let markdown = lines.map { $0 + "\n" }.joined().replacingEvery("→", with: "\t")
                    examples.append(Example(number: examples.count + 1, line: start, markdown: markdown))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            }
        }
        return examples
    }

    /// HTML with white space runs made one space, and none next to a block element's tag.
    static func normalised(_ html: String) -> String {
        var collapsed = ""
        var space = false
        for character in html {
            if character.isWhitespace { space = true; continue }
            if space, !collapsed.isEmpty { collapsed.append(" ") }
            space = false
            collapsed.append(character)
        }
        let blockTags = ["p", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "table",
                         "thead", "tbody", "tr", "th", "td", "section", "div", "br"]
        var out = collapsed
        for tag in blockTags {
            for form in ["<\(tag)>", "<\(tag) ", "</\(tag)>", "<\(tag) />"] {
                out = out.replacingEvery(" " + form, with: form)
            }
            for form in ["<\(tag)>", "</\(tag)>", "<\(tag) />"] {
                out = out.replacingEvery(form + " ", with: form)
            }
        }
        return out
    }

    struct Outcome {
        var examples = 0, faithful = 0, verbatim = 0
        var unfaithful: [String] = []
    }

    static func check(_ name: String) throws -> Outcome {
        var outcome = Outcome()
        for example in try examples(name) {
            outcome.examples += 1
            let blocks = try MarkdownParser.parse(example.markdown).map(\.block)
            let canonical = CanonicalRenderer().render(blocks) + "\n"
            let original = MarkdownParser.html(example.markdown)
            let rendered = MarkdownParser.html(canonical)
            if blocks.contains(where: { if case .verbatim = $0 { true } else { false } }) {
                outcome.verbatim += 1
                if ProcessInfo.processInfo.environment["SPEC_DEBUG"] != nil {
                    let plain = blocks.map { block -> Block in if case .verbatim(_, let inner) = block { inner } else { block } }
                    print("VERBATIM \(name) \(example.number):\n\(example.markdown)--- would be:\n\(CanonicalRenderer().render(plain))\n=====")
                }
            }
            if normalised(original) == normalised(rendered) {
                outcome.faithful += 1
            } else {
                outcome.unfaithful.append("example \(example.number) (line \(example.line)):\n\(example.markdown)--- canonical:\n\(canonical)--- html:\n\(original)--- html of the canonical text:\n\(rendered)")
            }
        }
        return outcome
    }

    @Test(arguments: ["commonmark-spec.txt", "gfm-spec.txt", "cmark-gfm-extensions.txt"])
    func everyExampleKeepsItsMeaning(suite: String) throws {
        let outcome = try Self.check(suite)
        print("\(suite): \(outcome.examples) examples, \(outcome.faithful) faithful (\(outcome.verbatim) with a block kept verbatim), \(outcome.unfaithful.count) unfaithful")
        #expect(outcome.examples > 20)
        #expect(outcome.unfaithful.isEmpty, "\(outcome.unfaithful.prefix(5).joined(separator: "\n=====\n"))")
    }

    /// The check that keeps a block verbatim is what makes these faithful: no spelling of the
    /// canonical renderer writes this autolink (its `<` would need an escape, which ends the link).
    @Test func aBlockWithoutAFaithfulSpellingIsKeptAsWritten() throws {
        let text = "www.commonmark.org/he<lp\n"
        let blocks = try MarkdownParser.parse(text).map(\.block)
        #expect(blocks == [.verbatim(source: "www.commonmark.org/he<lp", block: .paragraph([
            .link(destination: "http://www.commonmark.org/he", title: "", content: [.text("www.commonmark.org/he")]), .text("<lp"),
        ]))])
        let canonical = CanonicalRenderer().render(blocks) + "\n"
        #expect(Self.normalised(MarkdownParser.html(canonical)) == Self.normalised(MarkdownParser.html(text)), "\(canonical)")
    }

    /// Beyond the suites: two examples run together with GFM's special characters dropped in at
    /// random places (reproducible) still keep their meaning, and parse and render for the site.
    @Test func mutatedExamplesStayFaithful() throws {
        var examples: [String] = []
        for suite in ["commonmark-spec.txt", "gfm-spec.txt", "cmark-gfm-extensions.txt"] { examples += try Self.examples(suite).map(\.markdown) }
        var random = DocumentGenerator.SplitMix(state: 13)
        let pieces = ["|", "~", "~~", "[^", "]", "<", ">", "</div>", "<div dir=\"rtl\">", "- [ ] ", "\n", "\n\n", "*", "_", "`", "<!--",
                      "&#", ";", "\\", "#", "> ", "    ", "[^a]: ", "www.", "@", "://", "<td>", "<table>", "| --- |"]
        var unfaithful: [String] = []
        for _ in 0..<2_000 {
            var text = Array(examples[Int.random(in: 0..<examples.count, using: &random)] + examples[Int.random(in: 0..<examples.count, using: &random)])
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                text.insert(contentsOf: Array(pieces[Int.random(in: 0..<pieces.count, using: &random)]), at: Int.random(in: 0...text.count, using: &random))
            }
            let markdown = String(text)
            let blocks = try MarkdownParser.parse(markdown).map(\.block)
            let canonical = CanonicalRenderer().render(blocks) + "\n"
            if Self.normalised(MarkdownParser.html(markdown)) != Self.normalised(MarkdownParser.html(canonical)) {
                unfaithful.append(markdown + "--- canonical:\n" + canonical)
            }
            if let document = try? Document.parse(text: "# T\n\n" + markdown) {
                var html = HTML()
                let renderer = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { _ in nil }
                renderer.blocks(document.preamble, into: &html, scope: "p")
                for clause in document.clauses { renderer.blocks(clause.blocks, into: &html, scope: "c") }
                #expect(try Document.parse(text: document.canonicalText).canonicalText == document.canonicalText)
            }
        }
        #expect(unfaithful.isEmpty, "\(unfaithful.count) unfaithful:\n\(unfaithful.prefix(3).joined(separator: "\n=====\n"))")
    }
}

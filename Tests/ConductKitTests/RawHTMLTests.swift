import Foundation
import Testing
@testable import ConductKit

/// Raw HTML in a document reaches the site only through the allowlist, and the page around it
/// stays well formed whatever the fragments hold.
@Suite("Raw HTML on the site")
struct RawHTMLTests {
    static func render(_ markdown: String) throws -> String {
        let document = try Document.parse(text: "# Code\n\n## Clause {#clause}\n\n" + markdown + "\n")
        var html = HTML()
        let renderer = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { $0 == "clause" ? "#clause" : nil }
        renderer.blocks(document.clauses[0].blocks, into: &html, scope: "clause")
        return html.output
    }

    @Test(arguments: [
        ("<script>alert(1)</script>", "<script"),
        ("<p onclick=\"x()\">a</p>", "onclick"),
        ("<a href=\"javascript:alert(1)\">a</a>", "javascript"),
        ("<a href=\"&#106;avascript:alert(1)\">a</a>", "avascript"),
        ("<a href=\" vbscript:x\">a</a>", "vbscript"),
        ("<img src=\"data:text/html;base64,PHNjcmlwdD4=\" alt=\"a\">", "data:text"),
        ("<iframe src=\"https://example.org/\"></iframe>", "<iframe"),
        ("<object data=\"x.swf\"></object><embed src=\"x.swf\">", "x.swf"),
        ("<form action=\"https://example.org/\"><button>Go</button></form>", "<form"),
        ("<style>p { display: none }</style>", "display"),
        ("<div style=\"position: fixed\" class=\"site\">a</div>", "position"),
        ("<span id=\"Main\">a</span>", "Main"),
        ("<svg><script>alert(1)</script></svg>", "<script"),
    ])
    func hostileMarkupNeverReachesThePage(markdown: String, forbidden: String) throws {
        let html = try Self.render(markdown)
        #expect(!html.lowercased().contains(forbidden.lowercased()), "\(html)")
    }

    @Test func commonMarkupIsKeptAndUnknownMarkupShownAsText() throws {
        let html = try Self.render("<div dir=\"rtl\" lang=\"ar\" align=\"center\">مرحبا <b>bold</b> <sup>1</sup></div>\n\nA <kbd>Ctrl</kbd> and <marquee>x</marquee> and <a href=\"https://example.org/\" title=\"t\">web</a>.")
        #expect(html.contains("<div dir=\"rtl\" lang=\"ar\" class=\"align-center\">مرحبا <b>bold</b> <sup>1</sup></div>"), "\(html)")
        #expect(html.contains("<kbd>Ctrl</kbd>"))
        #expect(html.contains("&lt;marquee&gt;x"), "\(html)")
        #expect(html.contains("<a href=\"https://example.org/\" title=\"t\">web</a>"))
        #expect(try Self.render("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\" onerror=\"x()\">")
            .contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\">"))
    }

    @Test func anAddressAutolinkedInsideARawAnchorStaysText() throws {
        // As CNCF's translations write contacts: cmark-gfm autolinks the address inside the raw
        // <a>, and a link inside a link is no valid HTML.
        let html = try Self.render("يمكن التواصل على <a href=\"mailto:conduct@cncf.io\">conduct@cncf.io</a> أو www.cncf.io.")
        #expect(html.contains("<a href=\"mailto:conduct@cncf.io\">conduct@cncf.io</a>"), "\(html)")
        #expect(html.components(separatedBy: "<a ").count == 3, "the raw anchor and the autolinked www address: \(html)")
    }

    @Test func unbalancedFragmentsAreClosedWhereTheSitesElementEnds() throws {
        // A span left open in a paragraph closes with the paragraph; a stray end tag is dropped;
        // a div may hold the paragraphs written inside it.
        let html = try Self.render("Open <span dir=\"rtl\">here\n\nand </span> there </b>\n\n<div dir=\"rtl\">\n\nInside.\n\n</div>\n\n<table><tr><td>cell")
        #expect(html.contains("<p>Open <span dir=\"rtl\">here</span></p>"), "\(html)")
        #expect(html.contains("<p>and  there </p>") || html.contains("<p>and there </p>"), "\(html)")
        #expect(html.contains("<div dir=\"rtl\">\n<p>Inside.</p></div>"), "\(html)")
        #expect(html.contains("<table><tr><td>cell") && html.hasSuffix("</td></tr></table>"), "\(html)")
        // Block elements inside a paragraph are text, not markup that would break it.
        #expect(try Self.render("A <div>block</div> inside.").contains("<p>A &lt;div&gt;block inside.</p>"))
    }

    /// Every example of the three spec suites, rendered for the site, makes one page that tidy
    /// finds valid: whatever HTML blocks, inline tags and Markdown a document holds, the page
    /// around them stays well formed.
    @Test func everySpecExampleRendersToValidHTML() throws {
        guard let tidy = ["/usr/bin/tidy", "/usr/local/bin/tidy"].first(where: FileManager.default.isExecutableFile) else {
            Issue.record("tidy is missing: Scripts/setup installs it (Scripts/test runs it first)")
            return
        }
        var html = HTML(capacity: 1 << 20)
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Examples</title>\n</head>\n<body>\n")
        var count = 0
        for suite in ["commonmark-spec.txt", "gfm-spec.txt", "cmark-gfm-extensions.txt"] {
            for example in try SpecFaithfulnessTests.examples(suite) {
                guard let document = try? Document.parse(text: "# Example\n\n" + example.markdown) else { continue }
                count += 1
                let scope = "s\(count)"
                let renderer = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { _ in nil }
                html.element("section", [("id", scope)]) { section in
                    renderer.blocks(document.preamble, into: &section, scope: scope + "-p")
                    for (index, clause) in document.clauses.enumerated() {
                        renderer.blocks(clause.blocks, into: &section, scope: scope + "-\(index)")
                    }
                }
                html.raw("\n")
            }
        }
        html.raw("</body>\n</html>\n")
        #expect(count > 1_000)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-examples-\(UUID().uuidString).html")
        try html.output.write(to: file, atomically: true, encoding: .utf8)
        defer { if ProcessInfo.processInfo.environment["KEEP_EXAMPLES"] == nil { try? FileManager.default.removeItem(at: file) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tidy)
        process.arguments = ["-q", "-e", "--doctype", "html5", "--gnu-emacs", "yes", file.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // What tidy says of content, not of structure: examples with nothing in a paragraph or
        // a code block, and emphasis nested in emphasis (valid HTML tidy second-guesses).
        let opinions = ["trimming empty", "nested emphasis", "is probably intended as", "discarding unexpected </em>",
                        "discarding unexpected </strong>"]
        let findings = output.split(separator: "\n").filter { line in !opinions.contains { line.contains($0) } }
        #expect(findings.isEmpty, "\(findings.prefix(20).joined(separator: "\n"))")
    }
}

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
}

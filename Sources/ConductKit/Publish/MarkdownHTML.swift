/// Renders a clause's blocks as HTML from the parsed Swift values (no C involved): text is
/// escaped, raw HTML in the Markdown is shown as text, and only links a static site can follow
/// safely become links.
struct MarkdownHTML {
    /// The href for a link to `#id` in the document, or nil when `id` is no clause.
    var clauseLink: (String) -> String?

    func blocks(_ blocks: [Block], into html: inout HTML, tight: Bool = false) {
        for block in blocks { self.block(block, into: &html, tight: tight) }
    }

    func block(_ block: Block, into html: inout HTML, tight: Bool = false) {
        switch block {
        case .paragraph(let content):
            if tight {
                inlines(content, into: &html)
            } else {
                html.element("p") { inlines(content, into: &$0) }
            }
        case .heading(_, let content):
            html.element("p", [("class", "subheading")]) { inner in
                inner.element("strong") { inlines(content, into: &$0) }
            }
        case .list(let list):
            let attributes: [(String, String?)] = list.ordered && list.start != 1 ? [("start", String(list.start))] : []
            html.element(list.ordered ? "ol" : "ul", attributes) { inner in
                for item in list.items {
                    inner.element("li") { self.blocks(item, into: &$0, tight: list.tight) }
                }
            }
        case .quote(let content):
            html.element("blockquote") { self.blocks(content, into: &$0) }
        case .code(_, let literal):
            html.element("pre") { $0.element("code", text: literal) }
        case .html(let literal):
            html.element("pre", [("class", "source")], text: literal)
        case .thematicBreak:
            html.raw("<hr>")
        }
    }

    func inlines(_ content: [Inline], into html: inout HTML) {
        for inline in content { self.inline(inline, into: &html) }
    }

    private func inline(_ inline: Inline, into html: inout HTML) {
        switch inline {
        case .text(let text): html.text(text)
        case .softBreak: html.raw("\n")
        case .lineBreak: html.raw("<br>")
        case .code(let code): html.element("code", text: code)
        case .html(let literal): html.element("code", text: literal)
        case .emphasis(let content): html.element("em") { inlines(content, into: &$0) }
        case .strong(let content): html.element("strong") { inlines(content, into: &$0) }
        case .link(let destination, let title, let content):
            if let href = href(destination) {
                html.element("a", [("href", href), ("title", title.isEmpty ? nil : title)]) { inlines(content, into: &$0) }
            } else {
                inlines(content, into: &html)
            }
        case .image(_, _, let alt):
            html.element("span", [("class", "image")]) { inlines(alt, into: &$0) }
        }
    }

    /// Web and mail links are kept; `#id` of a clause points at that clause; anything else
    /// (relative files the site does not hold, script URLs) is shown as plain text.
    private func href(_ destination: String) -> String? {
        let lower = destination.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") {
            return destination.contains(where: { $0.isWhitespace }) ? nil : destination
        }
        if destination.hasPrefix("#") { return clauseLink(HTML.percentDecoded(String(destination.dropFirst()))) }
        return nil
    }

    /// Plain text of inline content, for titles and headings written as text.
    static func plain(_ content: [Inline]) -> String {
        content.map { inline -> String in
            switch inline {
            case .text(let text), .code(let text), .html(let text): return text
            case .softBreak, .lineBreak: return " "
            case .emphasis(let inner), .strong(let inner): return plain(inner)
            case .link(_, _, let inner), .image(_, _, let inner): return plain(inner)
            }
        }.joined()
    }
}

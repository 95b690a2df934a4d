/// Raw HTML from a document (HTML blocks and inline tags), kept on the site as far as an
/// allowlist lets it: common text and layout elements with `dir`, `lang`, `title` and
/// `align` (as a class of the site's stylesheet); never `script`, `style`, `iframe`, `object`,
/// `embed` or `form`, never an event handler, a style or a class, and no URL but web and mail
/// links, clause links and `data:image` pictures. An unknown element is shown as text.
///
/// Raw HTML comes in fragments (a tag here, text there), so the elements it opens are tracked
/// in scopes: whatever is still open when the site's own element around it ends is closed
/// there, an end tag that closes nothing open is dropped, and elements that cannot hold the
/// site's paragraphs (a `p`, a `table`, a `span`) are closed at the end of their HTML block.
/// The page stays well formed whatever the document holds.
struct RawHTML {
    private struct Scope {
        var inline: Bool
        var open: [String] = []
    }

    private var scopes: [Scope] = []
    /// Inside `<script>` or `<style>`: everything up to its end tag is dropped.
    private var skipping: String?

    static let phrasing: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark", "q",
        "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    ]
    /// Elements that may hold the site's own blocks, so they may stay open across fragments.
    static let containers: Set<String> = ["div", "blockquote", "details", "section", "article", "aside", "figure"]
    static let blocks: Set<String> = containers.union([
        "p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
        "thead", "tbody", "tfoot", "tr", "th", "td", "summary", "figcaption",
    ])
    /// Elements whose content is phrasing only.
    static let phrasingOnly: Set<String> = phrasing.union(["p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary"])
    static let void: Set<String> = ["br", "hr", "img", "wbr"]
    /// Elements removed with everything inside them.
    static let droppedWithContent: Set<String> = ["script", "style", "template", "textarea", "title", "xmp", "noembed", "noframes"]
    /// Elements removed, their content kept as text.
    static let dropped: Set<String> = [
        "iframe", "object", "embed", "form", "frame", "frameset", "applet", "base", "link", "meta", "noscript", "html",
        "head", "body", "param", "source", "track", "svg", "math",
    ]
    /// Elements that need a particular parent.
    static let parents: [String: Set<String>] = [
        "tr": ["table", "thead", "tbody", "tfoot"], "td": ["tr"], "th": ["tr"], "thead": ["table"], "tbody": ["table"],
        "tfoot": ["table"], "caption": ["table"], "li": ["ul", "ol"], "dt": ["dl"], "dd": ["dl"], "summary": ["details"],
        "figcaption": ["figure"],
    ]
    /// Elements where only white space may stand as text.
    static let noText: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl"]

    /// Whether a raw `<a>` is open: a link inside it (an autolinked address in `<a href>…</a>`) is text.
    var insideAnchor: Bool { scopes.contains { $0.open.contains("a") } }

    mutating func enter(inline: Bool = false) {
        scopes.append(Scope(inline: inline))
    }

    /// Closes what raw HTML left open in the scope that ends.
    mutating func leave(into html: inout HTML) {
        guard let scope = scopes.popLast() else { return }
        for name in scope.open.reversed() { html.close(name) }
        skipping = nil
    }

    /// A `src` for a picture the page may hold itself: `data:image` in a raster format.
    static func imageSource(_ source: String) -> String? {
        let lower = source.lowercased().filter { !$0.isWhitespace }
        let formats = ["data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/webp;"]
        return formats.contains(where: lower.hasPrefix) && !source.contains(where: { $0 == "\"" || $0 == "<" }) ? source : nil
    }

    /// Writes the allowed part of one fragment of raw HTML.
    mutating func fragment(_ literal: String, into html: inout HTML, href: (String) -> String?, inLink: Bool) {
        if scopes.isEmpty { enter() }
        let openedBefore = scopes[scopes.count - 1].open.count
        for token in Self.tokens(literal) {
            switch token {
            case .text(let text):
                guard skipping == nil else { continue }
                if let top = scopes[scopes.count - 1].open.last, Self.noText.contains(top),
                   text.contains(where: { !$0.isWhitespace }) {
                    // Text cannot stand in a table or list structure: close it first.
                    while let last = scopes[scopes.count - 1].open.last, Self.noText.contains(last) || Self.parents[last] != nil {
                        html.close(scopes[scopes.count - 1].open.removeLast())
                    }
                }
                html.text(Self.decodeEntities(text))
            case .end(let name):
                if let skipped = skipping {
                    if skipped == name { skipping = nil }
                    continue
                }
                guard let index = scopes[scopes.count - 1].open.lastIndex(of: name) else { continue }
                while scopes[scopes.count - 1].open.count > index { html.close(scopes[scopes.count - 1].open.removeLast()) }
            case .start(let name, let attributes, let selfClosing, let source):
                guard skipping == nil else { continue }
                if Self.droppedWithContent.contains(name) {
                    if !selfClosing { skipping = name }
                    continue
                }
                if Self.dropped.contains(name) { continue }
                let scope = scopes[scopes.count - 1]
                let inlineContext = scope.inline || scope.open.contains(where: Self.phrasingOnly.contains)
                let known = Self.phrasing.contains(name) || (Self.blocks.contains(name) && !inlineContext)
                let parentFits = Self.parents[name].map { parents in scope.open.last.map(parents.contains) ?? false } ?? true
                guard known, parentFits else {
                    html.text(source)
                    continue
                }
                if name == "a", inLink || scope.open.contains("a") { continue }
                if name == "img" {
                    let values = Dictionary(attributes, uniquingKeysWith: { first, _ in first })
                    if let source = values["src"].flatMap(Self.imageSource) {
                        html.open("img", [("src", source), ("alt", values["alt"] ?? "")] + Self.allowed(attributes, of: name, href: href))
                    } else if let alt = values["alt"], !alt.isEmpty {
                        html.element("span", [("class", "image")], text: alt)
                    }
                    continue
                }
                let kept = Self.allowed(attributes, of: name, href: href)
                // An anchor without a link it may keep (`<a name="top">`) says nothing on the site.
                if name == "a", !kept.contains(where: { $0.0 == "href" }) { continue }
                html.open(name, kept)
                if Self.void.contains(name) { continue }
                if selfClosing {
                    html.close(name)
                } else {
                    scopes[scopes.count - 1].open.append(name)
                }
            }
        }
        // Elements that cannot hold the site's blocks end with their fragment, outside phrasing.
        guard !scopes[scopes.count - 1].inline else { return }
        var open = scopes[scopes.count - 1].open
        if let first = open.indices.dropFirst(openedBefore).first(where: { !Self.containers.contains(open[$0]) }) {
            while open.count > first { html.close(open.removeLast()) }
            scopes[scopes.count - 1].open = open
        }
    }

    /// The attributes kept, values decoded (`HTML` escapes them again).
    private static func allowed(_ attributes: [(String, String)], of name: String, href: (String) -> String?) -> [(String, String?)] {
        var kept: [(String, String?)] = []
        var classes: [String] = []
        for (key, raw) in attributes {
            let value = decodeEntities(raw)
            switch key {
            case "dir" where ["ltr", "rtl", "auto"].contains(value.lowercased()):
                kept.append((key, value.lowercased()))
            case "lang" where !value.isEmpty && value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }):
                kept.append((key, value))
            case "title":
                kept.append((key, value))
            case "align" where ["left", "center", "right", "justify"].contains(value.lowercased()):
                classes.append("align-" + value.lowercased())
            case "href" where name == "a", "cite" where ["blockquote", "q", "del", "ins"].contains(name):
                if let url = href(value) { kept.append((key, url)) }
            case "width" where name == "img", "height" where name == "img",
                 "colspan" where name == "td" || name == "th", "rowspan" where name == "td" || name == "th",
                 "start" where name == "ol", "value" where name == "li":
                if !value.isEmpty, value.count < 6, value.allSatisfy(\.isNumber) { kept.append((key, value)) }
            case "reversed" where name == "ol", "open" where name == "details":
                kept.append((key, ""))
            case "type" where name == "ol" && ["1", "a", "A", "i", "I"].contains(value):
                kept.append((key, value))
            case "scope" where name == "th" && ["row", "col", "rowgroup", "colgroup"].contains(value.lowercased()):
                kept.append((key, value.lowercased()))
            case "datetime" where name == "time":
                kept.append((key, value))
            default:
                continue
            }
        }
        if !classes.isEmpty { kept.append(("class", classes.joined(separator: " "))) }
        return kept
    }
}

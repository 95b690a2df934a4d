/// Renders a clause's blocks as HTML from the parsed Swift values (no C involved): text is
/// escaped, raw HTML in the Markdown is kept only as far as `RawHTML`'s allowlist lets it, and
/// only links a static site can follow safely become links.
///
/// Footnotes: a reference links to a numbered note listed at the end of the body that holds
/// it (a clause's blocks are shown on several pages, each on its own); definitions are shown
/// there, not where they were written. Ids carry the body's `scope`, unique on its page.
struct MarkdownHTML {
    /// The href for a link to `#id` in the document, or nil when `id` is no clause.
    var clauseLink: (String) -> String?
    /// Every footnote definition of the document by label (the first of a label wins).
    var footnotes: [String: [Block]] = [:]

    init(footnotes: [String: [Block]] = [:], clauseLink: @escaping (String) -> String?) {
        self.footnotes = footnotes
        self.clauseLink = clauseLink
    }

    /// The footnote definitions of a document, by label.
    static func footnotes(of document: Document) -> [String: [Block]] {
        var found: [String: [Block]] = [:]
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .footnoteDefinition(let label, let inner):
                    if found[label] == nil { found[label] = inner }
                    collect(inner)
                case .quote(let inner): collect(inner)
                case .list(let list): for item in list.items { collect(item.blocks) }
                case .verbatim(_, let inner): collect([inner])
                default: break
                }
            }
        }
        collect(document.preamble)
        for clause in document.clauses { collect(clause.blocks) }
        return found
    }

    /// What one body's rendering tracks: the raw HTML elements open, and the footnotes referenced.
    private final class State {
        let scope: String
        var raw = RawHTML()
        var notes: [String] = []
        /// Each referenced label's note number, and how often it was referenced.
        var numbers: [String: Int] = [:]
        var occurrences: [String: Int] = [:]
        var linkDepth = 0
        init(scope: String) { self.scope = scope }
    }

    /// `blocks` as HTML, followed by the notes they reference; `scope` makes the notes' ids
    /// unique on the page (a clause id, "preamble").
    func blocks(_ blocks: [Block], into html: inout HTML, scope: String = "text") {
        let state = State(scope: HTML.idPart(scope))
        state.raw.enter()
        for block in blocks { self.block(block, into: &html, tight: false, state) }
        state.raw.leave(into: &html)
        var index = 0
        guard !state.notes.isEmpty else { return }
        html.element("section", [("class", "footnotes"), ("aria-label", "Notes")]) { section in
            section.element("ol") { list in
                while index < state.notes.count {
                    let label = state.notes[index]
                    index += 1
                    let number = index
                    list.element("li", [("id", "fn-\(state.scope)-\(number)")]) { item in
                        state.raw.enter()
                        for block in footnotes[label] ?? [] { self.block(block, into: &item, tight: false, state) }
                        state.raw.leave(into: &item)
                        for occurrence in 1...max(1, state.occurrences[label] ?? 1) {
                            item.text(" ")
                            let suffix = occurrence == 1 ? "" : "-\(occurrence)"
                            item.element("a", [("href", "#fnref-\(state.scope)-\(number)\(suffix)"), ("class", "footnote-back"),
                                               ("aria-label", "Back to reference \(number)")], text: "↩")
                        }
                    }
                }
            }
        }
    }

    private func blocks(_ blocks: [Block], into html: inout HTML, tight: Bool, _ state: State) {
        for block in blocks { self.block(block, into: &html, tight: tight, state) }
    }

    private func block(_ block: Block, into html: inout HTML, tight: Bool, _ state: State) {
        switch block {
        case .paragraph(let content):
            if tight {
                inlines(content, into: &html, state)
            } else {
                phrasing("p", [], content, into: &html, state)
            }
        case .heading(_, let content):
            html.element("p", [("class", "subheading")]) { inner in
                phrasing("strong", [], content, into: &inner, state)
            }
        case .list(let list):
            let attributes: [(String, String?)] = list.ordered && list.start != 1 ? [("start", String(list.start))] : []
            let tasks = list.items.contains { $0.task != nil }
            html.element(list.ordered ? "ol" : "ul", attributes + [("class", tasks ? "tasks" : nil)]) { inner in
                for item in list.items {
                    inner.element("li") { entry in
                        if let task = item.task {
                            entry.open("input", [("type", "checkbox"), ("disabled", ""), ("checked", task == .checked ? "" : nil),
                                                 ("aria-label", task == .checked ? "done" : "not done")])
                            entry.text(" ")
                        }
                        state.raw.enter(inline: list.tight)
                        self.blocks(item.blocks, into: &entry, tight: list.tight, state)
                        state.raw.leave(into: &entry)
                    }
                }
            }
        case .quote(let content):
            html.element("blockquote") { inner in
                state.raw.enter()
                self.blocks(content, into: &inner, tight: false, state)
                state.raw.leave(into: &inner)
            }
        case .code(_, let literal):
            html.element("pre") { $0.element("code", text: literal) }
        case .html(let literal):
            state.raw.fragment(literal, into: &html, href: href, inLink: state.linkDepth > 0)
        case .thematicBreak:
            html.raw("<hr>")
        case .table(let table):
            html.element("div", [("class", "scroll")]) { scroll in
                scroll.element("table", [("class", "markdown")]) { inner in
                    func cells(_ row: [[Inline]], _ name: String, into html: inout HTML) {
                        html.element("tr") { line in
                            for (column, cell) in row.enumerated() {
                                let alignment = column < table.alignments.count ? table.alignments[column] : .none
                                let align: String? = switch alignment {
                                case .none: nil
                                case .left: "align-left"
                                case .center: "align-center"
                                case .right: "align-right"
                                }
                                phrasing(name, [("class", align), ("scope", name == "th" ? "col" : nil)], cell, into: &line, state)
                            }
                        }
                    }
                    inner.element("thead") { cells(table.header, "th", into: &$0) }
                    if !table.rows.isEmpty {
                        inner.element("tbody") { body in
                            for row in table.rows { cells(row, "td", into: &body) }
                        }
                    }
                }
            }
        case .footnoteDefinition:
            // Shown with the notes of the body that references it.
            break
        case .verbatim(_, let parsed):
            self.block(parsed, into: &html, tight: tight, state)
        }
    }

    /// An element of ours holding inline content, with raw HTML opened inside it closed inside it.
    private func phrasing(_ name: String, _ attributes: [(String, String?)], _ content: [Inline], into html: inout HTML, _ state: State) {
        html.element(name, attributes) { inner in
            state.raw.enter(inline: true)
            inlines(content, into: &inner, state)
            state.raw.leave(into: &inner)
        }
    }

    private func inlines(_ content: [Inline], into html: inout HTML, _ state: State) {
        for inline in content { self.inline(inline, into: &html, state) }
    }

    private func inline(_ inline: Inline, into html: inout HTML, _ state: State) {
        switch inline {
        case .text(let text): html.text(text)
        case .softBreak: html.raw("\n")
        case .lineBreak: html.raw("<br>")
        case .code(let code): html.element("code", text: code)
        case .html(let literal): state.raw.fragment(literal, into: &html, href: href, inLink: state.linkDepth > 0)
        case .emphasis(let content): phrasing("em", [], content, into: &html, state)
        case .strong(let content): phrasing("strong", [], content, into: &html, state)
        case .strikethrough(let content): phrasing("del", [], content, into: &html, state)
        case .link(let destination, let title, let content):
            if state.linkDepth == 0, !state.raw.insideAnchor, let href = href(destination) {
                state.linkDepth += 1
                phrasing("a", [("href", href), ("title", title.isEmpty ? nil : title)], content, into: &html, state)
                state.linkDepth -= 1
            } else {
                inlines(content, into: &html, state)
            }
        case .image(let source, let title, let alt):
            if let source = RawHTML.imageSource(source) {
                html.open("img", [("src", source), ("alt", Self.plain(alt)), ("title", title.isEmpty ? nil : title)])
            } else {
                html.element("span", [("class", "image")]) { inlines(alt, into: &$0, state) }
            }
        case .footnoteReference(let label):
            guard footnotes[label] != nil else {
                html.text("[^" + label + "]")
                return
            }
            let number: Int
            if let known = state.numbers[label] {
                number = known
            } else {
                state.notes.append(label)
                number = state.notes.count
                state.numbers[label] = number
            }
            let count = (state.occurrences[label] ?? 0) + 1
            state.occurrences[label] = count
            let suffix = count == 1 ? "" : "-\(count)"
            html.element("sup", [("class", "footnote-ref")]) { sup in
                if state.linkDepth > 0 {
                    sup.text(String(number))
                } else {
                    sup.element("a", [("href", "#fn-\(state.scope)-\(number)"), ("id", "fnref-\(state.scope)-\(number)\(suffix)")],
                                text: String(number))
                }
            }
        }
    }

    /// Web and mail links are kept; `#id` of a clause points at that clause; anything else
    /// (relative files the site does not hold, script URLs) is shown as plain text.
    private func href(_ destination: String) -> String? {
        let lower = destination.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") {
            return destination.contains(where: { $0.isWhitespace }) ? nil : Self.percentEncoded(destination)
        }
        if destination.hasPrefix("#") { return clauseLink(HTML.percentDecoded(String(destination.dropFirst()))) }
        return nil
    }

    /// `url` with every byte a URL may not hold as it is (non-ASCII, `\`, `"`, `<`, `>`, `[`, `]`, `` ` ``,
    /// `{`, `|`, `}`, `^`, controls) percent-encoded, as cmark-gfm writes hrefs.
    static func percentEncoded(_ url: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=%".utf8)
        guard !url.utf8.allSatisfy(safe.contains) else { return url }
        let digits = Array("0123456789ABCDEF")
        var out = ""
        for byte in url.utf8 {
            if safe.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }
        }
        return out
    }

    /// Plain text of inline content, for titles and headings written as text.
    static func plain(_ content: [Inline]) -> String {
        content.map { inline -> String in
            switch inline {
            case .text(let text), .code(let text), .html(let text): return text
            case .softBreak, .lineBreak: return " "
            case .emphasis(let inner), .strong(let inner), .strikethrough(let inner): return plain(inner)
            case .link(_, _, let inner), .image(_, _, let inner): return plain(inner)
            case .footnoteReference: return ""
            }
        }.joined()
    }
}

extension HTML {
    /// `text` fit for a part of an id: letters, digits, `-` and `_`; anything else becomes `_`.
    static func idPart(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" ? Character(scalar) : "_"
        })
    }
}

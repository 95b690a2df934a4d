/// The site's front page: the current text, with its contents, each clause linked to its page
/// and its count of open comments.
struct TextPage {
    let site: Site

    func write() throws(ConductError) {
        let history = site.history
        let document = history.current
        let last = history.revisions.count - 1
        let revision = history.revisions[last]
        var open: [String: Int] = [:]
        for thread in history.threads where thread.comment.status == .open && !Proposal.isProposalSpec(thread.comment.target) {
            open[thread.anchor.clause ?? thread.comment.clause, default: 0] += 1
        }
        let page = site.page
        let text = try page.render(path: "index.html", title: page.siteTitle, section: .text) { html in
            html.element("h1", text: page.siteTitle)
            html.element("p", [("class", "standing")]) { line in
                line.text("The current text: ")
                line.link("history/" + site.revisionFiles[last], revision.label)
                line.text(", adopted \(revision.date.day). ")
                line.link("history/index.html", "Every revision")
                line.text(" is kept, with what it changed.")
            }
            Self.renderContents(document, into: &html)
            let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? Site.fragment(id) : nil }
            Self.renderDocument(document, markdown: markdown, clauseHref: Site.clauseFile, into: &html, openComments: open)
        }
        try site.write("index.html", text)
    }

    /// The list of `document`'s clauses, each linked to its section on the page; `attributes`
    /// go on its heading (`lang` on a translation's page, whose chrome is in English).
    static func renderContents(_ document: Document, headingAttributes attributes: [(String, String?)] = [], into html: inout HTML) {
        guard !document.clauses.isEmpty else { return }
        html.element("nav", [("aria-label", "Contents"), ("class", "contents")]) { nav in
            nav.element("h2", attributes, text: "Contents")
            nav.element("ul") { list in
                for clause in document.clauses {
                    guard let id = clause.id else { continue }
                    list.element("li", [("class", "level-\(clause.level)")]) {
                        $0.link(Site.fragment(id), [clause.heading.number, clause.heading.plainText].compactMap { $0 }.joined(separator: " "))
                    }
                }
            }
        }
    }

    /// The preamble and every clause of `document` as sections with their ids, each with a link
    /// to its page (`clauseLink`: its words, and the attributes of the line that holds it);
    /// `rendered` receives each clause's own HTML.
    static func renderDocument(_ document: Document, markdown: MarkdownHTML, clauseHref: (String) -> String,
                               clauseLink: (text: String, attributes: [(String, String?)]) = ("History and comments", []),
                               into html: inout HTML, openComments: [String: Int] = [:],
                               rendered: (String, String) -> Void = { _, _ in }) {
        if !document.preamble.isEmpty {
            html.element("div", [("class", "preamble")]) { markdown.blocks(document.preamble, into: &$0, scope: "preamble") }
        }
        for clause in document.clauses {
            let level = min(6, max(2, clause.level))
            let title = [clause.heading.number, clause.heading.text].compactMap { $0 }.joined(separator: " ")
            html.element("section", [("class", "clause"), ("id", clause.id)]) { section in
                section.element("h\(level)", text: title)
                var body = HTML(capacity: 1024)
                markdown.blocks(clause.blocks, into: &body, scope: clause.id ?? "clause")
                section.raw(body.output)
                if let id = clause.id {
                    rendered(id, body.output)
                    section.element("p", [("class", "clause-links")] + clauseLink.attributes) { line in
                        line.element("a", [("href", clauseHref(id))]) { link in
                            link.text(clauseLink.text)
                            link.element("span", [("class", "sr")], text: " of “\(title)”")
                        }
                        if let count = openComments[id], count > 0 {
                            line.text(" · \(count) open comment\(count == 1 ? "" : "s")")
                        }
                    }
                }
            }
        }
    }
}

/// A page per clause id the code has had, under `clauses/`: its current text, every change
/// to it, newest first, and its comments; and the index of them all.
struct ClausePages {
    let site: Site
    /// Each clause id's changes, oldest first, as its revision pages rendered them.
    let events: [String: [Event]]

    /// One change of a clause in one revision, its redline rendered once.
    struct Event {
        var revision: Int
        var anchor: String
        var significance: Significance
        var summary: String
        var body: String
    }

    func write() throws(ConductError) {
        let history = site.history
        let document = history.current
        var byClause: [String: [CommentThread]] = [:]
        for thread in history.threads {
            let ids = Set([thread.comment.clause, thread.anchor.clause].compactMap { $0 })
            for id in ids { byClause[id, default: []].append(thread) }
        }
        let current = document.clauses.compactMap(\.id)
        let gone = history.clauses.keys.filter { document.clause($0) == nil }.sorted()
        let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? "../index.html" + Site.fragment(id) : nil }
        let comments = CommentsHTML(site: site)
        for id in current + gone {
            guard let info = history.clauses[id] else { continue }
            let path = "clauses/" + Site.clausePageName(id) + ".html"
            let title = [info.number, info.heading].compactMap { $0 }.joined(separator: " ")
            let text = try site.page.render(path: path, title: title, section: .clauses) { html in
                html.element("h1", text: title)
                let clause = document.clause(id)
                html.element("p", [("class", "standing")]) { line in
                    line.text("Clause id ")
                    line.element("code", text: id)
                    line.text("; first in ")
                    line.link(site.revisionLink(info.first, from: "../"), site.label(info.first))
                    if clause != nil {
                        line.text("; in the current text as ")
                        line.link("../index.html" + Site.fragment(id), title)
                        line.text(".")
                    } else {
                        line.text("; last in ")
                        line.link(site.revisionLink(info.last, from: "../"), site.label(info.last))
                        line.text(", not in the current text.")
                    }
                }
                if let clause {
                    html.element("section", [("class", "clause current"), ("aria-labelledby", "Current")]) { section in
                        section.element("h2", [("id", "Current")], text: "Current text")
                        markdown.blocks(clause.blocks, into: &section, scope: "current")
                    }
                }
                html.element("section", [("aria-labelledby", "History")]) { section in
                    section.element("h2", [("id", "History")], text: "History")
                    for event in (events[id] ?? []).reversed() {
                        let revision = site.revisions[event.revision]
                        section.element("article", [("class", "change " + event.significance.rawValue)]) { article in
                            article.element("h3") { heading in
                                heading.link(site.revisionLink(event.revision, from: "../") + Site.fragment(event.anchor), revision.label)
                                heading.text(", \(revision.date.day): \(event.significance.rawValue), \(event.summary)")
                            }
                            article.raw(event.body)
                        }
                    }
                }
                comments.write(byClause[id] ?? [], heading: "Comments", from: "../", into: &html)
            }
            try site.write(path, text)
        }
        let index = try site.page.render(path: "clauses/index.html", title: "Clauses", section: .clauses) { html in
            html.element("h1", text: "Clauses")
            html.element("p", text: "Every clause the code has had, each with its history and its comments.")
            html.element("h2", text: "In the current text")
            if current.isEmpty {
                html.element("p", text: "The current text has no clauses: it has no headings below its title.")
            } else {
                html.element("ul") { list in
                    for id in current { list.element("li") { item(id, into: &$0) } }
                }
            }
            if !gone.isEmpty {
                html.element("h2", text: "No longer in the text")
                html.element("ul") { list in
                    for id in gone { list.element("li") { item(id, into: &$0) } }
                }
            }
        }
        try site.write("clauses/index.html", index)
    }

    private func item(_ id: String, into html: inout HTML) {
        guard let info = site.history.clauses[id] else { return }
        html.link(HTML.pathSegment(Site.clausePageName(id)) + ".html", [info.number, info.heading].compactMap { $0 }.joined(separator: " "))
        let changes = events[id]?.count ?? 0
        html.text(" (\(id); \(changes) change\(changes == 1 ? "" : "s"))")
    }
}

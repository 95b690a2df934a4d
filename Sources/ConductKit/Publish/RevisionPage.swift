/// One revision's page under `history/`: its facts, a pager, and what it changed from its
/// parent as a redline, or, for the first revision, its whole text.
struct RevisionPage {
    let site: Site
    let position: Int

    /// Clauses the revision changed, by significance (the first revision: all its clauses, substantive).
    struct Counts {
        var substantive: Int
        var editorial: Int
    }

    /// Writes the page; returns its counts and, for each clause id it changed, the change as
    /// its clause's page shows it (rendered here once).
    func write() throws(ConductError) -> (counts: Counts, events: [(id: String, event: ClausePages.Event)]) {
        if let redline = site.history.redlines[position] { return try writeRedline(redline) }
        return try writeFirst(site.history.first)
    }

    private var path: String { "history/" + site.revisionFiles[position] }

    private func header(into html: inout HTML) {
        let revision = site.revisions[position]
        html.element("h1", text: "\(revision.label), adopted \(revision.date.day)")
        html.element("dl", [("class", "facts")]) { list in
            list.element("dt", text: "Adopted by")
            list.element("dd", text: revision.author.name)
            list.element("dt", text: "Change")
            list.element("dd", text: (revision.change ?? "not stated") + (revision.nonMaterial ? ", adopted as non-material" : ""))
            if let proposal = revision.proposal {
                list.element("dt", text: "From proposal")
                list.element("dd") { cell in
                    if site.hasProposal(proposal) {
                        cell.link("../" + Site.proposalFile(proposal), proposal)
                    } else {
                        cell.text(proposal)
                    }
                }
            }
            if let adoption = site.history.adoptions[revision.commit] { adoptionFacts(adoption, adopted: revision.date, into: &list) }
            list.element("dt", text: "Commit")
            list.element("dd") { $0.element("code", text: revision.commit.hex) }
        }
        if !revision.message.isEmpty {
            html.element("p", [("class", "message")], text: revision.message)
        }
        html.element("nav", [("aria-label", "Revisions"), ("class", "pager")]) { nav in
            if position > 0 { nav.link(site.revisionFiles[position - 1], "← \(site.label(position - 1))", [("rel", "prev")]) }
            nav.text(" ")
            nav.link("index.html", "All revisions")
            nav.text(" ")
            if position + 1 < site.revisions.count { nav.link(site.revisionFiles[position + 1], "\(site.label(position + 1)) →", [("rel", "next")]) }
        }
    }

    /// The consultation window, the approvals the adoption relied on and any override, as recorded.
    private func adoptionFacts(_ adoption: RevisionAdoption, adopted: Timestamp, into list: inout HTML) {
        if adoption.proposal != nil {
            list.element("dt", text: "Consultation")
            list.element("dd", text: adoption.consultationEnd.map { "\($0 <= adopted ? "closed" : "open until") \($0.day)" } ?? "no window")
        }
        if !adoption.approvals.isEmpty {
            list.element("dt", text: "Approved by")
            list.element("dd") { cell in
                cell.element("ul") { items in
                    for relied in adoption.approvals {
                        items.element("li", text: relied.approval.map { "\($0.signatory), version \($0.version), \($0.time.day)" }
                                      ?? "approval \(relied.id.prefix(12)), which the ledger does not hold")
                    }
                }
            }
        }
        if let override = adoption.override {
            list.element("dt", text: "Override")
            list.element("dd", text: "adopted inside its consultation window: \(override)")
        }
    }

    private func writeFirst(_ document: Document) throws(ConductError) -> (counts: Counts, events: [(id: String, event: ClausePages.Event)]) {
        var rendered: [String: String] = [:]
        let file = site.revisionFiles[position]
        let text = try site.page.render(path: path, title: site.revisions[position].label, section: .history) { html in
            header(into: &html)
            html.element("p", text: "The first revision: its whole text, \(document.clauses.count.counting("clause")), as adopted.")
            // Clause links name this page in full: each clause's HTML is reused on its clause page.
            let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? "../history/" + file + Site.fragment(id) : nil }
            TextPage.renderDocument(document, markdown: markdown, clauseHref: { "../" + Site.clauseFile($0) }, into: &html) { id, body in
                rendered[id] = body
            }
        }
        try site.write(path, text)
        let events = rendered.map { id, body in
            (id: id, event: ClausePages.Event(revision: position, anchor: id, significance: .substantive, summary: "added", body: body))
        }
        return (Counts(substantive: document.clauses.count, editorial: 0), events)
    }

    private func writeRedline(_ redline: Redline) throws(ConductError) -> (counts: Counts, events: [(id: String, event: ClausePages.Event)]) {
        let changed = redline.clauses
        let substantive = changed.filter { $0.significance == .substantive }.count
        var events: [(id: String, event: ClausePages.Event)] = []
        var anchors = Set<String>()
        let text = try site.page.render(path: path, title: "\(site.revisions[position].label) redline", section: .history) { html in
            header(into: &html)
            html.element("h2", text: "Changes from \(site.label(position - 1))")
            html.element("p", text: changed.isEmpty
                ? "No clause changed."
                : "\(changed.count) clause\(changed.count == 1 ? "" : "s") changed: \(substantive) substantive, \(changed.count - substantive) editorial.")
            RedlineHTML.legend(into: &html)
            var sections: [(anchor: String, clause: Redline.Clause)] = []
            for clause in changed {
                var anchor = RedlineHTML.anchor(clause.diff)
                while anchors.contains(anchor) { anchor += "-again" }
                anchors.insert(anchor)
                sections.append((anchor, clause))
            }
            if !sections.isEmpty {
                html.element("ul", [("class", "changes")]) { list in
                    for (anchor, clause) in sections {
                        list.element("li") { item in
                            item.link(Site.fragment(anchor), RedlineHTML.title(clause.diff))
                            item.text(" — \(clause.significance.rawValue): \(clause.diff.changeDescription)")
                        }
                    }
                }
            }
            for (anchor, clause) in sections {
                let entry = clause.diff
                var body = HTML(capacity: 1024)
                RedlineHTML.summary(entry, into: &body)
                RedlineHTML.body(clause, into: &body)
                let classes = "change " + entry.significance.rawValue + (entry.changes.contains(.moved) ? " moved" : "")
                html.element("section", [("class", classes), ("id", anchor)]) { section in
                    section.element("h3") { heading in
                        heading.text(RedlineHTML.title(entry))
                        if !RedlineHTML.isPart(entry) {
                            heading.text(" ")
                            heading.link("../" + Site.clauseFile(entry.id), "clause history", [("class", "aside")])
                        }
                    }
                    section.raw(body.output)
                }
                guard !RedlineHTML.isPart(entry) else { continue }
                let event = ClausePages.Event(revision: position, anchor: anchor, significance: entry.significance,
                                              summary: entry.changeDescription, body: body.output)
                let ids = [entry.new?.id, entry.old?.id].compactMap { $0 }.filter { !$0.isEmpty }
                for id in Set(ids).sorted() { events.append((id, event)) }
            }
        }
        try site.write(path, text)
        return (Counts(substantive: substantive, editorial: changed.count - substantive), events)
    }
}

/// The note at the top of a translation's pages that says how it stands against the current
/// text, as `conduct translations` judges it: which source clauses it has not caught up with
/// (each linked to the redline of the revision that changed it), that only editorial changes
/// came since, or which clauses it has no translation of. A translation of the current text,
/// whole, needs no note.
struct TranslationBanner {
    let site: Site
    let translation: SiteHistory.Translation
    /// Each clause id's changes, as the revision pages rendered them.
    let events: [String: [ClausePages.Event]]

    /// The banner of a page whose links climb `up` to the site's root; on a clause's page,
    /// `clause` marks that clause among those it names.
    func render(from up: String, clause: String? = nil, into html: inout HTML) {
        let status = translation.status
        let last = site.revisions.count - 1
        let editorial = status.behind.isEmpty && translation.revision < last
        guard !status.behind.isEmpty || !status.incomplete.isEmpty || editorial else { return }
        let kinds = [!status.behind.isEmpty ? "behind" : nil, !status.incomplete.isEmpty ? "incomplete" : nil, editorial ? "editorial" : nil]
        let page = site.page(for: translation)
        html.element("div", [("class", "banner " + kinds.compactMap { $0 }.joined(separator: " ")), ("role", "note"),
                             ("aria-label", "How this translation stands")] + page.english) { note in
            if !status.behind.isEmpty {
                note.element("p") { line in
                    line.element("strong", text: "This translation has not caught up with the current text.")
                    let count = status.behind.count
                    line.text(" It translates \(status.source), and the current text is \(site.label(last)): since \(status.source) the source "
                              + "changed \(count == 1 ? "this clause" : "these \(count) clauses"), and this translation does not yet say what "
                              + "\(count == 1 ? "it says" : "they say") now:")
                }
                note.element("ul", [("class", "behind")]) { list in
                    for behind in status.behind {
                        list.element("li") { item in
                            self.behind(behind, from: up, this: behind.clause == clause, into: &item)
                        }
                    }
                }
                note.element("p") { line in
                    line.text("Until it is brought up to date, the ")
                    line.link(up + "index.html", "current text")
                    line.text(" is the one that applies.")
                }
            } else if editorial {
                note.element("p") { line in
                    line.element("strong", text: "This translation reads as the current text.")
                    line.text(" It translates \(status.source), and the current text is \(site.label(last)); the changes since are "
                              + "editorial or were adopted as non-material")
                    if !status.editorial.isEmpty {
                        line.text(" (in ")
                        links(status.editorial, from: up, into: &line)
                        line.text(")")
                    }
                    line.text(".")
                }
            }
            if !status.incomplete.isEmpty {
                note.element("p") { line in
                    let count = status.incomplete.count
                    line.element("strong", text: "This translation is incomplete.")
                    line.text(" \(count) clause\(count == 1 ? "" : "s") of \(status.source) \(count == 1 ? "has" : "have") no translation here: ")
                    links(status.incomplete, from: up, into: &line)
                    line.text(".")
                }
            }
        }
    }

    /// One clause the translation is behind on: its source title, linked to its page, what
    /// happened to it, and the redline of each revision that did it.
    private func behind(_ behind: TranslationStatus.Behind, from up: String, this: Bool, into item: inout HTML) {
        item.link(up + Site.clauseFile(behind.clause), title(behind.clause))
        item.text(" (")
        item.element("code", text: behind.clause)
        item.text(this ? "; this clause): " : "): ")
        item.text(behind.change.rawValue + " in ")
        for (index, commit) in behind.commits.enumerated() {
            if index > 0 { item.text(index == behind.commits.count - 1 ? " and " : ", ") }
            let label = index < behind.revisions.count ? behind.revisions[index] : String(commit.hex.prefix(12))
            guard let position = site.positionOfCommit[commit.hex] else {
                item.text(label)
                continue
            }
            // The clause's section on the redline of that revision, as its clause page links it.
            let anchor = events[behind.clause]?.first { $0.revision == position }?.anchor
            item.link(site.revisionLink(position, from: up) + (anchor.map(Site.fragment) ?? ""), label, [("class", "redline")])
        }
        if behind.commits.isEmpty { item.text("a later revision") }
    }

    /// Clauses by their source titles, each linked to its page.
    private func links(_ ids: [String], from up: String, into line: inout HTML) {
        for (index, id) in ids.enumerated() {
            if index > 0 { line.text(", ") }
            line.link(up + Site.clauseFile(id), title(id))
        }
    }

    /// A source clause's latest number and heading, else its id.
    private func title(_ id: String) -> String {
        guard let info = site.history.clauses[id] else { return id }
        return [info.number, info.heading].compactMap { $0 }.joined(separator: " ")
    }
}

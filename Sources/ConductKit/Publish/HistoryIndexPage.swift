/// `history/index.html`: the timeline of revisions and attestations, and every revision,
/// newest first, with how many clauses it changed.
struct HistoryIndexPage {
    let site: Site
    /// Each revision's changed clauses, by significance.
    let counts: [RevisionPage.Counts]

    func write() throws(ConductError) {
        let matrix = site.history.matrix
        let revisions = site.revisions
        let names = Dictionary(matrix.rows.map { ($0.signatory.id, $0.signatory.name) }, uniquingKeysWith: { first, _ in first })
        let timeline = Timeline(
            revisions: revisions.enumerated().map { position, revision in
                let substantive = counts[position].substantive > 0
                return Timeline.Mark(time: revision.date.seconds,
                                     label: "\(revision.label) adopted \(revision.date.day) (\(substantive ? "substantive" : "editorial"))",
                                     style: substantive ? "revision substantive" : "revision editorial")
            },
            attestations: matrix.events.map { event in
                Timeline.Mark(time: event.time.seconds,
                              label: "\(names[event.signatory] ?? event.signatory) \(event.withdrawal ? "withdrew its attestation of" : "attested") \(site.label(event.revision)) on \(event.time.day)",
                              style: event.withdrawal ? "attestation withdrawn" : "attestation")
            })
        let text = try site.page.render(path: "history/index.html", title: "History", section: .history) { html in
            html.element("h1", text: "History")
            html.element("p", text: "Every adopted revision, newest first, with a redline of what it changed.")
            html.element("h2", text: "Timeline")
            timeline.render(into: &html)
            html.element("h2", text: "Revisions")
            html.element("table", [("class", "listing")]) { table in
                table.element("caption", text: "\(revisions.count) revision\(revisions.count == 1 ? "" : "s") of main")
                table.element("thead") { head in
                    head.element("tr") { row in
                        for name in ["Revision", "Adopted", "Change", "Clauses changed", "Message"] {
                            row.element("th", [("scope", "col")], text: name)
                        }
                    }
                }
                table.element("tbody") { body in
                    for position in revisions.indices.reversed() {
                        let revision = revisions[position]
                        let count = counts[position]
                        body.element("tr", [("class", count.substantive > 0 ? "substantive" : "editorial")]) { row in
                            row.element("th", [("scope", "row")]) { $0.link(site.revisionFiles[position], revision.label) }
                            row.element("td", [("class", "date")], text: revision.date.day)
                            row.element("td", text: (revision.change ?? "–") + (revision.nonMaterial ? " (non-material)" : ""))
                            row.element("td", text: position == 0
                                ? "\(count.substantive) (first revision)"
                                : "\(count.substantive) substantive, \(count.editorial) editorial")
                            row.element("td", text: revision.message.split(separator: "\n").first.map(String.init) ?? "")
                        }
                    }
                }
            }
        }
        try site.write("history/index.html", text)
    }
}

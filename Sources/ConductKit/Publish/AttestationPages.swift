/// The attestation matrix pages of the site: signatories × revisions, each cell what
/// `status --at` says, with a key and a pager past `matrixColumns` revisions; the first page
/// also charts how many signatories stand in each state at each revision (`StandingChart`).
struct AttestationPages {
    let site: Site

    /// Attested revisions per page of the attestation matrix.
    static let matrixColumns = 25

    static let states: [(state: AttestationStatus.State, symbol: String, meaning: String)] = [
        (.current, "✓", "attested this revision, or one whose clauses in scope it has not changed"),
        (.currentEditorial, "≈", "attested an earlier revision; only editorial or non-material changes since"),
        (.stale, "!", "attested an earlier revision; clauses in scope changed since"),
        (.expired, "⊗", "the attestation is older than the store's maximum age"),
        (.withdrawn, "↩", "the signatory withdrew its attestation"),
        (.never, "–", "no attestation of this revision or an earlier one"),
        (.invalid, "✗", "the attestation's signature or key does not hold"),
    ]

    func write() throws(ConductError) {
        let matrix = site.history.matrix
        let columns = matrix.revisions.count
        let chunk = AttestationPages.matrixColumns
        let pagesCount = max(1, (columns + chunk - 1) / chunk)
        func file(_ number: Int) -> String { number == 1 ? "attestations.html" : "attestations-\(number).html" }
        // A matrix can have a million cells: each state's markup is made once.
        var cells: [AttestationStatus.State: String] = [:]
        for (state, symbol, _) in AttestationPages.states {
            cells[state] = "<td class=\"st-\(state.rawValue)\">\(symbol)<span class=\"sr\"> \(state.rawValue)</span></td>"
        }
        for number in 1...pagesCount {
            // Page 1 holds the newest revisions; each later page the ones before.
            let upper = columns - (number - 1) * chunk
            let range = max(0, upper - chunk)..<upper
            let title = number == 1 ? "Attestations" : "Attestations, \(site.label(range.lowerBound)) to \(site.label(range.upperBound - 1))"
            let text = try site.page.render(path: file(number), title: title, section: .attestations) { html in
                html.element("h1", text: title)
                html.element("p", text: "Each signatory's standing at each revision of the code, as 'conduct status --at REVISION' "
                             + "reports it, with expiry judged on \(site.now.day).")
                html.element("h2", text: "Key")
                html.element("ul", [("class", "legend")]) { list in
                    for (state, symbol, meaning) in AttestationPages.states {
                        list.element("li") { item in
                            item.element("span", [("class", "cell st-\(state.rawValue)"), ("aria-hidden", "true")], text: symbol)
                            item.text(" ")
                            item.element("strong", text: state.rawValue)
                            item.text(": " + meaning)
                        }
                    }
                }
                if matrix.rows.contains(where: { $0.languages.contains { $0 != nil } }) {
                    html.element("p", [("class", "key")], text: "A language tag under a mark (ja) names the translation the signatory read "
                                 + "for the attestation that counts there; a mark without one, the source text.")
                }
                if number == 1 { StandingChart(site: site).render(into: &html) }
                html.element("h2", text: "Matrix")
                if pagesCount > 1 { matrixPager(number, pagesCount, file, into: &html) }
                if matrix.rows.isEmpty { html.element("p", text: "No signatory is registered.") }
                // A wide table scrolls in its own region, which a keyboard can reach.
                if !matrix.rows.isEmpty { html.element("div", [("class", "scroll"), ("role", "region"), ("aria-label", "Attestation matrix"), ("tabindex", "0")]) { scroll in
                    scroll.element("table", [("class", "matrix")]) { table in
                        table.element("caption", text: "Signatories (rows) by revision (columns, \(site.label(range.lowerBound)) to \(site.label(range.upperBound - 1)))")
                        table.element("thead") { head in
                            head.element("tr") { row in
                                row.element("th", [("scope", "col")], text: "Signatory")
                                for column in range {
                                    row.element("th", [("scope", "col")]) { $0.link(site.revisionLink(column, from: ""), site.label(column)) }
                                }
                            }
                        }
                        table.element("tbody") { body in
                            for row in matrix.rows {
                                body.element("tr") { line in
                                    line.element("th", [("scope", "row")]) { cell in
                                        cell.text(row.signatory.name)
                                        cell.element("span", [("class", "id")], text: " " + row.signatory.id)
                                    }
                                    for column in range {
                                        if let language = row.languages[column], row.states[column] != .never {
                                            line.raw(cell(row.states[column], language: language))
                                        } else {
                                            line.raw(cells[row.states[column]] ?? "<td></td>")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                }
                if number == 1 { attestationList(matrix, into: &html) }
            }
            try site.write(file(number), text)
        }
    }

    /// A cell whose attestation was made on a translation: the state's mark, and the language read.
    private func cell(_ state: AttestationStatus.State, language: String) -> String {
        let symbol = AttestationPages.states.first { $0.state == state }?.symbol ?? ""
        var html = HTML(capacity: 128)
        html.open("td", [("class", "st-\(state.rawValue)")])
        html.text(symbol)
        html.element("span", [("class", "sr")], text: " \(state.rawValue)")
        html.element("span", [("class", "lang")]) { tag in
            tag.element("span", [("class", "sr")], text: ", read in ")
            tag.text(language)
        }
        html.close("td")
        return html.output
    }

    private func matrixPager(_ number: Int, _ count: Int, _ file: (Int) -> String, into html: inout HTML) {
        html.element("nav", [("aria-label", "Revisions of the matrix"), ("class", "pager")]) { nav in
            nav.element("ul") { list in
                for other in 1...count {
                    let upper = site.revisions.count - (other - 1) * AttestationPages.matrixColumns
                    let lower = max(0, upper - AttestationPages.matrixColumns)
                    list.element("li") {
                        $0.link(file(other), "\(site.label(lower))–\(site.label(upper - 1))", [("aria-current", other == number ? "page" : nil)])
                    }
                }
            }
        }
    }

    private func attestationList(_ matrix: AttestationMatrix, into html: inout HTML) {
        html.element("h2", text: "Attestations, newest first")
        guard !matrix.events.isEmpty else {
            html.element("p", text: "No attestation has been made.")
            return
        }
        let names = Dictionary(matrix.rows.map { ($0.signatory.id, $0.signatory.name) }, uniquingKeysWith: { first, _ in first })
        html.element("table", [("class", "listing")]) { table in
            table.element("caption", text: "Every attestation of a revision of main, and every withdrawal")
            table.element("thead") { head in
                head.element("tr") { row in
                    for name in ["Date", "Signatory", "Revision", "Event"] { row.element("th", [("scope", "col")], text: name) }
                }
            }
            table.element("tbody") { body in
                for event in matrix.events.reversed() {
                    body.element("tr") { row in
                        row.element("td", [("class", "date")], text: event.time.day)
                        row.element("th", [("scope", "row")], text: names[event.signatory] ?? event.signatory)
                        row.element("td") { $0.link(site.revisionLink(event.revision, from: ""), site.label(event.revision)) }
                        row.element("td", text: (event.withdrawal ? "withdrawn" : "attested") + (event.language.map { ", read in \($0)" } ?? ""))
                    }
                }
            }
        }
    }
}

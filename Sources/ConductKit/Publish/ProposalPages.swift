/// A page per proposal under `proposals/`: its facts, its redline against the revision it
/// amends, and its comments; and the index of them all.
struct ProposalPages {
    let site: Site

    func write() throws(ConductError) {
        let threads = site.history.threads
        let comments = CommentsHTML(site: site)
        let proposals = site.history.proposals.map(\.proposal)
        var byProposal: [String: [CommentThread]] = [:]
        for thread in threads where Proposal.isProposalSpec(thread.comment.target) {
            byProposal[thread.comment.target, default: []].append(thread)
        }
        for entry in site.history.proposals {
            let proposal = entry.proposal
            let path = Site.proposalFile(proposal.id)
            let text = try site.page.render(path: path, title: proposal.title, section: .proposals) { html in
                html.element("h1", text: proposal.title)
                html.element("dl", [("class", "facts")]) { list in
                    list.element("dt", text: "Proposal")
                    list.element("dd") { $0.element("code", text: proposal.id) }
                    list.element("dt", text: "Status")
                    list.element("dd") { cell in
                        cell.text(proposal.status.rawValue)
                        if let adopted = proposal.adoptedAs, let position = site.positionOfCommit[adopted] {
                            cell.text(" as ")
                            cell.link(site.revisionLink(position, from: "../"), site.label(position))
                        }
                        if let reason = proposal.reason { cell.text(": " + reason) }
                    }
                    list.element("dt", text: "Opened")
                    list.element("dd", text: "\(String(proposal.opened.prefix(10))) by \(proposal.author.name)")
                    list.element("dt", text: "Amends")
                    list.element("dd") { cell in
                        if let position = site.positionOfCommit[proposal.base] {
                            cell.link(site.revisionLink(position, from: "../"), site.label(position))
                        } else {
                            cell.element("code", text: String(proposal.base.prefix(12)))
                        }
                    }
                    list.element("dt", text: "Versions")
                    list.element("dd", text: proposal.versions.map { "\($0.number) (\(String($0.at.prefix(10))))" }.joined(separator: ", "))
                    let listing = entry.listing
                    list.element("dt", text: "Consultation")
                    list.element("dd", text: listing.consultationEnd.map { "\(listing.consultationOpen ? "open until" : "closed") \($0.day)" } ?? "no window")
                    if let override = proposal.override {
                        list.element("dt", text: "Override")
                        list.element("dd", text: override)
                    }
                    list.element("dt", text: "Approvals")
                    if listing.approvals.isEmpty {
                        list.element("dd", text: "none")
                    } else {
                        list.element("dd") { cell in
                            cell.element("ul") { items in
                                for status in listing.approvals {
                                    items.element("li", text: "\(status.signatory), version \(status.approval.version), \(status.approval.time.day): \(status.state.rawValue)")
                                }
                            }
                        }
                    }
                    if let rationale = proposal.rationale {
                        list.element("dt", text: "Rationale")
                        list.element("dd", text: rationale)
                    }
                }
                html.element("section", [("aria-labelledby", "Changes")]) { section in
                    switch entry.redline {
                    case .failure(let error):
                        section.element("h2", [("id", "Changes")], text: "Changes")
                        section.element("p", text: "Its text cannot be read: \(error.description)")
                    case .success(let redline):
                        let changed = redline.clauses
                        section.element("h2", [("id", "Changes")], text: "Changes against \(redline.old)")
                        let substantive = changed.filter { $0.significance == .substantive }.count
                        section.element("p", text: "\(changed.count) clause\(changed.count == 1 ? "" : "s") changed: \(substantive) substantive, \(changed.count - substantive) editorial.")
                        RedlineHTML.legend(into: &section)
                        var anchors = Set<String>()
                        for clause in changed {
                            let entry = clause.diff
                            var anchor = RedlineHTML.anchor(entry)
                            while anchors.contains(anchor) { anchor += "-again" }
                            anchors.insert(anchor)
                            let classes = "change " + entry.significance.rawValue + (entry.changes.contains(.moved) ? " moved" : "")
                            section.element("section", [("class", classes), ("id", anchor)]) { part in
                                part.element("h3", text: RedlineHTML.title(entry))
                                RedlineHTML.summary(entry, into: &part)
                                RedlineHTML.body(clause, into: &part)
                            }
                        }
                    }
                }
                comments.write(byProposal[proposal.id] ?? [], heading: "Comments", from: "../", into: &html)
            }
            try site.write(path, text)
        }
        let index = try site.page.render(path: "proposals/index.html", title: "Proposals", section: .proposals) { html in
            html.element("h1", text: "Proposals")
            if proposals.isEmpty {
                html.element("p", text: "No amendment has been proposed.")
                return
            }
            html.element("table", [("class", "listing")]) { table in
                table.element("caption", text: "Every proposed amendment, oldest first")
                table.element("thead") { head in
                    head.element("tr") { row in
                        for name in ["Proposal", "Title", "Status", "Opened", "Comments"] { row.element("th", [("scope", "col")], text: name) }
                    }
                }
                table.element("tbody") { body in
                    for proposal in proposals {
                        body.element("tr") { row in
                            row.element("th", [("scope", "row")]) { $0.link(HTML.pathSegment(proposal.id) + ".html", proposal.id) }
                            row.element("td", text: proposal.title)
                            row.element("td", text: proposal.status.rawValue)
                            row.element("td", [("class", "date")], text: String(proposal.opened.prefix(10)))
                            row.element("td", text: String(byProposal[proposal.id]?.count ?? 0))
                        }
                    }
                }
            }
        }
        try site.write("proposals/index.html", index)
    }
}

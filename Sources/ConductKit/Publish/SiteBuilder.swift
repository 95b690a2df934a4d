/// Builds the static site of a store, page by page, into a `SiteFolder`.
///
/// The history is read once, oldest revision first: each consecutive pair is diffed once, its
/// redline page written at once, and the redline of each changed clause kept for that
/// clause's page. Everything the pages show is sorted, and nothing depends on the clock but
/// the day attestations are judged at, so one store and one day give byte-identical sites.
final class SiteBuilder {
    private let store: Store
    private let folder: SiteFolder
    let now: Timestamp
    private(set) var page = Page(siteTitle: "", footer: "")
    private(set) var pages = 0
    private(set) var bytes = 0

    /// Attested revisions per page of the attestation matrix.
    static let matrixColumns = 25

    /// One change of a clause in one revision, its redline rendered once.
    private struct ClauseEvent {
        var revision: Int
        var anchor: String
        var significance: Significance
        var summary: String
        var body: String
    }

    /// What the history says of a clause id: its latest heading and where it stood.
    private struct ClauseInfo {
        var number: String?
        var heading: String
        var first: Int
        var last: Int
    }

    private(set) var revisions: [Revision] = []
    private var revisionFiles: [String] = []
    private var positionOfCommit: [String: Int] = [:]
    private var proposals: [Proposal] = []
    private var events: [String: [ClauseEvent]] = [:]
    private var infos: [String: ClauseInfo] = [:]
    private var changeCounts: [(substantive: Int, editorial: Int)] = []
    private var head: Document?
    /// Every revision's clauses, by commit id, for the attestation matrix.
    private var clausesOfRevision: [String: [Clause]] = [:]

    /// The language and direction `publish --lang`/`--dir` asked for, over what the document says.
    private let language: String?
    private let direction: DocumentLanguage.Direction?

    init(store: Store, folder: SiteFolder, now: Timestamp, language: String? = nil, direction: DocumentLanguage.Direction? = nil) {
        self.store = store
        self.folder = folder
        self.now = now
        self.language = language
        self.direction = direction
    }

    func build() throws(ConductError) {
        revisions = try store.history()
        guard !revisions.isEmpty else { throw .corruptStore("refs/heads/main has no history") }
        var taken = Set<String>()
        for (index, revision) in revisions.enumerated() {
            positionOfCommit[revision.commit.hex] = index
            // Two commits claiming one version (a store written by hand) keep a page each.
            var name = (revision.version?.label ?? String(revision.commit.hex.prefix(12))) + ".html"
            if taken.contains(name) { name = String(revision.commit.hex.prefix(12)) + ".html" }
            taken.insert(name)
            revisionFiles.append(name)
        }
        proposals = try store.proposals()
        for directory in ["history", "clauses", "proposals"] { try folder.makeDirectory(directory) }

        try readHistory()
        guard let head else { throw .corruptStore("refs/heads/main has no history") }
        let threads = try store.commentThreads()
        try writeIndex(head, threads: threads)
        try writeClausePages(head, threads: threads)
        try writeProposals(threads: threads)
        let matrix = try store.attestationMatrix(now: now, parsed: clausesOfRevision)
        clausesOfRevision = [:]
        try writeAttestations(matrix)
        try writeHistoryIndex(matrix)
        try write("style.css", Stylesheet.css)
    }

    func write(_ path: String, _ text: String) throws(ConductError) {
        let data = Array(text.utf8)
        try folder.write(path, data)
        pages += path.hasSuffix(".html") ? 1 : 0
        bytes += data.count
    }

    func label(_ position: Int) -> String { revisions[position].label }

    func revisionLink(_ position: Int, from depth: String) -> String { depth + "history/" + revisionFiles[position] }

    /// A clause page's address, percent-encoded for a link (an id may be `行動規範` or `Our-Pledge`).
    private func clauseFile(_ id: String) -> String { "clauses/" + HTML.pathSegment(Self.clausePageName(id)) + ".html" }

    /// The file name of a clause's page, without `.html`: the id itself, but for an id that
    /// names a page of the folder already (`index`), which gets `index~clause` (ids never hold `~`).
    static func clausePageName(_ id: String) -> String { id.lowercased() == "index" ? id + "~clause" : id }

    /// A link to a clause's anchor on a page, percent-encoded as a URL wants it.
    static func fragment(_ id: String) -> String { "#" + HTML.pathSegment(id) }

    private func proposalFile(_ id: String) -> String { "proposals/" + HTML.pathSegment(id) + ".html" }

    // MARK: History

    private func readHistory() throws(ConductError) {
        let memo = DigestMemo()
        // Every page carries the current text's title.
        let current = try store.document(at: revisions[revisions.count - 1], memo: memo)
        page = Page(siteTitle: current.title(orName: store.documentName),
                    footer: "Published with conduct from \(revisions[revisions.count - 1].label) of the store; "
                        + "every revision, proposal, comment and attestation is kept in its git history.")
        var language = DocumentLanguage.of(current)
        if let tag = self.language {
            language = DocumentLanguage(tag: tag, direction: DocumentLanguage.direction(of: tag))
        }
        if let direction { language.direction = direction }
        page.language = language
        page.metadata = SiteBuilder.metadata(current.frontMatter)
        var previous: Document?
        for (position, revision) in revisions.enumerated() {
            let document = try store.document(at: revision, memo: memo)
            if let previous {
                let diff = Differ().diff(previous, document)
                try writeRevision(position, diff: diff, document: document)
            } else {
                try writeFirstRevision(position, document: document)
            }
            clausesOfRevision[revision.commit.hex] = document.clauses
            for clause in document.clauses {
                guard let id = clause.id else { continue }
                infos[id] = ClauseInfo(number: clause.heading.number, heading: clause.heading.plainText,
                                       first: infos[id]?.first ?? position, last: position)
            }
            previous = document
        }
        head = previous
    }

    /// The front matter's keys as `<meta>` pairs: every key that is a plain name, its value on
    /// one line; `lang` and `dir` are declared on `<html>` instead.
    static func metadata(_ frontMatter: FrontMatter?) -> [(name: String, content: String)] {
        guard let frontMatter else { return [] }
        var seen = Set<String>()
        return frontMatter.entries.compactMap { entry in
            let name = entry.key
            guard !["lang", "language", "dir"].contains(name), !name.isEmpty, name.utf8.count <= 64, seen.insert(name).inserted,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) })
            else { return nil }
            let content = entry.value.split(whereSeparator: \.isNewline).joined(separator: " ")
            return (name, content)
        }
    }

    private func revisionHeader(_ position: Int, into html: inout HTML) {
        let revision = revisions[position]
        html.element("h1", text: "\(revision.label), adopted \(revision.date.day)")
        html.element("dl", [("class", "facts")]) { list in
            list.element("dt", text: "Adopted by")
            list.element("dd", text: revision.author.name)
            list.element("dt", text: "Change")
            list.element("dd", text: (revision.change ?? "not stated") + (revision.nonMaterial ? ", adopted as non-material" : ""))
            if let proposal = revision.proposal {
                list.element("dt", text: "From proposal")
                list.element("dd") { cell in
                    if proposals.contains(where: { $0.id == proposal }) {
                        cell.link("../" + proposalFile(proposal), proposal)
                    } else {
                        cell.text(proposal)
                    }
                }
            }
            list.element("dt", text: "Commit")
            list.element("dd") { $0.element("code", text: revision.commit.hex) }
        }
        if !revision.message.isEmpty {
            html.element("p", [("class", "message")], text: revision.message)
        }
        html.element("nav", [("aria-label", "Revisions"), ("class", "pager")]) { nav in
            if position > 0 { nav.link(revisionFiles[position - 1], "← \(label(position - 1))", [("rel", "prev")]) }
            nav.text(" ")
            nav.link("index.html", "All revisions")
            nav.text(" ")
            if position + 1 < revisions.count { nav.link(revisionFiles[position + 1], "\(label(position + 1)) →", [("rel", "next")]) }
        }
    }

    private func writeFirstRevision(_ position: Int, document: Document) throws(ConductError) {
        let path = "history/" + revisionFiles[position]
        var rendered: [String: String] = [:]
        let text = try page.render(path: path, title: revisions[position].label, section: .history) { html in
            revisionHeader(position, into: &html)
            html.element("p", text: "The first revision: its whole text, \(document.clauses.count) clauses, as adopted.")
            // Clause links name this page in full: each clause's HTML is reused on its clause page.
            let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? "../history/" + self.revisionFiles[position] + Self.fragment(id) : nil }
            renderDocument(document, markdown: markdown, clauseHref: { "../" + self.clauseFile($0) }, into: &html) { id, body in
                rendered[id] = body
            }
        }
        try write(path, text)
        changeCounts.append((document.clauses.count, 0))
        for (id, body) in rendered {
            events[id, default: []].append(ClauseEvent(revision: position, anchor: id, significance: .substantive,
                                                       summary: "added", body: body))
        }
    }

    private func writeRevision(_ position: Int, diff: DocumentDiff, document: Document) throws(ConductError) {
        let path = "history/" + revisionFiles[position]
        let changed = diff.filtered()
        let substantive = changed.filter { $0.significance == .substantive }.count
        changeCounts.append((substantive, changed.count - substantive))
        var anchors = Set<String>()
        let text = try page.render(path: path, title: "\(revisions[position].label) redline", section: .history) { html in
            revisionHeader(position, into: &html)
            html.element("h2", text: "Changes from \(label(position - 1))")
            html.element("p", text: changed.isEmpty
                ? "No clause changed."
                : "\(changed.count) clause\(changed.count == 1 ? "" : "s") changed: \(substantive) substantive, \(changed.count - substantive) editorial.")
            Redline.legend(into: &html)
            var sections: [(anchor: String, entry: ClauseDiff)] = []
            for entry in changed {
                var anchor = Redline.anchor(entry)
                while anchors.contains(anchor) { anchor += "-again" }
                anchors.insert(anchor)
                sections.append((anchor, entry))
            }
            if !sections.isEmpty {
                html.element("ul", [("class", "changes")]) { list in
                    for (anchor, entry) in sections {
                        list.element("li") { item in
                            item.link(Self.fragment(anchor), Redline.title(entry))
                            item.text(" — \(entry.significance.rawValue): \(entry.changeDescription)")
                        }
                    }
                }
            }
            for (anchor, entry) in sections {
                var body = HTML(capacity: 1024)
                Redline.summary(entry, into: &body)
                Redline.body(entry, into: &body)
                let classes = "change " + entry.significance.rawValue + (entry.changes.contains(.moved) ? " moved" : "")
                html.element("section", [("class", classes), ("id", anchor)]) { section in
                    section.element("h3") { heading in
                        heading.text(Redline.title(entry))
                        if !Redline.isPart(entry) {
                            heading.text(" ")
                            heading.link("../" + clauseFile(entry.id), "clause history", [("class", "aside")])
                        }
                    }
                    section.raw(body.output)
                }
                guard !Redline.isPart(entry) else { continue }
                let event = ClauseEvent(revision: position, anchor: anchor, significance: entry.significance,
                                        summary: entry.changeDescription, body: body.output)
                var ids = [entry.new?.id, entry.old?.id].compactMap { $0 }
                ids = ids.filter { !$0.isEmpty }
                for id in Set(ids).sorted() { events[id, default: []].append(event) }
            }
        }
        try write(path, text)
    }

    // MARK: The current text

    /// The preamble and every clause of `document` as sections with their ids; `rendered`
    /// receives each clause's own HTML.
    private func renderDocument(_ document: Document, markdown: MarkdownHTML, clauseHref: (String) -> String,
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
                    section.element("p", [("class", "clause-links")]) { line in
                        line.element("a", [("href", clauseHref(id))]) { link in
                            link.text("History and comments")
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

    private func writeIndex(_ document: Document, threads: [CommentThread]) throws(ConductError) {
        let revision = revisions[revisions.count - 1]
        var open: [String: Int] = [:]
        for thread in threads where thread.comment.status == .open && !Proposal.isProposalSpec(thread.comment.target) {
            open[thread.anchor.clause ?? thread.comment.clause, default: 0] += 1
        }
        let text = try page.render(path: "index.html", title: page.siteTitle, section: .text) { html in
            html.element("h1", text: page.siteTitle)
            html.element("p", [("class", "standing")]) { line in
                line.text("The current text: ")
                line.link("history/" + revisionFiles[revisions.count - 1], revision.label)
                line.text(", adopted \(revision.date.day). ")
                line.link("history/index.html", "Every revision")
                line.text(" is kept, with what it changed.")
            }
            if !document.clauses.isEmpty {
                html.element("nav", [("aria-label", "Contents"), ("class", "contents")]) { nav in
                    nav.element("h2", text: "Contents")
                    nav.element("ul") { list in
                        for clause in document.clauses {
                            guard let id = clause.id else { continue }
                            list.element("li", [("class", "level-\(clause.level)")]) {
                                $0.link(Self.fragment(id), [clause.heading.number, clause.heading.plainText].compactMap { $0 }.joined(separator: " "))
                            }
                        }
                    }
                }
            }
            let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? Self.fragment(id) : nil }
            renderDocument(document, markdown: markdown, clauseHref: clauseFile, into: &html, openComments: open)
        }
        try write("index.html", text)
    }

    // MARK: Clauses

    private func writeClausePages(_ document: Document, threads: [CommentThread]) throws(ConductError) {
        var byClause: [String: [CommentThread]] = [:]
        for thread in threads {
            let ids = Set([thread.comment.clause, thread.anchor.clause].compactMap { $0 })
            for id in ids { byClause[id, default: []].append(thread) }
        }
        let current = document.clauses.compactMap(\.id)
        let gone = infos.keys.filter { document.clause($0) == nil }.sorted()
        let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? "../index.html" + Self.fragment(id) : nil }
        for id in current + gone {
            guard let info = infos[id] else { continue }
            let path = "clauses/" + Self.clausePageName(id) + ".html"
            let title = [info.number, info.heading].compactMap { $0 }.joined(separator: " ")
            let text = try page.render(path: path, title: title, section: .clauses) { html in
                html.element("h1", text: title)
                let clause = document.clause(id)
                html.element("p", [("class", "standing")]) { line in
                    line.text("Clause id ")
                    line.element("code", text: id)
                    line.text("; first in ")
                    line.link(revisionLink(info.first, from: "../"), label(info.first))
                    if clause != nil {
                        line.text("; in the current text as ")
                        line.link("../index.html" + Self.fragment(id), title)
                        line.text(".")
                    } else {
                        line.text("; last in ")
                        line.link(revisionLink(info.last, from: "../"), label(info.last))
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
                        let revision = revisions[event.revision]
                        section.element("article", [("class", "change " + event.significance.rawValue)]) { article in
                            article.element("h3") { heading in
                                heading.link(revisionLink(event.revision, from: "../") + Self.fragment(event.anchor), revision.label)
                                heading.text(", \(revision.date.day): \(event.significance.rawValue), \(event.summary)")
                            }
                            article.raw(event.body)
                        }
                    }
                }
                writeComments(byClause[id] ?? [], heading: "Comments", from: "../", into: &html)
            }
            try write(path, text)
        }
        let index = try page.render(path: "clauses/index.html", title: "Clauses", section: .clauses) { html in
            html.element("h1", text: "Clauses")
            html.element("p", text: "Every clause the code has had, each with its history and its comments.")
            html.element("h2", text: "In the current text")
            if current.isEmpty {
                html.element("p", text: "The current text has no clauses: it has no headings below its title.")
            } else {
                html.element("ul") { list in
                    for id in current { list.element("li") { clauseItem(id, into: &$0) } }
                }
            }
            if !gone.isEmpty {
                html.element("h2", text: "No longer in the text")
                html.element("ul") { list in
                    for id in gone { list.element("li") { clauseItem(id, into: &$0) } }
                }
            }
        }
        try write("clauses/index.html", index)
    }

    private func clauseItem(_ id: String, into html: inout HTML) {
        guard let info = infos[id] else { return }
        html.link(HTML.pathSegment(Self.clausePageName(id)) + ".html", [info.number, info.heading].compactMap { $0 }.joined(separator: " "))
        let changes = events[id]?.count ?? 0
        html.text(" (\(id); \(changes) change\(changes == 1 ? "" : "s"))")
    }

    // MARK: Comments

    private func writeComments(_ threads: [CommentThread], heading: String, from up: String, into html: inout HTML) {
        html.element("section", [("class", "comments"), ("aria-labelledby", "Comments")]) { section in
            section.element("h2", [("id", "Comments")], text: heading)
            if threads.isEmpty {
                section.element("p", text: "No comments.")
                return
            }
            for thread in threads { writeThread(thread, level: 3, from: up, into: &section) }
        }
    }

    private func writeThread(_ thread: CommentThread, level: Int, from up: String, into html: inout HTML) {
        let comment = thread.comment
        let classes = "comment " + comment.status.rawValue
        html.element("article", [("class", classes), ("id", "Comment-" + String(comment.id.prefix(12)))]) { article in
            article.element("h\(min(6, level))") { heading in
                heading.text((comment.parent == nil ? "Comment by " : "Reply by ") + (comment.author.name.isEmpty ? "someone" : comment.author.name))
            }
            article.element("p", [("class", "meta")]) { meta in
                var parts: [String] = []
                if let role = comment.role { parts.append(role.rawValue) }
                parts.append(String(comment.at.prefix(10)))
                meta.text(parts.joined(separator: " · ") + " · on ")
                if Proposal.isProposalSpec(comment.target) {
                    meta.link(up + proposalFile(comment.target), "proposal \(comment.target)")
                } else if let position = positionOfCommit[comment.commit] {
                    meta.link(revisionLink(position, from: up), comment.target)
                } else {
                    meta.text(comment.target)
                }
                meta.text(", clause ")
                meta.element("code", text: comment.clause)
                if comment.parent == nil {
                    meta.text(" · ")
                    meta.element("span", [("class", "state " + thread.anchor.state.rawValue)],
                                 text: Self.anchorWords(thread.anchor))
                    meta.text(" · ")
                    meta.element("span", [("class", "status " + comment.status.rawValue)], text: comment.status.rawValue)
                }
            }
            if let quote = comment.quote {
                article.element("blockquote", [("class", "quote")]) { block in
                    block.element("p", text: quote)
                }
            }
            for paragraph in Self.paragraphs(comment.message) {
                article.element("p", text: paragraph)
            }
            if !thread.replies.isEmpty {
                article.element("div", [("class", "replies")]) { replies in
                    for reply in thread.replies { writeThread(reply, level: level + 1, from: up, into: &replies) }
                }
            }
        }
    }

    static func anchorWords(_ anchor: Anchor) -> String {
        switch anchor.state {
        case .current: return "current in \(anchor.readAt)"
        case .outdated: return "outdated: the clause changed by \(anchor.readAt)"
        case .moved: return "moved: the clause stands elsewhere in \(anchor.readAt)"
        case .orphaned: return "orphaned: the clause is gone from \(anchor.readAt)"
        }
    }

    static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    // MARK: Proposals

    private func writeProposals(threads: [CommentThread]) throws(ConductError) {
        var byProposal: [String: [CommentThread]] = [:]
        for thread in threads where Proposal.isProposalSpec(thread.comment.target) {
            byProposal[thread.comment.target, default: []].append(thread)
        }
        for proposal in proposals {
            let path = proposalFile(proposal.id)
            let comparison: Result<Comparison, ConductError>
            do {
                comparison = .success(try store.compare(proposal: proposal))
            } catch {
                comparison = .failure(error)
            }
            let text = try page.render(path: path, title: proposal.title, section: .proposals) { html in
                html.element("h1", text: proposal.title)
                html.element("dl", [("class", "facts")]) { list in
                    list.element("dt", text: "Proposal")
                    list.element("dd") { $0.element("code", text: proposal.id) }
                    list.element("dt", text: "Status")
                    list.element("dd") { cell in
                        cell.text(proposal.status.rawValue)
                        if let adopted = proposal.adoptedAs, let position = positionOfCommit[adopted] {
                            cell.text(" as ")
                            cell.link(revisionLink(position, from: "../"), label(position))
                        }
                        if let reason = proposal.reason { cell.text(": " + reason) }
                    }
                    list.element("dt", text: "Opened")
                    list.element("dd", text: "\(String(proposal.opened.prefix(10))) by \(proposal.author.name)")
                    list.element("dt", text: "Amends")
                    list.element("dd") { cell in
                        if let position = positionOfCommit[proposal.base] {
                            cell.link(revisionLink(position, from: "../"), label(position))
                        } else {
                            cell.element("code", text: String(proposal.base.prefix(12)))
                        }
                    }
                    list.element("dt", text: "Versions")
                    list.element("dd", text: proposal.versions.map { "\($0.number) (\(String($0.at.prefix(10))))" }.joined(separator: ", "))
                    if let rationale = proposal.rationale {
                        list.element("dt", text: "Rationale")
                        list.element("dd", text: rationale)
                    }
                }
                html.element("section", [("aria-labelledby", "Changes")]) { section in
                    switch comparison {
                    case .failure(let error):
                        section.element("h2", [("id", "Changes")], text: "Changes")
                        section.element("p", text: "Its text cannot be read: \(error.description)")
                    case .success(let comparison):
                        let changed = comparison.diff.filtered()
                        section.element("h2", [("id", "Changes")], text: "Changes against \(comparison.old.label)")
                        let substantive = changed.filter { $0.significance == .substantive }.count
                        section.element("p", text: "\(changed.count) clause\(changed.count == 1 ? "" : "s") changed: \(substantive) substantive, \(changed.count - substantive) editorial.")
                        Redline.legend(into: &section)
                        var anchors = Set<String>()
                        for entry in changed {
                            var anchor = Redline.anchor(entry)
                            while anchors.contains(anchor) { anchor += "-again" }
                            anchors.insert(anchor)
                            let classes = "change " + entry.significance.rawValue + (entry.changes.contains(.moved) ? " moved" : "")
                            section.element("section", [("class", classes), ("id", anchor)]) { part in
                                part.element("h3", text: Redline.title(entry))
                                Redline.summary(entry, into: &part)
                                Redline.body(entry, into: &part)
                            }
                        }
                    }
                }
                writeComments(byProposal[proposal.id] ?? [], heading: "Comments", from: "../", into: &html)
            }
            try write(path, text)
        }
        let index = try page.render(path: "proposals/index.html", title: "Proposals", section: .proposals) { html in
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
        try write("proposals/index.html", index)
    }

    // MARK: History index and timeline

    private func writeHistoryIndex(_ matrix: AttestationMatrix) throws(ConductError) {
        let names = Dictionary(matrix.rows.map { ($0.signatory.id, $0.signatory.name) }, uniquingKeysWith: { first, _ in first })
        let timeline = Timeline(
            revisions: revisions.enumerated().map { position, revision in
                let substantive = changeCounts[position].substantive > 0
                return Timeline.Mark(time: revision.date.seconds,
                                     label: "\(revision.label) adopted \(revision.date.day) (\(substantive ? "substantive" : "editorial"))",
                                     style: substantive ? "revision substantive" : "revision editorial")
            },
            attestations: matrix.events.map { event in
                Timeline.Mark(time: event.time.seconds,
                              label: "\(names[event.signatory] ?? event.signatory) \(event.withdrawal ? "withdrew its attestation of" : "attested") \(label(event.revision)) on \(event.time.day)",
                              style: event.withdrawal ? "attestation withdrawn" : "attestation")
            })
        let text = try page.render(path: "history/index.html", title: "History", section: .history) { html in
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
                        let counts = changeCounts[position]
                        body.element("tr", [("class", counts.substantive > 0 ? "substantive" : "editorial")]) { row in
                            row.element("th", [("scope", "row")]) { $0.link(revisionFiles[position], revision.label) }
                            row.element("td", [("class", "date")], text: revision.date.day)
                            row.element("td", text: (revision.change ?? "–") + (revision.nonMaterial ? " (non-material)" : ""))
                            row.element("td", text: position == 0
                                ? "\(counts.substantive) (first revision)"
                                : "\(counts.substantive) substantive, \(counts.editorial) editorial")
                            row.element("td", text: revision.message.split(separator: "\n").first.map(String.init) ?? "")
                        }
                    }
                }
            }
        }
        try write("history/index.html", text)
    }
}

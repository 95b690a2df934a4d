/// Comment threads as a site shows them, on clause and proposal pages: each comment with its
/// author, role, date, target, where its anchor stands today, its quote and its replies.
struct CommentsHTML {
    let site: Site

    func write(_ threads: [CommentThread], heading: String, from up: String, into html: inout HTML) {
        html.element("section", [("class", "comments"), ("aria-labelledby", "Comments")]) { section in
            section.element("h2", [("id", "Comments")], text: heading)
            if threads.isEmpty {
                section.element("p", text: "No comments.")
                return
            }
            for thread in threads { self.thread(thread, level: 3, from: up, into: &section) }
        }
    }

    private func thread(_ thread: CommentThread, level: Int, from up: String, into html: inout HTML) {
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
                    meta.link(up + Site.proposalFile(comment.target), "proposal \(comment.target)")
                } else if let position = site.positionOfCommit[comment.commit] {
                    meta.link(site.revisionLink(position, from: up), comment.target)
                } else {
                    meta.text(comment.target)
                }
                // A comment on a translation is about that text, not the source's.
                if let language = comment.language { meta.text(" in the \(language) translation") }
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
                    for reply in thread.replies { self.thread(reply, level: level + 1, from: up, into: &replies) }
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
}

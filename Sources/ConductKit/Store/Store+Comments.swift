internal import Git

extension Store {
    public static let maximumCommentBytes = 65_536

    /// All comments in the ledger.
    public func allComments() throws(ConductError) -> [String: Comment] {
        // Every comment record lives under comments/ (a record elsewhere is refused as misplaced).
        Comment.fold(try records(in: ["comments"]))
    }

    /// The comment whose id starts with `prefix`.
    public func comment(_ prefix: String) throws(ConductError) -> Comment {
        let all = try allComments()
        let matches = all.values.filter { $0.id.hasPrefix(prefix.lowercased()) }
        guard prefix.count >= 4, matches.count == 1, let match = matches.first else {
            throw .unknownComment(prefix, candidates: matches.map { String($0.id.prefix(10)) }.sorted())
        }
        return match
    }

    /// Comments on clause `clause` of `target` (a revision or a proposal), or with `language`, on
    /// that clause of the translation in force at the revision.
    public func addComment(target spec: String, clause: String, quote: String?, message: String, role: Comment.Role?,
                           language: String? = nil, authorship: Authorship) throws(ConductError) -> Comment {
        let commented = try commentedText(spec, language: language)
        let (revision, document) = (commented.revision, commented.document)
        guard let index = document.clauses.firstIndex(where: { $0.id == clause }) else {
            let known = document.clauses.compactMap(\.id)
            guard let translation = commented.translation else { throw .unknownClause(clause, revision: revision.label, known: known) }
            throw .unknownClause(clause, revision: "the \(translation.language) translation of \(revision.label)", known: known,
                                 hint: "'conduct show \(revision.label) --lang \(translation.language)'")
        }
        try Store.checkMessage(message)
        if let quote {
            guard !quote.allSatisfy(\.isWhitespace), Store.folded(document.canonicalText(ofClause: index)).contains(Store.folded(quote)) else {
                throw .quoteNotInClause(quote, clause: clause, revision: revision.label, language: commented.translation?.language.value)
            }
        }
        // A proposal's comments are kept under its id; a revision's (and its translations') under its version.
        let target = Proposal.isProposalSpec(spec) ? String(revision.label.prefix { $0 != "@" }) : revision.label
        var fields: [String: JSONValue] = [
            "type": .string("comment"), "at": .string(authorship.date.description), "target": .string(target),
            "commit": .string(revision.commit.hex), "clause": .string(clause), "message": .string(message), "by": authorship.json,
        ]
        if let quote { fields["quote"] = .string(quote) }
        if let role { fields["role"] = .string(role.rawValue) }
        if let translation = commented.translation {
            fields["language"] = .string(translation.language.value)
            fields["translation"] = .string(translation.id)
        }
        let record = try makeRecord(fields)
        let text = commented.translation.map { "\(target) (\($0.language))" } ?? target
        try append([record], message: "Comment on \(text) \(clause)", authorship: authorship)
        return try comment(record.id)
    }

    /// Replies to a comment (or to a reply).
    public func reply(to prefix: String, message: String, authorship: Authorship) throws(ConductError) -> Comment {
        let parent = try comment(prefix)
        try Store.checkMessage(message)
        let record = try makeRecord([
            "type": .string("comment-reply"), "at": .string(max(authorship.date, parent.lastActivity.next).description),
            "target": .string(parent.target), "parent": .string(parent.id), "message": .string(message), "by": authorship.json,
        ])
        try append([record], message: "Reply on \(parent.target) \(parent.clause)", authorship: authorship)
        return try comment(record.id)
    }

    /// Resolves or reopens a comment.
    public func setCommentStatus(_ prefix: String, resolved: Bool, authorship: Authorship) throws(ConductError) -> Comment {
        let comment = try self.comment(prefix)
        guard comment.status != (resolved ? .resolved : .open) else {
            throw .commentAlready(String(comment.id.prefix(10)), status: comment.status.rawValue)
        }
        let record = try makeRecord([
            "type": .string(resolved ? "comment-resolved" : "comment-reopened"),
            "at": .string(max(authorship.date, comment.lastActivity.next).description),
            "target": .string(comment.target), "comment": .string(comment.id), "by": authorship.json,
        ])
        try append([record], message: "\(resolved ? "Resolve" : "Reopen") comment \(comment.id.prefix(10))", authorship: authorship)
        return try self.comment(comment.id)
    }

    /// Comment threads, oldest first, each anchored in the text it is read against: main for
    /// comments on revisions, the proposal's latest version for comments on a proposal.
    public func commentThreads(target: String? = nil, clause: String? = nil, status: Comment.Status? = nil,
                               role: Comment.Role? = nil, language: String? = nil) throws(ConductError) -> [CommentThread] {
        let language = try language.map { (tag: String) throws(ConductError) -> String in try LanguageTag(parsing: tag).value }
        let all = try allComments()
        let main = try head()
        // The revisions commented on are parsed first, on both cores: on a store of many
        // comments that parse is most of the work.
        var documents = parsedDocuments(Set(all.values.filter { $0.language == nil }.map(\.commit) + [main.commit.hex]))
        var diffs: [String: DocumentDiff] = [:]
        var blockChanges: [String: [BlockDiff]] = [:]
        let memo = DigestMemo()
        func document(_ commit: String) throws(ConductError) -> Document {
            if let known = documents[commit] { return known }
            let parsed = try self.document(at: try revision(at: CommitID(hex: commit), recorded: commit), memo: memo)
            documents[commit] = parsed
            return parsed
        }
        var proposalTips: [String: Revision] = [:]
        func readAt(_ comment: Comment) throws(ConductError) -> Revision {
            guard Proposal.isProposalSpec(comment.target) else { return main }
            if let known = proposalTips[comment.target] { return known }
            let tip = try proposalRevision(try proposal(comment.target))
            proposalTips[comment.target] = tip
            return tip
        }
        let translations = TranslationTexts(store: self)
        func anchor(_ comment: Comment) throws(ConductError) -> Anchor {
            // A comment on a translation is read against the translation in force at main; one on a
            // revision, against main; one on a proposal, against its latest version.
            let texts: (oldKey: String, old: Document, newKey: String, new: Document, readAt: String)
            if let language = comment.language {
                guard let written = try translations.text(comment.translation ?? ""),
                      let now = try translations.inForce(language) else {
                    return Anchor(state: .orphaned, readAt: try translations.label(language))
                }
                texts = (written.id, written.document, now.id, now.document, now.label)
            } else {
                let view = try readAt(comment)
                texts = (comment.commit, try document(comment.commit), view.commit.hex, try document(view.commit.hex), view.label)
            }
            let (old, new) = (texts.old, texts.new)
            // Clause-level results for the pair of texts; word diffs only for the clauses commented on.
            let key = texts.oldKey + texts.newKey
            let diff = diffs[key] ?? Differ(clausesOnly: true).diff(old, new)
            diffs[key] = diff
            guard let entry = diff.clauses.first(where: { $0.old?.id == comment.clause && ($0.old?.index ?? 0) >= 0 }),
                  entry.status != .removed, let side = entry.new else {
                let original = old.clauses.firstIndex { $0.id == comment.clause }.map { old.canonicalText(ofClause: $0) }
                return Anchor(state: .orphaned, original: original, readAt: texts.readAt)
            }
            var result = Anchor(state: .current, clause: side.id, number: side.number, heading: side.heading, readAt: texts.readAt)
            if entry.significance == .substantive {
                result.state = .outdated
                if let o = entry.old?.index, o >= 0 {
                    // Word diffs depend on the two clause texts alone: many comments share them.
                    let blockKey = old.clauses[o].rawDigest + new.clauses[side.index].rawDigest
                    let changes = blockChanges[blockKey]
                        ?? Differ().blocks(from: old.clauses[o], to: new.clauses[side.index]).filter { $0.operation != .equal }
                    blockChanges[blockKey] = changes
                    result.changes = changes
                }
            } else if entry.changes.contains(.moved) || entry.changes.contains(.renumbered) {
                result.state = .moved
            }
            if let quote = comment.quote {
                result.quoteFound = Store.folded(new.canonicalText(ofClause: side.index)).contains(Store.folded(quote))
            }
            return result
        }
        var children: [String: [Comment]] = [:]
        for comment in all.values { if let parent = comment.parent { children[parent, default: []].append(comment) } }
        func thread(_ comment: Comment) throws(ConductError) -> CommentThread {
            let replies = (children[comment.id] ?? []).sorted { ($0.lastActivity, $0.id) < ($1.lastActivity, $1.id) }
            var threads: [CommentThread] = []
            for reply in replies { threads.append(try thread(reply)) }
            return CommentThread(comment: comment, anchor: try anchor(comment), replies: threads)
        }
        let roots = all.values.filter { comment in
            comment.parent == nil
                && (target == nil || comment.target == target || comment.commit.hasPrefix(target ?? ""))
                && (clause == nil || comment.clause == clause)
                && (status == nil || comment.status == status)
                && (role == nil || comment.role == role)
                && (language == nil || comment.language == language)
        }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        var result: [CommentThread] = []
        let progress = ProgressReporter("anchoring comments", total: roots.count, unit: "threads")
        for root in roots {
            result.append(try thread(root))
            progress.advance()
        }
        return result
    }

    /// The documents at `commits`, parsed on two threads, each with its own libgit2 handle; a
    /// commit that does not read or parse is left out (its reader reports it).
    private func parsedDocuments(_ commits: Set<String>) -> [String: Document] {
        guard commits.count >= 8 else { return [:] }
        let sorted = commits.sorted()
        let halves = [sorted[..<(sorted.count / 2)], sorted[(sorted.count / 2)...]]
        let gitDirectory = path, documentName = self.documentName
        let progress = ProgressReporter("reading the revisions commented on", total: sorted.count, unit: "revisions")
        let parsed = inParallel(2) { half -> [(String, Document)] in
            guard let repository = try? Repository.open(at: gitDirectory) else { return [] }
            let reader = Store(repository: repository, documentName: documentName)
            let memo = DigestMemo()
            return halves[half].compactMap { commit in
                defer { progress.advance() }
                return (try? reader.document(at: try reader.revision(at: CommitID(hex: commit), recorded: commit), memo: memo)).map { (commit, $0) }
            }
        }
        return Dictionary(parsed.joined().map { $0 }, uniquingKeysWith: { first, _ in first })
    }

    /// Open comment threads per clause id: those on revisions, or, when `revision` is a
    /// proposal's text, those on that proposal.
    public func openCommentCounts(for revision: Revision) throws(ConductError) -> [String: Int] {
        let proposal = revision.name.map { String($0.prefix { $0 != "@" }) }
        var counts: [String: Int] = [:]
        // Comments on a translation are about its text, not the source's.
        for comment in try allComments().values where comment.parent == nil && comment.status == .open && comment.language == nil {
            let onProposal = Proposal.isProposalSpec(comment.target)
            guard onProposal ? comment.target == proposal : proposal == nil else { continue }
            counts[comment.clause, default: 0] += 1
        }
        return counts
    }

    static func checkMessage(_ message: String) throws(ConductError) {
        guard !message.allSatisfy(\.isWhitespace) else { throw .emptyField("the message") }
        guard message.utf8.count <= maximumCommentBytes else { throw .messageTooLong(message.utf8.count, limit: maximumCommentBytes) }
    }

    /// White space collapsed and typographic variants folded, for finding a quote.
    static func folded(_ text: String) -> String {
        Fingerprint.fold(text.replacingAll(["*": "", "_": "", "`": "", "\\": ""]))
    }
}

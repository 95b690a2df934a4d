extension Store {
    /// The history a site shows, read oldest revision first: each revision's text once, each
    /// consecutive pair diffed once, each proposal compared with its base and listed with its
    /// window and approvals, how each revision was adopted, and the attestation
    /// matrix judged at `now` from the clauses already read, and every language's translation
    /// judged at the current revision.
    func siteHistory(now: Timestamp) throws(ConductError) -> SiteHistory {
        let revisions = try history()
        guard let last = revisions.last else { throw .corruptStore("refs/heads/main has no history") }
        let proposals = try self.proposals()
        let memo = DigestMemo()
        let current = try self.document(at: last, memo: memo)
        var first: Document?
        var previous: Document?
        var redlines: [Redline?] = []
        var clauses: [String: SiteHistory.ClauseSpan] = [:]
        // Every revision's clauses, by commit id, for the attestation matrix.
        var clausesOfRevision: [String: [Clause]] = [:]
        let progress = ProgressReporter("comparing revisions", total: revisions.count, unit: "revisions")
        for (position, revision) in revisions.enumerated() {
            let document = try self.document(at: revision, memo: memo)
            if let previous {
                let diff = Differ().diff(previous, document)
                redlines.append(Redline(old: revisions[position - 1].label, new: revision.label, clauses: diff.filtered()))
            } else {
                first = document
                redlines.append(nil)
            }
            clausesOfRevision[revision.commit.hex] = document.clauses
            for clause in document.clauses {
                guard let id = clause.id else { continue }
                clauses[id] = SiteHistory.ClauseSpan(number: clause.heading.number, heading: clause.heading.plainText,
                                                     first: clauses[id]?.first ?? position, last: position)
            }
            previous = document
            progress.advance()
        }
        progress.finish()
        guard let first else { throw .corruptStore("refs/heads/main has no history") }
        let threads = try commentThreads()
        var proposalRedlines: [SiteHistory.ProposalRedline] = []
        for listing in try proposalListing(proposals, now: now) {
            let proposal = listing.proposal
            let redline: Result<Redline, ConductError>
            do {
                let comparison = try compare(proposal: proposal)
                redline = .success(Redline(comparison, shown: comparison.diff.filtered()))
            } catch {
                redline = .failure(error)
            }
            proposalRedlines.append(SiteHistory.ProposalRedline(listing: listing, redline: redline))
        }
        let matrix = try attestationMatrix(now: now, parsed: clausesOfRevision)
        return SiteHistory(documentName: documentName, revisions: revisions, first: first, current: current,
                           redlines: redlines, clauses: clauses, threads: threads, proposals: proposalRedlines,
                           adoptions: try adoptions(of: revisions), matrix: matrix,
                           translations: try siteTranslations(revisions))
    }

    /// Each language's translation as `translations` judges it at the tip of main, with its text.
    private func siteTranslations(_ revisions: [Revision]) throws(ConductError) -> [SiteHistory.Translation] {
        // Judging walks main once more: a store without translations is spared it.
        guard try !translationRecords().isEmpty else { return [] }
        var positions: [String: Int] = [:]
        for (position, revision) in revisions.enumerated() { positions[revision.commit.hex] = position }
        var translations: [SiteHistory.Translation] = []
        for row in try self.translations().rows {
            guard let position = positions[row.translation.revision] else { continue }
            let document: Document
            do throws(DocumentProblem) {
                document = try Document.parse(text: row.translation.text)
            } catch {
                throw .corruptStore("the \(row.language) translation \(row.translation.id.prefix(12)) does not parse: \(error.explanation)")
            }
            translations.append(SiteHistory.Translation(status: row, document: document, revision: position))
        }
        return translations
    }
}

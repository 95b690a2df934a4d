import ArgumentParser
import ConductKit

extension Conduct {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the document of a revision, or one clause of it.",
            discussion: """
                Without --raw the text is printed in canonical Markdown; with --raw, the stored bytes. With a \
                proposal, its consultation window, comment count, any override and its approvals so far (who, \
                which version, what state) are noted on standard error.
                """)

        @Argument(help: ArgumentHelp("The revision (default: main).", valueName: "REV"))
        var revision: String?

        @Option(help: ArgumentHelp("Print only this clause and the clauses under it.", valueName: "ID"))
        var clause: String?

        @Flag(help: "Print the stored bytes as they are.")
        var raw = false

        @Option(name: .customLong("version"), help: ArgumentHelp("With a proposal: which of its versions.", valueName: "N"))
        var proposalVersion: Int?

        @Option(help: ArgumentHelp("Print the translation in this language (a BCP 47 tag) that the revision has.", valueName: "LANG"))
        var lang: String?

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            if let lang {
                guard proposalVersion == nil else {
                    throw CommandFailure(message: "--lang shows a translation of an adopted revision; --version is for proposals", code: 64)
                }
                return try showTranslation(try store.translatedRevision(lang, at: self.revision), store: store)
            }
            let revision: Revision
            if let proposalVersion {
                guard let spec = self.revision else {
                    throw CommandFailure(message: "--version N goes with a proposal: conduct show PROPOSAL --version N", code: 64)
                }
                let proposal: Proposal
                do {
                    proposal = try store.proposal(spec)
                } catch {
                    guard case .unknownProposal = error, (try? store.resolve(spec)) != nil else { throw error }
                    throw CommandFailure(message: "'\(spec)' is an adopted revision, and --version N picks a version of a proposal: "
                                         + "leave --version out to show \(spec), or name a proposal ('conduct proposals --status all' lists them)", code: 64)
                }
                revision = try store.proposalRevision(proposal, version: proposalVersion)
            } else {
                revision = try store.resolve(self.revision)
            }
            if raw, clause == nil {
                Terminal.writeBytes(try store.documentBytes(at: revision))
                return
            }
            let document = try store.document(at: revision)
            var shown = document.clauses.compactMap(\.id)
            if let clause {
                let index = try store.clauseIndex(clause, in: document, revision: revision)
                let subtree = document.subtree(at: index)
                shown = subtree.compactMap { document.clauses[$0].id }
                Terminal.line(raw ? document.rawText(ofClauses: subtree) : document.canonicalText(ofClauses: subtree))
            } else {
                Terminal.write(document.canonicalText)
            }
            // Open comments are mentioned on standard error, so the text on standard output stays the document.
            let counts = try store.openCommentCounts(for: revision).filter { shown.contains($0.key) }
            if !counts.isEmpty {
                let list = shown.compactMap { id in counts[id].map { "\(id) \($0)" } }.joined(separator: ", ")
                Terminal.note("open comments: \(list); see 'conduct comments'")
            }
            // A proposal's window, comments, any override and approvals so far (standard output stays the document).
            if let spec = self.revision, Proposal.isProposalSpec(spec) {
                let listing = try store.proposalListing(of: try store.proposal(spec), now: .now)
                Terminal.note(listing.consultationSummary)
                Terminal.note(listing.approvals.summary)
            }
        }

        /// `show REV --lang LANG`: the translated text, with a note when it translates an earlier revision.
        private func showTranslation(_ translated: TranslatedRevision, store: Store) throws {
            if translated.source.commit != translated.asked.commit {
                Terminal.note("note: the \(translated.translation.language) translation translates \(translated.source.label), not \(translated.asked.label); see 'conduct translations --at \(translated.asked.label)'")
            }
            let document = translated.document
            if raw, clause == nil {
                Terminal.write(document.text)
                return
            }
            if let clause {
                let index = try store.clauseIndex(clause, in: document, revision: translated.source)
                let subtree = document.subtree(at: index)
                Terminal.line(raw ? document.rawText(ofClauses: subtree) : document.canonicalText(ofClauses: subtree))
            } else {
                Terminal.write(document.canonicalText)
            }
        }
    }
}

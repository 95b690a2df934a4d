import ArgumentParser
import ConductKit

/// Where a proposal's new text comes from: a file, an editor, or one clause's new body.
struct TextSource: ParsableArguments {
    @Option(help: ArgumentHelp("The proposed text (Markdown; - for standard input).", valueName: "FILE"))
    var from: String?

    @Flag(help: "Edit the current text in $VISUAL or $EDITOR; an unchanged or empty text aborts.")
    var edit = false

    /// Reads the new text; `current` is what the editor starts from and what a clause edit changes.
    /// `revision` is how the user named the revision `current` reads (for the hint of an unknown clause).
    func read(current: () throws -> Document, revision: String = "main", clause: String?, textFile: String?) throws -> (bytes: [UInt8], source: String) {
        let chosen = [from != nil, edit, clause != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw CommandFailure(message: "give exactly one of --from FILE, --edit, or --clause ID --text-file FILE", code: 64)
        }
        if let from { return (try readInput(from), from) }
        let document = try current()
        if edit {
            let edited = try Editor.edit(document.text)
            guard !edited.allSatisfy(\.isWhitespace), edited != document.text else {
                throw CommandFailure(message: "the text was left unchanged or empty; nothing was written")
            }
            return (Array(edited.utf8), "the edited text")
        }
        guard let clause, let textFile else {
            throw CommandFailure(message: "--clause ID needs --text-file FILE with the clause's new body", code: 64)
        }
        let body = String(decoding: try readInput(textFile), as: UTF8.self)
        guard let text = document.replacingBody(ofClause: clause, with: body) else {
            throw ConductError.unknownClause(clause, revision: "the base revision", known: document.clauses.compactMap(\.id),
                                             hint: "'conduct outline \(revision)'")
        }
        return (Array(text.utf8), textFile)
    }
}

extension Conduct {
    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose an amendment on top of the current revision (or --base).",
            discussion: "Prints the proposal's id (any unique prefix works everywhere) and what it changes.")

        @Option(help: "The proposal's title.")
        var title: String

        @Option(help: "Why the change is proposed.")
        var rationale: String?

        @OptionGroup var text: TextSource

        @Option(help: ArgumentHelp("Replace the body of this clause…", valueName: "ID"))
        var clause: String?

        @Option(help: ArgumentHelp("…with the text of this file.", valueName: "FILE"))
        var textFile: String?

        @Option(help: ArgumentHelp("The revision the proposal amends (default: main).", valueName: "REV"))
        var base: String?

        @Flag(help: "Confirm a text that removes every clause of the revision it amends (refused without it).")
        var removeAll = false

        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let (bytes, source) = try text.read(current: { try store.document(at: try store.resolve(base)) }, revision: base ?? "main",
                                                clause: clause, textFile: textFile)
            let (proposal, diff) = try store.propose(title: title, rationale: rationale, bytes: bytes, source: source,
                                                     base: base, authorship: try authorship.authorship(store: store), removeAll: removeAll)
            Terminal.line("Proposed \(proposal.id): \(proposal.title)")
            Terminal.write(Render.changeSummary(ClauseChange.from(diff), indent: "  "))
        }
    }

    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a new version of an open proposal; earlier versions stay readable (show PROPOSAL --version N).")

        @Argument(help: "The proposal (an id prefix).")
        var proposal: String

        @OptionGroup var text: TextSource

        @Flag(help: "Confirm a text that removes every clause of the revision the proposal amends (refused without it).")
        var removeAll = false

        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let (bytes, source) = try text.read(
                current: { try store.document(at: try store.proposalRevision(try store.proposal(proposal))) },
                clause: nil, textFile: nil)
            let (updated, diff) = try store.revise(proposal, bytes: bytes, source: source,
                                                   authorship: try authorship.authorship(store: store), removeAll: removeAll)
            Terminal.line("Revised \(updated.id): version \(updated.versions.count)")
            Terminal.write(Render.changeSummary(ClauseChange.from(diff), indent: "  "))
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw an open proposal (its author's choice).")
        @Argument(help: "The proposal (an id prefix).") var proposal: String
        @Option(help: "Why.") var reason: String?
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            try changeStatus(proposal, to: .withdrawn, reason: reason, verb: "Withdrew", options: options, authorship: authorship)
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject an open proposal (the secretariat's decision).")
        @Argument(help: "The proposal (an id prefix).") var proposal: String
        @Option(help: "Why it is rejected.") var reason: String
        @OptionGroup var secretariat: SecretariatKeyOptions
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            try changeStatus(proposal, to: .rejected, reason: reason, verb: "Rejected", options: options, authorship: authorship,
                             secretariat: secretariat)
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a withdrawn or rejected proposal, or a resolved comment.")
        @Argument(help: "The proposal (p…) or comment id prefix.") var id: String
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            if id.first == "p" {
                try changeStatus(id, to: .open, reason: nil, verb: "Reopened", options: options, authorship: authorship)
            } else {
                let store = try options.openForWriting()
                let comment = try store.setCommentStatus(id, resolved: false, authorship: try authorship.authorship(store: store))
                Terminal.line("Reopened comment \(comment.id.prefix(10)) on \(comment.target) \(comment.clause)")
            }
        }
    }

    struct Proposals: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List proposals.")

        enum StatusFilter: String, ExpressibleByArgument, CaseIterable { case open, adopted, withdrawn, rejected, all }

        @Option(help: "Which proposals.") var status: StatusFilter = .open
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let shown = try store.proposals().filter { status == .all || $0.status.rawValue == status.rawValue }
            switch format {
            case .json:
                try Terminal.json(ProposalsView(proposals: shown))
            case .text:
                if shown.isEmpty { Terminal.line("no \(status == .all ? "" : status.rawValue + " ")proposals") }
                for proposal in shown {
                    let adopted = proposal.adoptedAs.map { " as \($0.prefix(12))" } ?? ""
                    Terminal.line("\(proposal.id)  \(proposal.status.rawValue)\(adopted)  v\(proposal.versions.count)  \(proposal.opened.prefix(10))  \(proposal.author)  \(proposal.title)")
                }
            }
        }
    }
}

/// Withdraws, rejects or reopens a proposal and says so: what the three status commands share.
private func changeStatus(_ proposal: String, to status: Proposal.Status, reason: String?, verb: String,
                          options: StoreOptions, authorship: AuthorshipOptions, secretariat: SecretariatKeyOptions? = nil) throws {
    let store = try options.openForWriting()
    if let secretariat { _ = secretariat.applied(to: store) }
    let updated = try store.setStatus(proposal, to: status, reason: reason, authorship: try authorship.authorship(store: store))
    Terminal.line("\(verb) \(updated.id): \(updated.title)")
}

/// `conduct proposals --format json` (Schemas/proposals.schema.json).
struct ProposalsView: Encodable {
    struct Entry: Encodable {
        var id: String
        var title: String
        var rationale: String?
        var author: Identity
        var opened: String
        var base: String
        var status: String
        var versions: [Proposal.Version]
        var adoptedAs: String?
        var reason: String?
    }

    var proposals: [Entry]

    init(proposals: [Proposal]) {
        self.proposals = proposals.map {
            Entry(id: $0.id, title: $0.title, rationale: $0.rationale, author: $0.author, opened: $0.opened, base: $0.base,
                  status: $0.status.rawValue, versions: $0.versions, adoptedAs: $0.adoptedAs, reason: $0.reason)
        }
    }
}

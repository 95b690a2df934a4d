import ArgumentParser
import ConductKit

extension Conduct {
    struct Adopt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adopt",
            abstract: "Adopt a proposal, or record a new revision directly with --from (the secretariat's path).",
            discussion: """
                Headings that kept their {#id} keep it; a heading without one is matched to the current \
                revision's clause with the same body, the same heading or similar text (as diff matches \
                clauses) before a new id is minted from its words. \
                The revision is tagged vX.Y (default: the next minor version). A text that removes every \
                clause of the current revision is refused, naming them, unless --remove-all confirms it.
                """)

        @Argument(help: ArgumentHelp("A proposal to adopt (an id prefix), merged clause by clause if main has moved.", valueName: "PROPOSAL"))
        var proposal: String?

        @Option(help: ArgumentHelp("The new text (Markdown; - for standard input).", valueName: "FILE"))
        var from: String?

        @Flag(help: "Mark the revision non-material: attestations of earlier revisions stay current.")
        var nonMaterial = false

        @Option(help: ArgumentHelp("Its version (default: the next minor version).", valueName: "X.Y"))
        var version: String?

        @Option(help: "The revision's message (default: 'Adopt vX.Y').")
        var message: String?

        @Flag(help: "Confirm a text that removes every clause of the current revision (refused without it).")
        var removeAll = false

        @Flag(help: "Adopt although the consultation window is open, when the adoption rule allows overrides (needs --reason).")
        var override = false

        @Option(help: "Why the window is overridden: recorded on the revision (Conduct-Override) and shown by log.")
        var reason: String?

        @OptionGroup var secretariat: SecretariatKeyOptions
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let version = try self.version.map { text in
                guard let version = Version(text) else { throw ConductError.invalidVersion(text) }
                return version
            }
            guard (proposal == nil) != (from == nil) else {
                throw CommandFailure(message: "give either a PROPOSAL or --from FILE", code: 64)
            }
            guard override == (reason != nil) else {
                throw CommandFailure(message: override ? "--override needs --reason TEXT: say why the window is overridden" : "--reason goes with --override", code: 64)
            }
            let store = secretariat.applied(to: try options.openForWriting())
            let adoption: Adoption
            if let proposal {
                adoption = try store.adopt(proposal: proposal, version: version, nonMaterial: nonMaterial, message: message,
                                           authorship: try authorship.authorship(store: store), removeAll: removeAll, override: reason)
            } else if let from {
                guard !nonMaterial else {
                    throw CommandFailure(message: "--non-material applies to adopting a proposal", code: 64)
                }
                adoption = try store.adopt(bytes: try readInput(from), source: from, version: version, message: message,
                                           authorship: try authorship.authorship(store: store), removeAll: removeAll, override: reason)
            } else {
                return
            }
            let kind = ClauseChange.rollUp(adoption.changes)
            Terminal.line("Adopted \(adoption.revision.label) (commit \(adoption.revision.commit.hex.prefix(12))), \(kind.rawValue):")
            Terminal.write(adoption.changes.isEmpty ? "  no clause changed\n" : Render.changeSummary(adoption.changes, indent: "  "))
            if let override = adoption.revision.override { Terminal.line("  consultation window overridden: \(override)") }
            Render.assignments(adoption.assignments)
        }
    }
}

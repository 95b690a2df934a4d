import ArgumentParser
import ConductKit

extension Conduct {
    struct Propose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose",
            abstract: "Propose an amendment on top of the current revision (or --base).",
            discussion: "Prints the proposal's id (any unique prefix works everywhere) and what it changes.")

        @Option(help: "The proposal's title.")
        var title: String

        @Option(help: "Why the change is proposed.")
        var rationale: String?

        @OptionGroup var text: TextSource

        @Option(help: ArgumentHelp("Replace the body of this clause...", valueName: "ID"))
        var clause: String?

        @Option(help: ArgumentHelp("...with the text of this file.", valueName: "FILE"))
        var textFile: String?

        @Option(help: ArgumentHelp("The revision the proposal amends (default: main).", valueName: "REV"))
        var base: String?

        @Flag(help: "Confirm a text that removes every clause of the revision it amends (refused without it).")
        var removeAll = false

        @Option(help: ArgumentHelp("The end of its consultation window (default: the proposal's date plus the adoption rule's adoption.consultation).", valueName: "DATE"))
        var consultationUntil: String?

        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let (bytes, source) = try text.read(current: { try store.document(at: try store.resolve(base)) }, revision: base ?? "main",
                                                clause: clause, textFile: textFile)
            let (proposal, diff) = try store.propose(title: title, rationale: rationale, bytes: bytes, source: source,
                                                     base: base, authorship: try authorship.authorship(store: store), removeAll: removeAll,
                                                     consultationUntil: consultationUntil)
            Terminal.line("Proposed \(proposal.id): \(proposal.title)")
            if let until = proposal.consultationUntil { Terminal.line("  consultation until \(until)") }
            Terminal.write(Render.changeSummary(ClauseChange.from(diff), indent: "  "))
        }
    }
}

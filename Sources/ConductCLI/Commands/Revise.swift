import ArgumentParser
import ConductKit

extension Conduct {
    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revise",
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
}

import ArgumentParser
import ConductKit

extension Conduct {
    struct Proposals: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "proposals", abstract: "List proposals.")

        enum StatusFilter: String, ExpressibleByArgument, CaseIterable { case open, adopted, withdrawn, rejected, all }

        @Option(help: "Which proposals.") var status: StatusFilter = .open
        @Option(help: "Output format.") var format: ListingFormat = .text
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let shown = try store.proposalListing(now: Timestamp.now).filter { status == .all || $0.proposal.status.rawValue == status.rawValue }
            switch format {
            case .json:
                try Terminal.json(ProposalsView(listing: shown))
            case .csv:
                CSV.write(try ProposalsView(listing: shown).csvItems, columns: ProposalsView.csvColumns)
            case .text:
                ProposalsView.writeText(shown, status: status.rawValue, all: status == .all)
            }
        }
    }
}

import ArgumentParser
import ConductKit

extension Conduct {
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

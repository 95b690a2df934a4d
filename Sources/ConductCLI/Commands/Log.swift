import ArgumentParser
import ConductKit

extension Conduct {
    struct Log: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "List adopted revisions, newest first, with the clauses each one changed.")

        @Option(help: "Output format.")
        var format: ListingFormat = .text

        @Option(help: ArgumentHelp("Show at most N revisions.", valueName: "N"))
        var limit: Int?

        @OptionGroup var options: StoreOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            let store = try options.open()
            let summaries = try store.log(limit: limit)
            switch format {
            case .json:
                Terminal.json(LogView(documentName: store.documentName, summaries: summaries).json, empty: .open)
            case .csv:
                CSV.write(LogView(documentName: store.documentName, summaries: summaries).csvItems, columns: LogView.csvColumns)
            case .text:
                Terminal.write(LogView.text(summaries))
            }
        }
    }
}

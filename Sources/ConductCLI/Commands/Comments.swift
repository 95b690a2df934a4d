import ArgumentParser
import ConductKit

extension Conduct {
    struct Comments: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "comments",
            abstract: "List comment threads, each anchored in today's text: current, outdated, moved or orphaned.")

        enum StatusFilter: String, ExpressibleByArgument, CaseIterable { case open, resolved, all }

        @Argument(help: ArgumentHelp("Only comments on this revision or proposal.", valueName: "TARGET")) var target: String?
        @Option(help: ArgumentHelp("Only comments on this clause.", valueName: "ID")) var clause: String?
        @Option(help: "Which threads.") var status: StatusFilter = .open
        @Option(help: "Only comments by this role.") var role: Comment.Role?
        @Option(help: ArgumentHelp("Only comments on the translation in this language.", valueName: "LANG")) var lang: String?
        @Option(help: "Output format.") var format: ListingFormat = .text
        @OptionGroup var options: StoreOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            let store = try options.open()
            let threads = try store.commentThreads(
                target: target.map { Version($0)?.label ?? $0 }, clause: clause,
                status: status == .all ? nil : Comment.Status(rawValue: status.rawValue), role: role, language: lang)
            switch format {
            case .json:
                Terminal.json(CommentsView(threads: threads).json)
            case .csv:
                CSV.write(CommentsView(threads: threads).csvItems, columns: CommentsView.csvColumns)
            case .text:
                if threads.isEmpty { Terminal.line("no \(status == .all ? "" : status.rawValue + " ")comments") }
                Terminal.write(CommentsView(threads: threads).text)
            }
        }
    }
}

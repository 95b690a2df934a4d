import ArgumentParser
import ConductKit

extension Conduct {
    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen a withdrawn or rejected proposal, or a resolved comment.")
        @Argument(help: "The proposal (p...) or comment id prefix.") var id: String
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
}

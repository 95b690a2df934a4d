import ArgumentParser
import ConductKit

extension Conduct {
    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Mark a comment resolved.")
        @Argument(help: "The comment (an id prefix).") var comment: String
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let resolved = try store.setCommentStatus(comment, resolved: true, authorship: try authorship.authorship(store: store))
            Terminal.line("Resolved comment \(resolved.id.prefix(10)) on \(resolved.target) \(resolved.clause)")
        }
    }
}

import ArgumentParser
import ConductKit

extension Conduct {
    struct CommentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "comment", abstract: "Comment on a clause of a revision or a proposal.")

        @Argument(help: ArgumentHelp("The revision or proposal commented on.", valueName: "TARGET")) var target: String
        @Option(help: ArgumentHelp("The clause.", valueName: "ID")) var clause: String
        @Option(help: "Exact words of the clause the comment is about.") var quote: String?
        @OptionGroup var text: MessageOptions
        @Option(help: "The commenter's role.") var role: Comment.Role?
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let comment = try store.addComment(target: target, clause: clause, quote: quote, message: try text.read(), role: role,
                                               authorship: try authorship.authorship(store: store))
            Terminal.line("Comment \(comment.id.prefix(10)) on \(comment.target) \(comment.clause)")
        }
    }
}

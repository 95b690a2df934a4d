import ArgumentParser
import ConductKit

extension Conduct {
    struct CommentCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "comment", abstract: "Comment on a clause of a revision or a proposal, or of a translation of a revision.",
            discussion: """
                With --lang LANG the comment is on the clause of the LANG translation in force at TARGET (the \
                text 'conduct show TARGET --lang LANG' prints); --quote must then be words of that text.
                """)

        @Argument(help: ArgumentHelp("The revision or proposal commented on.", valueName: "TARGET")) var target: String
        @Option(help: ArgumentHelp("The clause.", valueName: "ID")) var clause: String
        @Option(help: "Exact words of the clause the comment is about.") var quote: String?
        @OptionGroup var text: MessageOptions
        @Option(help: "The commenter's role.") var role: Comment.Role?
        @Option(help: ArgumentHelp("Comment on the translation in this language (a BCP 47 tag).", valueName: "LANG")) var lang: String?
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let comment = try store.addComment(target: target, clause: clause, quote: quote, message: try text.read(), role: role,
                                               language: lang, authorship: try authorship.authorship(store: store))
            let language = comment.language.map { " (\($0))" } ?? ""
            Terminal.line("Comment \(comment.id.prefix(10)) on \(comment.target)\(language) \(comment.clause)")
        }
    }
}

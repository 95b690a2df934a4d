import ArgumentParser
import ConductKit

extension Conduct {
    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reply", abstract: "Reply to a comment (or to a reply).")
        @Argument(help: "The comment (an id prefix).") var comment: String
        @OptionGroup var text: MessageOptions
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let reply = try store.reply(to: comment, message: try text.read(), authorship: try authorship.authorship(store: store))
            Terminal.line("Reply \(reply.id.prefix(10)) to \(reply.parent?.prefix(10) ?? "")")
        }
    }
}

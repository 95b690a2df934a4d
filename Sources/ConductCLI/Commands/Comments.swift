import ArgumentParser
import ConductKit

extension Comment.Role: ExpressibleByArgument {}

/// `--message TEXT` or `--file FILE`.
struct MessageOptions: ParsableArguments {
    @Option(help: "The message.") var message: String?
    @Option(help: ArgumentHelp("Read the message from a file (- for standard input).", valueName: "FILE")) var file: String?

    func read() throws -> String {
        switch (message, file) {
        case (let message?, nil): return message
        case (nil, let file?): return String(decoding: try readInput(file), as: UTF8.self)
        default: throw CommandFailure(message: "give exactly one of --message TEXT or --file FILE", code: 64)
        }
    }
}

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

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reply to a comment (or to a reply).")
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

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a comment resolved.")
        @Argument(help: "The comment (an id prefix).") var comment: String
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.openForWriting()
            let resolved = try store.setCommentStatus(comment, resolved: true, authorship: try authorship.authorship(store: store))
            Terminal.line("Resolved comment \(resolved.id.prefix(10)) on \(resolved.target) \(resolved.clause)")
        }
    }

    struct Comments: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List comment threads, each anchored in today's text: current, outdated, moved or orphaned.")

        enum StatusFilter: String, ExpressibleByArgument, CaseIterable { case open, resolved, all }

        @Argument(help: ArgumentHelp("Only comments on this revision or proposal.", valueName: "TARGET")) var target: String?
        @Option(help: ArgumentHelp("Only comments on this clause.", valueName: "ID")) var clause: String?
        @Option(help: "Which threads.") var status: StatusFilter = .open
        @Option(help: "Only comments by this role.") var role: Comment.Role?
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let threads = try store.commentThreads(
                target: target.map { Version($0)?.label ?? $0 }, clause: clause,
                status: status == .all ? nil : Comment.Status(rawValue: status.rawValue), role: role)
            switch format {
            case .json:
                CommentsView(threads: threads).json.writePretty { Terminal.writeBytes($0) }
                Terminal.writeBytes([UInt8(ascii: "\n")])
            case .text:
                if threads.isEmpty { Terminal.line("no \(status == .all ? "" : status.rawValue + " ")comments") }
                var out = ""
                func write(_ thread: CommentThread, depth: Int) {
                    let indent = String(repeating: "    ", count: depth)
                    let c = thread.comment
                    let role = c.role.map { " (\($0.rawValue))" } ?? ""
                    out += "\(indent)\(c.id.prefix(10))  \(c.at.prefix(10))  \(c.author)\(role)  on \(c.target) {#\(c.clause)}  \(c.status.rawValue)"
                    out += "  [\(thread.anchor.state.rawValue) at \(thread.anchor.readAt)]\n"
                    if let quote = c.quote {
                        out += "\(indent)  > \(quote)" + (thread.anchor.quoteFound == false ? "  (no longer in the text)" : "") + "\n"
                    }
                    for line in c.message.split(separator: "\n", omittingEmptySubsequences: false) { out += "\(indent)  \(line)\n" }
                    if depth == 0, thread.anchor.state == .outdated {
                        for block in thread.anchor.changes ?? [] {
                            let words = block.words?.map { edit -> String in
                                switch edit.operation {
                                case .equal: return edit.text
                                case .delete: return "[-\(edit.text)-]"
                                case .insert: return "{+\(edit.text)+}"
                                }
                            }.joined() ?? ((block.old.map { "[-\($0)-]" } ?? "") + (block.new.map { "{+\($0)+}" } ?? ""))
                            out += "\(indent)  since: \(words)\n"
                        }
                    } else if depth == 0, thread.anchor.state == .moved {
                        out += "\(indent)  now: \([thread.anchor.number, thread.anchor.heading].compactMap { $0 }.joined(separator: " ")) {#\(thread.anchor.clause ?? "")}\n"
                    } else if depth == 0, thread.anchor.state == .orphaned, let original = thread.anchor.original {
                        out += "\(indent)  written on: \(original.replacingAll(["\n": " "]).prefix(200))\n"
                    }
                    for reply in thread.replies { write(reply, depth: depth + 1) }
                }
                for thread in threads { write(thread, depth: 0); out += "\n" }
                Terminal.write(out)
            }
        }
    }
}

/// `conduct comments --format json` (Schemas/comments.schema.json), written through JSONValue:
/// ten thousand threads encode several times faster than through JSONEncoder.
struct CommentsView {
    var threads: [CommentThread]

    var json: JSONValue { .object(["comments": .array(threads.map(\.json))]) }
}

extension CommentThread {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(comment.id), "target": .string(comment.target), "commit": .string(comment.commit),
            "clause": .string(comment.clause), "message": .string(comment.message), "at": .string(comment.at),
            "status": .string(comment.status.rawValue),
            "author": .object(["name": .string(comment.author.name), "email": .string(comment.author.email)]),
            "anchor": anchor.json, "replies": .array(replies.map(\.json)),
        ]
        if let quote = comment.quote { object["quote"] = .string(quote) }
        if let role = comment.role { object["role"] = .string(role.rawValue) }
        return .object(object)
    }
}

extension Anchor {
    var json: JSONValue {
        var object: [String: JSONValue] = ["state": .string(state.rawValue), "readAt": .string(readAt)]
        if let clause { object["clause"] = .string(clause) }
        if let number { object["number"] = .string(number) }
        if let heading { object["heading"] = .string(heading) }
        if let quoteFound { object["quoteFound"] = .bool(quoteFound) }
        if let original { object["original"] = .string(original) }
        if let changes { object["changes"] = .array(changes.map(\.json)) }
        return .object(object)
    }
}

extension BlockDiff {
    var json: JSONValue {
        var object: [String: JSONValue] = ["operation": .string(operation.rawValue), "significance": .string(significance.rawValue)]
        if let old { object["old"] = .string(old) }
        if let new { object["new"] = .string(new) }
        if let words {
            object["words"] = .array(words.map { .object(["operation": .string($0.operation.rawValue), "text": .string($0.text)]) })
        }
        return .object(object)
    }
}

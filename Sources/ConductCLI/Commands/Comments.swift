import ArgumentParser
import ConductKit

extension Conduct {
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
                Terminal.json(CommentsView(threads: threads).json)
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

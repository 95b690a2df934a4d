import ArgumentParser
import ConductKit

/// `conduct comments --format json` (Schemas/comments.schema.json), written through JSONValue:
/// ten thousand threads encode several times faster than through JSONEncoder.
struct CommentsView {
    var threads: [CommentThread]

    var json: JSONValue { .object(["comments": .array(threads.map(\.json))]) }

    /// `conduct comments --format csv`: one record per comment, read from the JSON, each
    /// thread's replies after it, depth first; a reply's own fields are in its record, so
    /// `replies` names them by id. The word diff of a change is left out: `anchor.changes.old`
    /// and `anchor.changes.new` hold its texts (README, "Listings as CSV").
    static let csvColumns = CSV.Columns([
        "id", "target", "commit", "clause", "quote", "message", "role", "language", "translation",
        "author.name", "author.email", "at", "status",
        "anchor.state", "anchor.readAt", "anchor.clause", "anchor.number", "anchor.heading", "anchor.quoteFound", "anchor.original",
        "anchor.changes.operation", "anchor.changes.significance", "anchor.changes.old", "anchor.changes.new",
        "replies.id",
    ])

    /// The JSON of every comment, each thread's replies after it, depth first.
    var csvItems: [JSONValue] {
        var items: [JSONValue] = []
        func add(_ thread: JSONValue) {
            items.append(thread)
            for reply in thread["replies"]?.arrayValue ?? [] { add(reply) }
        }
        for thread in json["comments"]?.arrayValue ?? [] { add(thread) }
        return items
    }

    /// `conduct comments`: each thread with its replies indented beneath it, and for a thread
    /// whose clause changed, what changed since it was written or where the clause is now.
    var text: String {
        var out = ""
        func write(_ thread: CommentThread, depth: Int) {
            let indent = String(repeating: "    ", count: depth)
            let c = thread.comment
            let role = c.role.map { " (\($0.rawValue))" } ?? ""
            let language = c.language.map { " (\($0))" } ?? ""
            out += "\(indent)\(c.id.prefix(10))  \(c.at.prefix(10))  \(c.author)\(role)  on \(c.target)\(language) {#\(c.clause)}  \(c.status.rawValue)"
            out += "  [\(thread.anchor.state.rawValue) at \(thread.anchor.readAt)]\n"
            if let quote = c.quote {
                out += "\(indent)  > \(quote)" + (thread.anchor.quoteFound == false ? "  (no longer in the text)" : "") + "\n"
            }
            for line in c.message.split(separator: "\n", omittingEmptySubsequences: false) { out += "\(indent)  \(line)\n" }
            if depth == 0, thread.anchor.state == .outdated {
                for block in thread.anchor.changes ?? [] {
                    out += "\(indent)  since: \(RedlineText(style: .plain).marks(Redline.Block(block).marks))\n"
                }
            } else if depth == 0, thread.anchor.state == .moved {
                out += "\(indent)  now: \([thread.anchor.number, thread.anchor.heading].compactMap { $0 }.joined(separator: " ")) {#\(thread.anchor.clause ?? "")}\n"
            } else if depth == 0, thread.anchor.state == .orphaned, let original = thread.anchor.original {
                out += "\(indent)  written on: \(original.replacingAll(["\n": " "]).prefix(200))\n"
            }
            for reply in thread.replies { write(reply, depth: depth + 1) }
        }
        for thread in threads { write(thread, depth: 0); out += "\n" }
        return out
    }
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
        if let language = comment.language { object["language"] = .string(language) }
        if let translation = comment.translation { object["translation"] = .string(translation) }
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

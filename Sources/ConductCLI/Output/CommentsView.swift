import ArgumentParser
import ConductKit

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

/// A stakeholder's remark on a clause of a revision or a proposal, as the fold over its
/// records leaves it.
public struct Comment: Sendable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case government, academia, industry, civilSociety = "civil-society", other
    }

    public enum Status: String, Sendable, Codable { case open, resolved }

    /// The record id of the comment.
    public var id: String
    /// What it was written on: a version label (`v1.0`) or a proposal id.
    public var target: String
    /// The commit of the text it was written on.
    public var commit: String
    /// `commit` as a commit id; nil when the record's text is not one.
    public var commitID: CommitID? { CommitID(hex: commit) }
    public var clause: String
    public var quote: String?
    public var message: String
    public var role: Role?
    public var author: Identity
    public var at: String
    /// For a comment on a translation: its language tag, and the record id of the translated
    /// revision it was written on (`commit` is then the source revision that text translates).
    public var language: String?
    public var translation: String?
    /// The comment this one replies to.
    public var parent: String?
    public var status: Status
    public var lastActivity: Timestamp

    /// Folds comment records, oldest first, into the comments they describe.
    static func fold(_ records: [Record]) -> [String: Comment] {
        var comments: [String: Comment] = [:]
        for record in records where record.type.hasPrefix("comment") {
            let value = record.value
            switch record.type {
            case "comment", "comment-reply":
                let by = value["by"]
                var parentComment: Comment?
                if record.type == "comment-reply" {
                    guard let parent = value["parent"]?.stringValue, let found = comments[parent] else { continue }
                    parentComment = found
                }
                guard let target = value["target"]?.stringValue,
                      let commit = value["commit"]?.stringValue ?? parentComment?.commit,
                      let clause = value["clause"]?.stringValue ?? parentComment?.clause,
                      let message = value["message"]?.stringValue else { continue }
                comments[record.id] = Comment(
                    id: record.id, target: target, commit: commit, clause: clause, quote: value["quote"]?.stringValue,
                    message: message, role: value["role"]?.stringValue.flatMap(Role.init(rawValue:)),
                    author: Identity(name: by?["name"]?.stringValue ?? "", email: by?["email"]?.stringValue ?? ""),
                    at: record.at, language: value["language"]?.stringValue ?? parentComment?.language,
                    translation: value["translation"]?.stringValue ?? parentComment?.translation,
                    parent: parentComment?.id, status: .open, lastActivity: record.time)
            case "comment-resolved", "comment-reopened":
                guard let id = value["comment"]?.stringValue, var comment = comments[id] else { continue }
                comment.status = record.type == "comment-resolved" ? .resolved : .open
                comment.lastActivity = max(comment.lastActivity, record.time)
                comments[id] = comment
            default:
                continue
            }
        }
        return comments
    }
}

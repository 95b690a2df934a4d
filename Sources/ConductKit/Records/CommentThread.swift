/// Where a comment stands when read from a later text.
public struct Anchor: Sendable, Codable {
    public enum State: String, Sendable, Codable { case current, outdated, moved, orphaned }

    public var state: State
    /// The clause's id, number and heading in the text the comment is read against.
    public var clause: String?
    public var number: String?
    public var heading: String?
    /// For `outdated`: the clause's blocks compared word by word since the comment.
    public var changes: [BlockDiff]?
    /// For `orphaned`: the clause as it stood when the comment was written.
    public var original: String?
    /// Whether the comment's quote still stands, word for word, in the clause.
    public var quoteFound: Bool?
    /// The label of the text the comment is read against.
    public var readAt: String
}

/// A comment with its anchor and its replies, oldest first.
public struct CommentThread: Sendable {
    public var comment: Comment
    public var anchor: Anchor
    public var replies: [CommentThread]
}

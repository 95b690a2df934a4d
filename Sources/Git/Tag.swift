/// An annotated tag object read from the repository, held by value.
public struct Tag: Sendable {
    /// The tag object's own id.
    public let id: ObjectID
    /// The tag name recorded inside the object (e.g. `v1.0`).
    public let name: String
    /// The object the tag points at.
    public let target: ObjectID
    /// `true` when `target` is a commit.
    public let targetIsCommit: Bool
    /// Who made the tag, and when; `nil` for (old) tags without a tagger line.
    public let tagger: Signature?
    /// The tag message as stored (empty when there is none).
    public let message: String

    /// Creates a tag value (e.g. for tests or fakes). No libgit2 call; nothing is written.
    public init(id: ObjectID, name: String, target: ObjectID, targetIsCommit: Bool, tagger: Signature?, message: String) {
        self.id = id
        self.name = name
        self.target = target
        self.targetIsCommit = targetIsCommit
        self.tagger = tagger
        self.message = message
    }
}

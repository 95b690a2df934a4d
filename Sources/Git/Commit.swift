/// A commit object read from the repository, held by value.
public struct Commit: Sendable {
    /// The commit's own id.
    public let id: ObjectID
    /// The root tree of the snapshot.
    public let tree: ObjectID
    /// Parent commits, first parent first (empty for a root commit).
    public let parents: [ObjectID]
    /// Who wrote the change, and when.
    public let author: Signature
    /// Who made the commit, and when.
    public let committer: Signature
    /// The full raw message exactly as stored (`git_commit_message_raw`), including any trailing newline.
    public let message: String

    /// Creates a commit value (e.g. for tests or fakes). No libgit2 call; nothing is written.
    public init(id: ObjectID, tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.message = message
    }
}

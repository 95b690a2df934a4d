/// One line of a reference's reflog: a single update of the reference.
public struct ReflogEntry: Sendable {
    /// The value before the update (`ObjectID.zero` when the reference was created).
    public let old: ObjectID
    /// The value after the update.
    public let new: ObjectID
    /// The log message given with the update (empty when none).
    public let message: String
    /// Who made the update, and when (libgit2 uses the configured user, or "unknown").
    public let committer: Signature

    /// Creates a reflog entry value. No libgit2 call; nothing is written.
    public init(old: ObjectID, new: ObjectID, message: String, committer: Signature) {
        self.old = old
        self.new = new
        self.message = message
        self.committer = committer
    }
}

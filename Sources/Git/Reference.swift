/// A reference and the object it finally points at.
public struct Reference: Sendable {
    /// The full reference name, e.g. `refs/heads/main`.
    public let name: String
    /// The object id the reference points at; symbolic references are resolved to their direct target.
    public let target: ObjectID

    /// Creates a reference value. No libgit2 call; nothing is written.
    public init(name: String, target: ObjectID) {
        self.name = name
        self.target = target
    }
}

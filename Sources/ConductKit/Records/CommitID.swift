internal import Git

/// The id of a commit: an adopted revision, a proposal's version, a ledger commit, or a commit of
/// the repository an import reads.
///
/// ConductKit's own value for what git calls an object id, so that no git type crosses into the
/// command line or a caller of ConductKit. It is parsed once, from a record's field or from git,
/// and never fed back through the resolver that reads what a user types (`v1.2`, `main~1`, a prefix).
public struct CommitID: Hashable, Comparable, Sendable, CustomStringConvertible {
    let object: ObjectID

    init(_ object: ObjectID) { self.object = object }

    /// Exactly 40 hexadecimal characters (either case); nil for anything else, a prefix included.
    public init?(hex: String) {
        guard let object = ObjectID(hex: hex) else { return nil }
        self.object = object
    }

    /// The id as 40 lowercase hexadecimal characters.
    public var hex: String { object.hex }

    public var description: String { object.hex }

    public static func < (lhs: CommitID, rhs: CommitID) -> Bool { lhs.object < rhs.object }
}

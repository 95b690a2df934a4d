/// Who made a commit, tag or reflog entry, and when (a git "signature"), held by value.
public struct Signature: Sendable, Equatable {
    /// The person's name; must not be empty nor contain `<`, `>` or newlines (libgit2 rejects them).
    public var name: String
    /// The e-mail address, written between `<` and `>`.
    public var email: String
    /// Seconds since the Unix epoch.
    public var time: Int64
    /// Time-zone offset from UTC in minutes (e.g. 120 for +0200).
    public var offsetMinutes: Int32

    /// Creates a signature. No libgit2 call (it is checked by `git_signature_new` when used).
    public init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

/// One thing `verify` found wrong.
public struct VerifyFinding: Sendable, Equatable {
    public enum Check: String, Sendable {
        /// A ledger file's name against its content and place.
        case file
        /// A record that the ledger's history holds and its tip no longer does, or holds changed.
        case history
        case signature
        /// The signing key against the registry at the signing time.
        case key
        /// A revision a record names.
        case revision
        /// The document digest and clause fingerprints an attestation names, and the digest of
        /// the translation it says was read.
        case digest
        /// A record dated more than the allowed clock skew past this machine's clock.
        case time
        /// A commit on main against its git signature by a secretariat key in force at its time.
        case commit
        /// A version tag: its signature, the revision on main it names, and that revision's version.
        case tag
        /// A write a crash left half done, or a lock file no running writer holds.
        case incomplete
        /// The authority chain, and signed records against the authority in force at their time.
        case authority
        /// A translated revision against the source revision it names: on main, and every id it
        /// carries one of that revision's clauses; and the translation an attestation says was
        /// read: in the ledger, in that language, of the attested revision or one before it.
        case translation
        /// An approval against what it binds: the proposal version it names, that version's
        /// commit and the digest of its text; and a withdrawal against the approval it withdraws.
        case approval
        /// A revision adopted while an adoption rule was in force: after its proposal's
        /// consultation window, or with an override the rule allowed.
        case adoption
    }

    public var check: Check
    /// The ledger path, or the record id.
    public var subject: String
    public var problem: String
}

/// What `verify` checked and found.
public struct VerifyReport: Sendable {
    public var records = 0
    public var signatures = 0
    public var ledgerCommits = 0
    /// First-parent commits on main and `refs/tags/v*` tags whose signatures were checked.
    public var revisions = 0
    public var versionTags = 0
    public var findings: [VerifyFinding] = []
    /// What is worth knowing but not wrong: an attestation whose clause fingerprints were
    /// computed by an earlier fingerprint rule, over a document its digest still proves.
    public var notices: [VerifyFinding] = []
}

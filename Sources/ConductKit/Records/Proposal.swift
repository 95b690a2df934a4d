internal import Git

/// An amendment under discussion, as the fold over its ledger records leaves it.
public struct Proposal: Sendable {
    public enum Status: String, Sendable, Codable, CaseIterable { case open, adopted, withdrawn, rejected }

    public struct Version: Sendable, Codable {
        public var number: Int
        public var commit: String
        public var at: String
        /// How it changed the version before: `substantive` or `editorial` (nil for the first
        /// version, and for versions recorded before revisions were judged: taken as substantive).
        public var change: String?
        /// The end of the consultation window this version opened, when it named one.
        public var consultationUntil: String?
        /// `commit` as a commit id; nil when the record's text is not one.
        public var commitID: CommitID? { CommitID(hex: commit) }
        /// Whether this version restarted the consultation: the first, and every substantive one.
        public var isSubstantive: Bool { change != "editorial" }
    }

    public var id: String
    public var title: String
    public var rationale: String?
    public var author: Identity
    public var opened: String
    /// The revision the proposal amends.
    public var base: String
    /// `base` as a commit id; nil when the record's text is not one.
    public var baseID: CommitID? { CommitID(hex: base) }
    public var status: Status
    public var versions: [Version]
    /// The revision it became, once adopted.
    public var adoptedAs: String?
    public var reason: String?
    /// Why it was adopted inside its consultation window, when an override was recorded.
    public var override: String?
    /// The time of its latest record: a new record about it must come after.
    public var lastActivity: Timestamp = Timestamp(seconds: 0)

    public var tip: String { versions.last?.commit ?? base }

    /// When its last substantive version was proposed: the consultation runs from then.
    public var consultationStart: Timestamp? {
        versions.last(where: \.isSubstantive).flatMap { try? Timestamp(parsing: $0.at) }
    }

    /// The end of the consultation window its last substantive version recorded (nil: none recorded).
    public var consultationUntil: Timestamp? {
        versions.last(where: \.isSubstantive)?.consultationUntil.flatMap { try? Timestamp(parsing: $0) }
    }

    /// Folds proposal records, oldest first, into the proposals they describe.
    static func fold(_ records: [Record]) -> [String: Proposal] {
        var proposals: [String: Proposal] = [:]
        for record in records where record.type.hasPrefix("proposal") {
            guard let id = record.value["proposal"]?.stringValue else { continue }
            defer {
                // Whatever the record did, the proposal was last touched no earlier than this.
                if let last = proposals[id]?.lastActivity, last < record.time { proposals[id]?.lastActivity = record.time }
            }
            let by = record.value["by"]
            let author = Identity(name: by?["name"]?.stringValue ?? "", email: by?["email"]?.stringValue ?? "")
            switch record.type {
            case "proposal":
                guard proposals[id] == nil, let base = record.value["base"]?.stringValue,
                      let commit = record.value["commit"]?.stringValue else { continue }
                proposals[id] = Proposal(
                    id: id, title: record.value["title"]?.stringValue ?? "", rationale: record.value["rationale"]?.stringValue,
                    author: author, opened: record.at, base: base, status: .open,
                    versions: [Version(number: 1, commit: commit, at: record.at,
                                       consultationUntil: record.value["consultationUntil"]?.stringValue)],
                    adoptedAs: nil, reason: nil)
            case "proposal-revised":
                guard let commit = record.value["commit"]?.stringValue, var proposal = proposals[id] else { continue }
                proposal.versions.append(Version(number: proposal.versions.count + 1, commit: commit, at: record.at,
                                                 change: record.value["change"]?.stringValue,
                                                 consultationUntil: record.value["consultationUntil"]?.stringValue))
                proposals[id] = proposal
            case "proposal-withdrawn", "proposal-rejected":
                guard var proposal = proposals[id], proposal.status == .open else { continue }
                proposal.status = record.type == "proposal-withdrawn" ? .withdrawn : .rejected
                proposal.reason = record.value["reason"]?.stringValue
                proposals[id] = proposal
            case "proposal-reopened":
                guard var proposal = proposals[id], proposal.status == .withdrawn || proposal.status == .rejected else { continue }
                proposal.status = .open
                proposal.reason = nil
                proposals[id] = proposal
            case "proposal-adopted":
                guard var proposal = proposals[id] else { continue }
                proposal.status = .adopted
                proposal.adoptedAs = record.value["revision"]?.stringValue
                proposal.override = record.value["override"]?.stringValue
                proposals[id] = proposal
            default:
                continue
            }
        }
        return proposals
    }

    /// Proposal ids start with `p` (never a commit id prefix) and 9 hex digits.
    static func makeID(base: ObjectID, commit: ObjectID, at: String, author: Identity) -> String {
        "p" + Fingerprint.sha256(base.hex + commit.hex + at + author.description).prefix(9)
    }

    /// Whether `spec` names a proposal (`p` and hex digits) rather than a revision.
    public static func isProposalSpec(_ spec: String) -> Bool {
        spec.count >= 2 && spec.first == "p" && spec.dropFirst().allSatisfy(\.isHexDigit)
    }
}

/// Every signatory's status at every revision of main: the attestation matrix a published
/// site shows, each cell what `conduct status --at REVISION` says of that signatory.
public struct AttestationMatrix: Sendable {
    public struct Row: Sendable {
        public var signatory: Signatory
        /// One state per revision, oldest revision first.
        public var states: [AttestationStatus.State]
    }

    /// An attestation or its withdrawal, for the timeline.
    public struct Event: Sendable {
        public var signatory: String
        public var time: Timestamp
        /// The attested revision's position in `revisions`.
        public var revision: Int
        public var withdrawal: Bool
    }

    /// Main's first-parent history, oldest first: the matrix's columns.
    public var revisions: [Revision]
    /// One row per signatory, by id.
    public var rows: [Row]
    /// Attestations of revisions on main, and withdrawals of them, oldest first.
    public var events: [Event]
    public var now: Timestamp
}

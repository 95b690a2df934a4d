/// A proposal as `conduct proposals` lists it: with its consultation window, how much it was discussed and who approved it.
public struct ProposalListing: Sendable {
    public var proposal: Proposal
    /// When its consultation ends (or ended): the window its last substantive version recorded,
    /// never before the least one the adoption rule asks for; nil: it has none.
    public var consultationEnd: Timestamp?
    /// Whether the window was still open when the listing was made.
    public var consultationOpen: Bool
    /// Comments and replies written on it.
    public var comments: Int
    /// Each signatory's latest approval of it, with its state.
    public var approvals: [ApprovalStatus]
}

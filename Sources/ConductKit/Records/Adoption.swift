/// The outcome of adopting a revision.
public struct Adoption: Sendable {
    public let revision: Revision
    public let changes: [ClauseChange]
    /// Ids given to headings that had none.
    public let assignments: [IDAssignment]
}

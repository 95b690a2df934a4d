/// A file of the ledger that is not a valid record where it lies.
public struct LedgerProblem: Sendable {
    public var path: String
    public var problem: String

    /// The second-level ledger folder the file lies in (`attestations/s1`), by which readers group problems.
    var folder: String { path.split(separator: "/").prefix(2).joined(separator: "/") }
}

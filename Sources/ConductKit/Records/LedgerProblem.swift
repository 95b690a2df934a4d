/// A file of the ledger that is not a valid record where it lies.
public struct LedgerProblem: Sendable {
    public var path: String
    public var problem: String
}

extension VerifyReport {
    /// Nothing was found wrong (notices do not count): the ledger verifies.
    public var isClean: Bool { findings.isEmpty }
}

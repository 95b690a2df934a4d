extension ImportReport {
    /// Every source revision was imported: none was skipped. An import that skipped any fails,
    /// though what it could read was written.
    public var isComplete: Bool { skipped.isEmpty }
}

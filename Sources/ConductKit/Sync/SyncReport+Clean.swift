extension SyncReport {
    /// Everything went through: nothing left diverged, nothing refused, nothing quarantined (or
    /// the remote's ledger that held it was replaced, as asked). A sync that is not clean fails.
    public var isClean: Bool {
        !diverged.contains { $0.backup == nil } && (quarantined.isEmpty || replaced.contains("refs/conduct/records")) && refused.isEmpty
            && dropped.isEmpty
    }
}

/// What one `sync` brought in, sent out, and left alone.
public struct SyncReport: Sendable {
    /// A reference whose two tips have diverged: nothing was overwritten.
    public struct Divergence: Sendable {
        public var reference: String
        public var local: String
        public var remote: String
        /// With `acceptRemote`: where the local tip was kept.
        public var backup: String?
    }

    /// A record the remote offered that was kept out of the ledger.
    public struct Quarantined: Sendable {
        public var path: String
        public var problem: String
    }

    /// A record the remote's ledger once held, or took from this store, and holds no longer:
    /// never taken as gone; this store keeps it, and the next push gives it back.
    public struct Dropped: Sendable {
        public var path: String
        /// The first ledger commit found holding it.
        public var commit: String
        /// The remote holds other content under its name.
        public var edited: Bool
    }

    public var remote: String
    public var revisionsIn = 0
    public var revisionsOut = 0
    public var proposalsIn: [String] = []
    public var proposalsOut: [String] = []
    /// Records by kind (the ledger's top-level folder).
    public var recordsIn: [String: Int] = [:]
    public var recordsOut: [String: Int] = [:]
    public var quarantined: [Quarantined] = []
    public var dropped: [Dropped] = []
    public var quarantineReference: String?
    public var diverged: [Divergence] = []
    /// References the remote refused after every retry, with its reason.
    public var refused: [String: String] = [:]
    /// The remote's ledger tip, when the ledger was not pushed because the remote's holds
    /// quarantined records (this store never takes that history in, so it cannot fast-forward).
    public var ledgerHeldBack: String?
    /// References whose remote tip was replaced rather than fast-forwarded (`replaceRemoteLedger`).
    public var replaced: [String] = []
    public var dryRun = false
}

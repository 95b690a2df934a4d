/// How far a fetch or a push has come, as libgit2 reports it during the transfer.
public struct TransferProgress: Sendable, Equatable {
    /// Objects received (a fetch) or sent (a push) so far.
    public var objects: Int
    /// Objects the transfer holds in all.
    public var totalObjects: Int
    /// Bytes received or sent so far.
    public var bytes: Int

    public init(objects: Int, totalObjects: Int, bytes: Int) {
        self.objects = objects
        self.totalObjects = totalObjects
        self.bytes = bytes
    }
}

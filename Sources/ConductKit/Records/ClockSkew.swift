#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Records dated in the future: a record whose `at` is more than `allowance` past this
/// machine's clock is reported by `verify` and counted by nothing else, and no writing
/// command takes a `--date` beyond it. The verdict depends on the clock, so no cache may keep
/// it: a folder holding such a record is read again each time (see `LedgerSnapshot`).
public enum ClockSkew {
    /// How far past the clock a record may be dated: 10 minutes, for clocks that differ.
    public static let allowance: Int64 = 600

    /// The latest moment a record may be dated now.
    public static var horizon: Timestamp {
        let now = Date().timeIntervalSince1970
        return Timestamp(seconds: Int64(now) + allowance)
    }

    private static let marker = "is dated in the future"

    /// Why `record` is not counted, or nil when its date is no later than the horizon.
    static func problem(_ record: Record, horizon: Timestamp = ClockSkew.horizon) -> String? {
        guard horizon < record.time else { return nil }
        // No clock reading in the text: two runs a second apart must report alike.
        return "\(marker): \(record.at) is more than 10 minutes after this machine's clock; it is not counted"
    }

    /// Whether a ledger problem is one of these (skipped, never a sign of damage).
    static func isFuture(_ problem: String) -> Bool { problem.hasPrefix(marker) }

    /// Refuses a date a user gave (`given`, as typed) beyond the horizon.
    public static func requireNotFuture(_ date: Timestamp, given: String) throws(ConductError) {
        let horizon = self.horizon
        if horizon < date { throw .dateInFuture(given, latest: horizon.description) }
    }
}

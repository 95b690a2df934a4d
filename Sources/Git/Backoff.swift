#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Jittered exponential backoff between attempts of a compare-and-swap: about 2 ms, doubling
/// to a 200 ms cap, each wait drawn from the upper half of the current delay.
public struct Backoff: Sendable {
    /// First delay, in seconds.
    public static let initialSeconds = 0.002
    /// Longest delay, in seconds.
    public static let maximumSeconds = 0.2

    private var delay = Backoff.initialSeconds

    public init() {}

    /// Blocks the calling thread for the next delay (`usleep`) and doubles it.
    public mutating func wait() {
        let seconds = Double.random(in: (delay / 2)...delay)
        _ = usleep(useconds_t(max(0, min(seconds, 1)) * 1_000_000))
        delay = min(delay * 2, Backoff.maximumSeconds)
    }
}

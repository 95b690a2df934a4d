#if canImport(Glibc)
import Glibc
#endif
import ConductKit
import Synchronization

/// The one line of standard error that says how far long work has come
/// (`reading the ledger: 41,200 of 100,000 signatories (8,300/s)`), rewritten in place with a
/// carriage return and an erase to the end of the line, and erased when the work ends or fails
/// and before anything else is written, so that no message lands in the middle of it.
///
/// Shown only when standard error is a terminal whose TERM is not `dumb`, and the command was
/// not given `--quiet`: a pipe, a file or a log never sees it, and standard output never does.
enum ProgressLine {
    private struct State {
        var phase = ""
        var started = 0.0
        var drawn = -Double.infinity
        /// The furthest drawn: reports from two threads may arrive out of order.
        var done = Int.min
    }

    private static let state = Mutex(State())
    /// Whether a line is on the screen: read without the lock by every other write.
    private static let shown = Atomic(false)
    /// Seconds between two drawings of the line (about ten a second), and before the first of a
    /// phase (work that ends sooner shows nothing). `CONDUCT_PROGRESS_INTERVAL=SECONDS` sets the
    /// interval (the wait is five of them); the tests set 0, to see every report.
    private static let interval: Double = getenv("CONDUCT_PROGRESS_INTERVAL").flatMap { Double(String(cString: $0)) }.map { max(0, $0) } ?? 0.1
    private static let erase = "\r\u{1B}[K"

    /// Installs the sink that draws the line, when standard error is a terminal that can show it
    /// and `quiet` is false; nil means the command shows no progress.
    static func install(quiet: Bool?) {
        guard quiet == false, isatty(STDERR_FILENO) == 1 else { return }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return }
        ProgressReporter.install { draw($0) }
    }

    /// Erases the line, if one is shown.
    static func clear() {
        guard shown.load(ordering: .acquiring) else { return }
        state.withLock { _ in
            guard shown.exchange(false, ordering: .acquiringAndReleasing) else { return }
            Terminal.write(erase.utf8, to: STDERR_FILENO)
        }
    }

    private static func draw(_ update: ProgressUpdate) {
        let now = monotonicSeconds()
        state.withLock { state in
            if update.finished {
                if shown.exchange(false, ordering: .acquiringAndReleasing) { Terminal.write(erase.utf8, to: STDERR_FILENO) }
                if state.phase == update.phase { state = State() }
                return
            }
            if state.phase != update.phase {
                state = State(phase: update.phase, started: now)
            }
            guard now - state.started >= 5 * interval, now - state.drawn >= interval, update.done >= state.done else { return }
            state.drawn = now
            state.done = update.done
            let line = text(update, elapsed: now - state.started)
            Terminal.write((erase + String(line.prefix(max(20, columns() - 1)))).utf8, to: STDERR_FILENO)
            shown.store(true, ordering: .releasing)
        }
    }

    /// `phase: done of total unit, bytes (rate/s)`.
    static func text(_ update: ProgressUpdate, elapsed: Double) -> String {
        var line = "\(update.phase): \(grouped(update.done))"
        if let total = update.total { line += " of \(grouped(total))" }
        line += " \(update.unit)"
        if let bytes = update.bytes, bytes > 0 { line += ", \(size(bytes))" }
        if elapsed >= 0.5, update.done > 0 { line += " (\(grouped(Int(Double(update.done) / elapsed)))/s)" }
        return line
    }

    /// `41200` as `41,200`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// Bytes as `700 B`, `812 KiB` or `3.4 MiB`.
    static func size(_ bytes: Int) -> String {
        if bytes < 1 << 10 { return "\(bytes) B" }
        if bytes < 1 << 20 { return "\(bytes >> 10) KiB" }
        let tenths = bytes * 10 >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    /// The terminal's width (80 when it does not say), so that the line never wraps: a carriage
    /// return goes back only to the start of the last row.
    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

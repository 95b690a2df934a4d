import Synchronization

/// How far one phase of long work has come: what it is doing, how many of how many units.
public struct ProgressUpdate: Sendable, Equatable {
    /// What is being done, as a user would say it ("reading the ledger").
    public var phase: String
    public var done: Int
    /// Nil when the whole is not known (yet).
    public var total: Int?
    /// What is counted, plural ("signatories", "revisions", "objects").
    public var unit: String
    /// Bytes moved so far, for transfers.
    public var bytes: Int?
    /// The phase ended (done, or failed): nothing more comes of it.
    public var finished: Bool
}

/// Reports the progress of one phase of long work to the sink the program installed.
///
/// ConductKit never prints: long loops (a first read of the ledger, import, publish, verify, the
/// log's summaries, transfers) report here, a batch at a time, and the command line decides
/// whether and how to show it. With no sink installed a reporter holds nothing to call, and
/// each report is one test of an optional.
public final class ProgressReporter: Sendable {
    public typealias Sink = @Sendable (ProgressUpdate) -> Void

    private static let installed = Mutex<Sink?>(nil)

    /// Sends every later phase's progress to `sink` (nil: to nowhere), for the whole process.
    public static func install(_ sink: Sink?) {
        installed.withLock { $0 = sink }
    }

    private let sink: Sink?
    private let phase: String
    private let unit: String
    private let done = Atomic(0)
    /// -1 while the total is not known.
    private let total: Atomic<Int>
    private let bytes = Atomic(-1)
    private let ended = Atomic(false)

    /// Starts a phase of `total` units (nil: not known). It finishes when `finish()` is called or,
    /// at the latest, when the reporter is released (after its last use, or when an error unwinds).
    init(_ phase: String, total: Int?, unit: String) {
        sink = ProgressReporter.installed.withLock { $0 }
        self.phase = phase
        self.unit = unit
        self.total = Atomic(total ?? -1)
    }

    deinit { finish() }

    /// Whether anyone listens: work done only to report progress can be skipped when not.
    var isActive: Bool { sink != nil }

    /// `count` more units are done. Safe from any thread.
    func advance(by count: Int = 1) {
        guard let sink else { return }
        let now = done.add(count, ordering: .relaxed).newValue
        sink(update(done: now))
    }

    /// Sets how far it has come and, when known, the total and the bytes moved.
    func set(done value: Int, total whole: Int? = nil, bytes moved: Int? = nil) {
        guard let sink else { return }
        done.store(value, ordering: .relaxed)
        if let whole { total.store(whole, ordering: .relaxed) }
        if let moved { bytes.store(moved, ordering: .relaxed) }
        sink(update(done: value))
    }

    /// The phase ended, done or failed; a second call says nothing.
    func finish() {
        guard let sink, !ended.exchange(true, ordering: .relaxed) else { return }
        var last = update(done: done.load(ordering: .relaxed))
        last.finished = true
        sink(last)
    }

    private func update(done value: Int) -> ProgressUpdate {
        let whole = total.load(ordering: .relaxed), moved = bytes.load(ordering: .relaxed)
        return ProgressUpdate(phase: phase, done: value, total: whole < 0 ? nil : whole, unit: unit,
                              bytes: moved < 0 ? nil : moved, finished: false)
    }
}

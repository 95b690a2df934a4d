import Dispatch

/// Runs `body` for each of `count` parts at once (one per core on this kind of machine) and
/// returns the results in order. Each part works on values only: no handle crosses threads.
func inParallel<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer { slots.deallocate() }
    nonisolated(unsafe) let shared = slots
    // Each part writes only its own slot.
    DispatchQueue.concurrentPerform(iterations: count) { part in shared[part] = body(part) }
    return slots.compactMap { $0 }
}

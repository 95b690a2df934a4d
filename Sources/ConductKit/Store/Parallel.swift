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

/// Produces `count` results in order on a second thread while the calling thread consumes
/// each finished one, with at most `ahead` waiting: the producer's work and the consumer's
/// overlap. Production stops at the first failure, which the consumer then throws. The
/// producer must share no mutable state with the consumer.
func pipelined<T: Sendable, E: Error>(_ count: Int, ahead: Int = 4, produce: @escaping @Sendable (Int) -> Result<T, E>,
                                      consume: (T) -> Void) throws(E) {
    guard count > 0 else { return }
    let slots = UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    // Slot i is written once by the producer before `ready` is signalled for it, then read
    // and cleared by the consumer: never by both at once.
    nonisolated(unsafe) let shared = slots
    let ready = DispatchSemaphore(value: 0), room = DispatchSemaphore(value: ahead), finished = DispatchGroup()
    DispatchQueue.global().async(group: finished) {
        for index in 0..<count {
            room.wait()
            let result = produce(index)
            shared[index] = result
            ready.signal()
            if case .failure = result { return }
        }
    }
    defer { finished.wait() }
    for index in 0..<count {
        ready.wait()
        guard let result = shared[index] else { continue }
        shared[index] = nil
        room.signal()
        switch result {
        case .success(let value): consume(value)
        case .failure(let error): throw error
        }
    }
}

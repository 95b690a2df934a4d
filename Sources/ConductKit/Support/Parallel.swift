import Dispatch
import Synchronization

/// Runs `body` for each of `count` parts at once (one per core on this kind of machine) and
/// returns the results in order. Each part works on values only: no handle crosses threads.
func inParallel<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer {
        // The results were copied out; the slots' own copies are released here, or every
        // result would be leaked.
        _ = slots.deinitialize()
        slots.deallocate()
    }
    nonisolated(unsafe) let shared = slots
    // Each part writes only its own slot.
    DispatchQueue.concurrentPerform(iterations: count) { part in shared[part] = body(part) }
    return slots.compactMap { $0 }
}

/// Produces `count` results on `workers` threads (result i by worker i % workers), each at
/// most `ahead` results in front, while the calling thread consumes them in order: production
/// and consumption overlap. Production stops at the first failure, which the consumer then
/// throws once the workers have stopped. Workers share no mutable state with the consumer.
func pipelined<T: Sendable, E: Error>(_ count: Int, workers: Int = 1, ahead: Int = 2,
                                      produce: @escaping @Sendable (_ worker: Int, _ index: Int) -> Result<T, E>,
                                      consume: (T) -> Void) throws(E) {
    guard count > 0 else { return }
    let workers = max(1, min(workers, count))
    let slots = UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    // Slot i is written once by its worker before `ready[i]` is signalled, then read and
    // cleared by the consumer: never by both at once.
    nonisolated(unsafe) let shared = slots
    let ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    // Made at zero and then raised: libdispatch refuses to free a semaphore left below the
    // value it was made with, which a stopped pipeline can leave.
    let room = (0..<workers).map { _ in DispatchSemaphore(value: 0) }
    for semaphore in room { for _ in 0..<max(1, ahead) { semaphore.signal() } }
    // The first index that failed: later ones are not made, earlier ones still are.
    let firstFailure = Atomic(Int.max)
    let finished = DispatchGroup()
    for worker in 0..<workers {
        DispatchQueue.global().async(group: finished) {
            var indices = stride(from: worker, to: count, by: workers).makeIterator()
            while let index = indices.next() {
                room[worker].wait()
                var result: Result<T, E>?
                if index < firstFailure.load(ordering: .acquiring) {
                    result = produce(worker, index)
                    shared[index] = result
                }
                guard case .success = result else {
                    // Failed, or a result before it failed: the consumer reads the rest as empty.
                    firstFailure.min(index, ordering: .acquiringAndReleasing)
                    ready[index].signal()
                    while let rest = indices.next() { ready[rest].signal() }
                    return
                }
                ready[index].signal()
            }
        }
    }
    var completed = true
    for index in 0..<count {
        ready[index].wait()
        guard case .success(let value) = shared[index] else {
            completed = false
            firstFailure.min(index, ordering: .acquiringAndReleasing)
            break
        }
        shared[index] = nil
        room[index % workers].signal()
        consume(value)
    }
    if !completed {
        // Release workers waiting for room; they see the stop and end.
        room.forEach { $0.signal() }
    }
    finished.wait()
    for index in 0..<count {
        if case .failure(let error) = shared[index] { throw error }
    }
}

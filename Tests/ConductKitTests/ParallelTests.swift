import Synchronization
import Testing
@testable import ConductKit

/// The multi-thread helpers `status` and the ledger reader rely on.
@Suite("Parallel work")
struct ParallelTests {
    @Test(arguments: [1, 2, 3])
    func aPipelineHandsOverEveryResultInOrder(workers: Int) throws {
        for ahead in [1, 2, 4] {
            var seen: [Int] = []
            let byWorker = Mutex([Int: Set<Int>]())
            try pipelined(500, workers: workers, ahead: ahead, produce: { worker, index -> Result<[Int], Never> in
                byWorker.withLock { $0[worker, default: []].insert(index) }
                return .success(Array((index * 3)..<(index * 3 + 3)))
            }, consume: { seen += $0 })
            #expect(seen == Array(0..<1_500))
            // Result i is made by worker i % workers.
            byWorker.withLock { all in
                #expect(all.allSatisfy { worker, indices in indices.allSatisfy { $0 % workers == worker } })
            }
        }
    }

    struct Stop: Error, Equatable { var at: Int }

    @Test(arguments: [1, 2, 3])
    func aPipelineStopsAtTheFirstFailure(workers: Int) {
        for failing in [0, 1, 37, 499] {
            let produced = Mutex(Set<Int>())
            var consumed: [Int] = []
            #expect(throws: Stop(at: failing)) {
                try pipelined(500, workers: workers, ahead: 2, produce: { _, index -> Result<Int, Stop> in
                    produced.withLock { _ = $0.insert(index) }
                    return index == failing ? .failure(Stop(at: index)) : .success(index)
                }, consume: { consumed.append($0) })
            }
            #expect(consumed == Array(0..<failing))
            // Workers run only a little ahead of the failure, and have all ended when it is thrown.
            let made = produced.withLock { $0 }
            #expect(made.allSatisfy { $0 <= failing + 2 * workers * 2 }, "\(made.sorted())")
        }
    }

    @Test func partsRunAtOnceAndComeBackInOrder() {
        #expect(inParallel(4) { $0 * $0 } == [0, 1, 4, 9])
    }

    /// Counts its instances alive, to see that results are released once handed over.
    final class Counted: Sendable {
        static let alive = Atomic(0)
        init() { Counted.alive.add(1, ordering: .relaxed) }
        deinit { Counted.alive.subtract(1, ordering: .relaxed) }
    }

    @Test func resultsAreReleasedOnceHandedOver() throws {
        do {
            let parts = inParallel(2) { _ in (0..<1_000).map { _ in Counted() } }
            #expect(parts.joined().count == 2_000)
            var seen = 0
            try pipelined(50, workers: 2, produce: { _, _ -> Result<[Counted], Never> in .success((0..<10).map { _ in Counted() }) },
                          consume: { seen += $0.count })
            #expect(seen == 500)
        }
        // Nothing the helpers made outlives the values handed back (a ledger read holds a
        // hundred thousand records this way).
        #expect(Counted.alive.load(ordering: .relaxed) == 0)
    }
}

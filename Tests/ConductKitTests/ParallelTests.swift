import Synchronization
import Testing
@testable import ConductKit

/// The two-thread helpers `status` and the ledger reader rely on.
@Suite("Parallel work")
struct ParallelTests {
    @Test func aPipelineHandsOverEveryResultInOrder() throws {
        for ahead in [1, 2, 4] {
            var seen: [Int] = []
            try pipelined(500, ahead: ahead, produce: { index -> Result<[Int], Never> in
                .success(Array((index * 3)..<(index * 3 + 3)))
            }, consume: { seen += $0 })
            #expect(seen == Array(0..<1_500))
        }
    }

    struct Stop: Error, Equatable { var at: Int }

    @Test func aPipelineStopsAtTheFirstFailure() {
        let produced = Mutex(0)
        var consumed: [Int] = []
        #expect(throws: Stop(at: 37)) {
            try pipelined(1_000, produce: { index -> Result<Int, Stop> in
                produced.withLock { $0 += 1 }
                return index == 37 ? .failure(Stop(at: index)) : .success(index)
            }, consume: { consumed.append($0) })
        }
        #expect(consumed == Array(0..<37))
        // Nothing is produced after the failure, and the producer has finished by the time it is thrown.
        #expect(produced.withLock { $0 } == 38)
    }

    @Test func partsRunAtOnceAndComeBackInOrder() {
        #expect(inParallel(4) { $0 * $0 } == [0, 1, 4, 9])
    }
}

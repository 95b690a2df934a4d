import Foundation
import Git
import Testing

@Suite("Repository: concurrent writers")
struct ConcurrencyTests {
    @Test("8 threads × 25 transact appends give 200 first-parent commits and a clean fsck")
    func concurrentAppends() throws {
        let threadCount = 8
        let appendsPerThread = 25
        try TestSupport.withBareRepository { repository, path in
            let failures = Locked<[String]>([])
            let group = DispatchGroup()
            for threadIndex in 0..<threadCount {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    do {
                        // One Repository per thread: instances are not shared across threads.
                        let own = try Repository.open(at: path)
                        for append in 0..<appendsPerThread {
                            let label = "thread \(threadIndex) append \(append)"
                            _ = try own.transact("refs/heads/main", logMessage: label) { current in
                                try TestSupport.makeCommit(in: own, parent: current, content: label, message: label + "\n")
                            }
                        }
                    } catch {
                        failures.withLock { $0.append("thread \(threadIndex): \(error)") }
                    }
                }
                thread.start()
            }
            group.wait()
            #expect(failures.withLock { $0 } == [])

            let tip = try #require(try repository.reference("refs/heads/main"))
            let history = try repository.walk(from: tip)
            #expect(history.count == threadCount * appendsPerThread)
            let messages = try Set(history.map { try repository.commit($0).message })
            #expect(messages.count == threadCount * appendsPerThread)
            #expect(try repository.commit(history[history.count - 1]).parents.isEmpty)
            #expect(try repository.reflog("refs/heads/main").count == threadCount * appendsPerThread)

            let fsck = try TestSupport.git(["-C", path, "fsck", "--strict"])
            #expect(fsck.status == 0, "fsck: \(fsck.output)\(fsck.error)")
            let count = try TestSupport.git(["-C", path, "rev-list", "--count", "--first-parent", "refs/heads/main"])
            #expect(count.output == "\(threadCount * appendsPerThread)\n")
        }
    }
}

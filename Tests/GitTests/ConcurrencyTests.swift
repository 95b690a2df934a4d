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

    @Test("create-only is decided under the lock: of 8 racing creators exactly one wins, each time")
    func createOnlyRace() throws {
        try TestSupport.withBareRepository { repository, path in
            let targets = try (0..<8).map { try TestSupport.makeCommit(in: repository, parent: nil, content: "c\($0)", message: "c\($0)\n") }
            let repositories = try targets.map { _ in try Repository.open(at: path) }
            nonisolated(unsafe) let shared = repositories
            for round in 0..<200 {
                let name = "refs/tags/race-\(round)"
                let winners = Locked<[ObjectID]>([])
                let group = DispatchGroup()
                let start = DispatchSemaphore(value: 0)
                for (index, target) in targets.enumerated() {
                    group.enter()
                    Thread {
                        defer { group.leave() }
                        let own = shared[index]  // each thread only ever uses its own instance
                        start.wait()
                        do {
                            try own.updateReference(name, to: target, expected: nil, logMessage: "race")
                            winners.withLock { $0.append(target) }
                        } catch let error as GitError where error.isExists || error.isLocked {
                            // Lost the race: the reference must not have been touched.
                        } catch {
                            Issue.record("unexpected \(error)")
                        }
                    }.start()
                }
                for _ in targets { start.signal() }
                group.wait()
                let won = winners.withLock { $0 }
                #expect(won.count == 1, "round \(round): \(won.count) creators believed they won")
                #expect(try repository.reference(name) == won.first)
            }
        }
    }
}

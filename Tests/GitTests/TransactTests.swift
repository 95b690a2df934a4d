import Git
import Testing

@Suite("Repository: transact")
struct TransactTests {
    @Test("creates a missing reference, then appends")
    func createThenAppend() throws {
        try TestSupport.withBareRepository { repository, _ in
            var seen: [ObjectID?] = []
            let first = try repository.transact("refs/heads/main", logMessage: "first") { current in
                seen.append(current)
                return try TestSupport.makeCommit(in: repository, parent: current, content: "one")
            }
            let second = try repository.transact("refs/heads/main", logMessage: "second") { current in
                seen.append(current)
                return try TestSupport.makeCommit(in: repository, parent: current, content: "two")
            }
            #expect(seen == [nil, first])
            #expect(try repository.reference("refs/heads/main") == second)
            #expect(try repository.walk(from: second) == [second, first])
        }
    }

    @Test("retries with the fresh value when another writer moved the reference")
    func retriesAfterConcurrentWrite() throws {
        try TestSupport.withBareRepository { repository, path in
            let base = try TestSupport.makeCommit(in: repository, parent: nil, content: "base")
            try repository.updateReference("refs/heads/main", to: base, expected: nil, logMessage: "base")

            var calls: [ObjectID?] = []
            var intruder: ObjectID?
            let result = try repository.transact("refs/heads/main", logMessage: "ours") { current in
                calls.append(current)
                if calls.count == 1 {
                    // A second writer, with its own handle, gets in between our read and our update.
                    let other = try Repository.open(at: path)
                    let theirs = try TestSupport.makeCommit(in: other, parent: current, content: "theirs")
                    try other.updateReference("refs/heads/main", to: theirs, expected: current, logMessage: "theirs")
                    intruder = theirs
                }
                return try TestSupport.makeCommit(in: repository, parent: current, content: "ours")
            }
            let theirs = try #require(intruder)
            #expect(calls == [base, theirs])
            #expect(try repository.reference("refs/heads/main") == result)
            #expect(try repository.commit(result).parents == [theirs])
            #expect(try repository.walk(from: result) == [result, theirs, base])
            #expect(try repository.reflog("refs/heads/main").map(\.message) == ["ours", "theirs", "base"])
        }
    }

    @Test("an error thrown by the body aborts at once and changes nothing")
    func bodyErrorAborts() throws {
        struct Abort: Error {}
        try TestSupport.withBareRepository { repository, _ in
            let base = try TestSupport.makeCommit(in: repository, parent: nil, content: "base")
            try repository.updateReference("refs/heads/main", to: base, expected: nil, logMessage: "base")
            var calls = 0
            #expect(throws: Abort.self) {
                try repository.transact("refs/heads/main", logMessage: "never") { _ in
                    calls += 1
                    throw Abort()
                }
            }
            #expect(calls == 1)
            #expect(try repository.reference("refs/heads/main") == base)
        }
    }

    @Test("gives up after the given number of attempts with the last conflict")
    func givesUp() throws {
        try TestSupport.withBareRepository { repository, path in
            let base = try TestSupport.makeCommit(in: repository, parent: nil, content: "base")
            try repository.updateReference("refs/heads/main", to: base, expected: nil, logMessage: "base")
            let other = try Repository.open(at: path)
            var calls = 0
            let error = #expect(throws: GitError.self) {
                try repository.transact("refs/heads/main", logMessage: "loser", attempts: 3) { current in
                    calls += 1
                    // Every time, someone else moves the reference first.
                    let theirs = try TestSupport.makeCommit(in: other, parent: current, content: "theirs \(calls)")
                    try other.updateReference("refs/heads/main", to: theirs, expected: current, logMessage: "theirs")
                    return try TestSupport.makeCommit(in: repository, parent: current, content: "ours \(calls)")
                }
            }
            #expect(error?.isModified == true, "\(String(describing: error))")
            #expect(calls == 3)
            let tip = try #require(try repository.reference("refs/heads/main"))
            #expect(try repository.walk(from: tip).count == 4)
        }
    }
}

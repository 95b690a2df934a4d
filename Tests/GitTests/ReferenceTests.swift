import Foundation
import Git
import Testing

@Suite("Repository: references and compare-and-swap")
struct ReferenceTests {
    @Test("create-only update: first succeeds, second throws isExists and leaves the ref alone")
    func createOnly() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 2)
            #expect(try repository.reference("refs/heads/main") == nil)
            try repository.updateReference("refs/heads/main", to: chain[0], expected: nil, logMessage: "create")
            #expect(try repository.reference("refs/heads/main") == chain[0])

            let error = #expect(throws: GitError.self) {
                try repository.updateReference("refs/heads/main", to: chain[1], expected: nil, logMessage: "create again")
            }
            #expect(error?.isExists == true, "\(String(describing: error))")
            #expect(try repository.reference("refs/heads/main") == chain[0])
        }
    }

    @Test("update with the wrong expected value throws isModified and leaves the ref alone")
    func wrongExpected() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 3)
            try repository.updateReference("refs/conduct/records", to: chain[0], expected: nil, logMessage: "create")
            try repository.updateReference("refs/conduct/records", to: chain[1], expected: chain[0], logMessage: "advance")
            #expect(try repository.reference("refs/conduct/records") == chain[1])

            let error = #expect(throws: GitError.self) {
                try repository.updateReference("refs/conduct/records", to: chain[2], expected: chain[0], logMessage: "stale")
            }
            #expect(error?.isModified == true, "\(String(describing: error))")
            #expect(try repository.reference("refs/conduct/records") == chain[1])

            let missing = #expect(throws: GitError.self) {
                try repository.updateReference("refs/conduct/other", to: chain[2], expected: chain[0], logMessage: "absent")
            }
            #expect(missing?.isModified == true, "\(String(describing: missing))")
            #expect(try repository.reference("refs/conduct/other") == nil)
        }
    }

    @Test("a held lock file makes the update throw isLocked")
    func lockedReference() throws {
        try TestSupport.withBareRepository { repository, path in
            let chain = try TestSupport.makeChain(in: repository, count: 2)
            try repository.updateReference("refs/heads/main", to: chain[0], expected: nil, logMessage: "create")
            let lockPath = path + "/refs/heads/main.lock"
            #expect(FileManager.default.createFile(atPath: lockPath, contents: Data()))
            let error = #expect(throws: GitError.self) {
                try repository.updateReference("refs/heads/main", to: chain[1], expected: chain[0], logMessage: "blocked")
            }
            #expect(error?.isLocked == true, "\(String(describing: error))")
            try FileManager.default.removeItem(atPath: lockPath)
            #expect(try repository.reference("refs/heads/main") == chain[0])
            try repository.updateReference("refs/heads/main", to: chain[1], expected: chain[0], logMessage: "unblocked")
            #expect(try repository.reference("refs/heads/main") == chain[1])
        }
    }

    @Test("invalid names and missing targets are refused")
    func refusals() throws {
        try TestSupport.withBareRepository { repository, _ in
            let commit = try TestSupport.makeCommit(in: repository, parent: nil, content: "x")
            let invalid = #expect(throws: GitError.self) {
                try repository.updateReference("refs/heads/bad..name", to: commit, expected: nil, logMessage: "m")
            }
            #expect(invalid?.isInvalid == true, "\(String(describing: invalid))")
            #expect(throws: GitError.self) { try repository.reference("refs/heads/bad..name") }
            #expect(throws: GitError.self) {
                try repository.updateReference("refs/heads/nul\u{0}byte", to: commit, expected: nil, logMessage: "m")
            }
            let missing = try #require(ObjectID(hex: String(repeating: "01", count: 20)))
            #expect(throws: GitError.self) {
                try repository.updateReference("refs/heads/main", to: missing, expected: nil, logMessage: "m")
            }
            #expect(try repository.reference("refs/heads/main") == nil)
        }
    }

    @Test("references(matching:) lists, resolves and sorts")
    func listing() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 3)
            try repository.updateReference("refs/conduct/zeta", to: chain[2], expected: nil, logMessage: "m")
            try repository.updateReference("refs/conduct/alpha", to: chain[0], expected: nil, logMessage: "m")
            try repository.updateReference("refs/conduct/nested/beta", to: chain[1], expected: nil, logMessage: "m")
            try repository.updateReference("refs/heads/main", to: chain[1], expected: nil, logMessage: "m")

            let conduct = try repository.references(matching: "refs/conduct/*")
            #expect(conduct.map(\.name) == ["refs/conduct/alpha", "refs/conduct/nested/beta", "refs/conduct/zeta"])
            #expect(conduct.map(\.target) == [chain[0], chain[1], chain[2]])

            // HEAD of a fresh bare repository is symbolic (to refs/heads/master) and is not matched by refs/*.
            let all = try repository.references(matching: "refs/*")
            #expect(all.count == 4)
            #expect(try repository.references(matching: "refs/nothing/*").isEmpty)
        }
    }

    @Test("deleteReference deletes only at the expected value")
    func guardedDelete() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 2)
            try repository.updateReference("refs/conduct/records", to: chain[1], expected: nil, logMessage: "create")

            let stale = #expect(throws: GitError.self) {
                try repository.deleteReference("refs/conduct/records", expected: chain[0])
            }
            #expect(stale?.isModified == true, "\(String(describing: stale))")
            #expect(try repository.reference("refs/conduct/records") == chain[1])

            try repository.deleteReference("refs/conduct/records", expected: chain[1])
            #expect(try repository.reference("refs/conduct/records") == nil)

            let gone = #expect(throws: GitError.self) {
                try repository.deleteReference("refs/conduct/records", expected: chain[1])
            }
            #expect(gone?.isModified == true, "\(String(describing: gone))")
        }
    }
}

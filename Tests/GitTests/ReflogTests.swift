import Git
import Testing

@Suite("Repository: reflogs")
struct ReflogTests {
    @Test("updates of refs/heads/main and refs/conduct/records are logged, newest first", arguments: [
        "refs/heads/main", "refs/conduct/records",
    ])
    func reflogWritten(_ name: String) throws {
        try TestSupport.withBareRepository { repository, path in
            let chain = try TestSupport.makeChain(in: repository, count: 3)
            #expect(try repository.reflog(name).isEmpty)

            try repository.updateReference(name, to: chain[0], expected: nil, logMessage: "conduct: create")
            try repository.updateReference(name, to: chain[1], expected: chain[0], logMessage: "conduct: second")
            try repository.updateReference(name, to: chain[2], expected: chain[1], logMessage: "conduct: third")

            let log = try repository.reflog(name)
            #expect(log.count == 3)
            #expect(log.map(\.message) == ["conduct: third", "conduct: second", "conduct: create"])
            #expect(log.map(\.new) == [chain[2], chain[1], chain[0]])
            #expect(log.map(\.old) == [chain[1], chain[0], .zero])
            #expect(log.allSatisfy { !$0.committer.name.isEmpty })

            let cli = try TestSupport.git(["-C", path, "reflog", "show", "--format=%H %gs", name])
            #expect(cli.status == 0, "\(cli.error)")
            #expect(cli.output.contains("\(chain[2].hex) conduct: third"))
        }
    }

    @Test("a failed compare-and-swap writes no reflog entry; deletion removes the log")
    func failedUpdateNotLogged() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 2)
            try repository.updateReference("refs/conduct/records", to: chain[0], expected: nil, logMessage: "create")
            #expect(throws: GitError.self) {
                try repository.updateReference("refs/conduct/records", to: chain[1], expected: chain[1], logMessage: "stale")
            }
            #expect(try repository.reflog("refs/conduct/records").count == 1)

            try repository.deleteReference("refs/conduct/records", expected: chain[0])
            #expect(try repository.reflog("refs/conduct/records").isEmpty)
        }
    }
}

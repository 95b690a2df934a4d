import Foundation
import Git
import TestPeers
import Testing

/// Remotes, fetch and push against real peers: a bare hub on disk and `git daemon` on 127.0.0.1.
@Suite("Remotes")
struct RemoteTests {
    @Test func remotesAreAddedListedAndRemoved() throws {
        try TestSupport.withBareRepository { repository, _ in
            try repository.addRemote("hub", url: "/srv/hub.git")
            try repository.addRemote("backup", url: "git://127.0.0.1:9/x.git")
            #expect(try repository.remotes() == [Remote(name: "backup", url: "git://127.0.0.1:9/x.git"), Remote(name: "hub", url: "/srv/hub.git")])
            #expect(throws: GitError.self) { try repository.addRemote("hub", url: "/elsewhere") }
            try repository.removeRemote("backup")
            #expect(try repository.remotes().map(\.name) == ["hub"])
            #expect(throws: GitError.self) { try repository.removeRemote("backup") }
        }
    }

    @Test func pushReportsEachReferenceAndFetchBringsThemBack() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let hub = directory + "/hub.git"
            try #require(try TestSupport.git(["init", "--quiet", "--bare", hub]).status == 0)
            let local = try Repository.initBare(at: directory + "/local.git")
            let chain = try TestSupport.makeChain(in: local, count: 3)
            try local.updateReference("refs/heads/main", to: chain[2], expected: nil, logMessage: "test")
            try local.updateReference("refs/conduct/records", to: chain[1], expected: nil, logMessage: "test")
            try local.addRemote("hub", url: hub)

            let pushed = try local.push("hub", refspecs: ["refs/heads/main:refs/heads/main", "refs/conduct/records:refs/conduct/records"])
            #expect(pushed == [PushedReference(reference: "refs/heads/main", rejection: nil),
                               PushedReference(reference: "refs/conduct/records", rejection: nil)])
            #expect(try TestSupport.git(["--git-dir", hub, "rev-parse", "main"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == chain[2].hex)

            // A second writer moves the hub's main elsewhere; a push that is not a fast-forward
            // is rejected, and the rejection is reported, not thrown.
            let other = try Repository.initBare(at: directory + "/other.git")
            let diverged = try TestSupport.makeChain(in: other, count: 2, label: "x")
            try other.updateReference("refs/heads/main", to: diverged[1], expected: nil, logMessage: "test")
            #expect(try other.push(hub, refspecs: ["+refs/heads/main:refs/heads/main"]).allSatisfy { $0.rejection == nil })
            let rejected = try local.push("hub", refspecs: ["refs/heads/main:refs/heads/main"])
            #expect(rejected.count == 1 && rejected[0].rejection != nil)

            // Fetch by remote name into remote-tracking refs, and by URL into any ref.
            try local.fetch("hub", refspecs: ["+refs/heads/*:refs/remotes/hub/*"], logMessage: "fetch from hub")
            #expect(try local.reference("refs/remotes/hub/main") == diverged[1])
            try local.fetch(hub, refspecs: ["+refs/conduct/records:refs/remotes/hub/records"], logMessage: "fetch by URL")
            #expect(try local.reference("refs/remotes/hub/records") == chain[1])
            #expect(try TestSupport.git(["--git-dir", directory + "/local.git", "fsck", "--strict"]).status == 0)
        }
    }

    @Test func fetchAndPushOverGitDaemon() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let hub = directory + "/hub.git"
            try #require(try TestSupport.git(["init", "--quiet", "--bare", hub]).status == 0)
            try #require(try TestSupport.git(["--git-dir", hub, "config", "daemon.receivepack", "true"]).status == 0)
            let daemon = try GitDaemon(base: directory)
            defer { daemon.stop() }
            let url = "git://127.0.0.1:\(daemon.port)/hub.git"

            let local = try Repository.initBare(at: directory + "/local.git")
            let chain = try TestSupport.makeChain(in: local, count: 2)
            try local.updateReference("refs/heads/main", to: chain[1], expected: nil, logMessage: "test")
            #expect(try local.push(url, refspecs: ["refs/heads/main:refs/heads/main"]) == [PushedReference(reference: "refs/heads/main", rejection: nil)])

            let clone = try Repository.initBare(at: directory + "/clone.git")
            try clone.fetch(url, refspecs: ["+refs/heads/*:refs/remotes/origin/*"], logMessage: "fetch over git://")
            #expect(try clone.reference("refs/remotes/origin/main") == chain[1])

            // A forced update the server refuses is reported per reference, through the callback.
            try #require(try TestSupport.git(["--git-dir", hub, "config", "receive.denyNonFastForwards", "true"]).status == 0)
            let unrelated = try TestSupport.makeCommit(in: local, parent: nil, content: "elsewhere")
            try local.updateReference("refs/heads/other", to: unrelated, expected: nil, logMessage: "test")
            let refused = try local.push(url, refspecs: ["+refs/heads/other:refs/heads/main"])
            #expect(refused.count == 1 && refused[0].reference == "refs/heads/main" && refused[0].rejection != nil, "\(refused)")
            #expect(try TestSupport.git(["--git-dir", hub, "rev-parse", "main"]).output.hasPrefix(chain[1].hex))

            // The daemon gone: a clear error, not a crash.
            daemon.stop()
            #expect(throws: GitError.self) { try clone.fetch(url, refspecs: ["+refs/heads/*:refs/remotes/origin/*"], logMessage: "fetch") }
        }
    }
}

import Foundation
import Git
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

struct DaemonDidNotStart: Error { var port: Int }

/// `git daemon` serving `base` on a free port of 127.0.0.1, with pushes enabled per repository.
final class GitDaemon {
    let port: Int
    private let process = Process()

    init(base: String) throws {
        // Ask the kernel for a free port, then let the daemon take it.
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        close(probe)

        // git-daemon itself, not the `git` wrapper: a signal to the wrapper would not stop it.
        let execPath = try TestSupport.git(["--exec-path"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
        process.arguments = ["--listen=127.0.0.1", "--port=\(port)", "--base-path=\(base)", "--export-all",
                             "--reuseaddr", "--informative-errors", base]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until it accepts connections (at most about five seconds).
        for _ in 0..<100 {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var target = address
            target.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(client)
            if connected == 0 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw DaemonDidNotStart(port: port)
    }

    func stop() {
        guard process.isRunning else { return }
        // SIGKILL: the daemon inherits the test runner's blocked signals, SIGTERM among them.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}

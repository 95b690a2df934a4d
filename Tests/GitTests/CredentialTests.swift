import Foundation
@testable import Git
import Testing

/// The pieces behind https credentials: the child-process runner, git's credential-store
/// files and helper protocol, and URLs shown without their password.
@Suite("Credentials")
struct CredentialTests {
    // MARK: ChildProcess

    @Test func aChildGetsItsInputAndGivesItsOutputAndStatus() throws {
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "cat; echo oops >&2; exit 3"], input: Array("protocol=https\n".utf8), timeout: 10)
        #expect(outcome.status == 3 && !outcome.timedOut)
        #expect(String(decoding: outcome.output, as: UTF8.self) == "protocol=https\n")
        #expect(String(decoding: outcome.errors, as: UTF8.self) == "oops\n")
    }

    @Test func aChildPastItsDeadlineIsKilledWithWhatItStarted() throws {
        let start = Date()
        // The grandchild keeps standard output open: only killing the group ends the wait.
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "sleep 30 & sleep 30"], input: [], timeout: 0.3)
        #expect(outcome.timedOut && outcome.status == nil)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func aChildThatReadsNothingDoesNotEndThisProcess() throws {
        // Written to a child that has exited: an error for the writer, never SIGPIPE.
        let outcome = try ChildProcess.run(["/bin/sh", "-c", "exit 0"], input: [UInt8](repeating: 65, count: 1 << 20), timeout: 10)
        #expect(outcome.status == 0)
        #expect(throws: ChildProcess.CannotStart.self) { try ChildProcess.run(["/nonexistent/helper"], input: [], timeout: 1) }
    }

    // MARK: Credential-store files and helpers

    /// Sources for `url` with HOME in a temporary folder holding `files`.
    func sources(_ url: String, files: [String: String], helpers: [String] = [], useHTTPPath: Bool = false,
                 _ body: (CredentialSources, String) throws -> Void) throws {
        try TestSupport.withTemporaryDirectory { home in
            for (name, text) in files {
                let path = home + "/" + name
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.replacingOccurrences(of: "$TESTHOME", with: home).write(toFile: path, atomically: true, encoding: .utf8)
                if name.hasPrefix("bin/") { _ = chmod(path, 0o755) }
            }
            let context = try #require(CredentialContext(url: url))
            let environment = ["HOME": home, "PATH": home + "/bin:/usr/bin:/bin"]
            try body(CredentialSources(context: context, helperValues: helpers, useHTTPPath: useHTTPPath, environment: { environment[$0] }), home)
        }
    }

    @Test func storeFilesMatchByProtocolHostPortAndUserAsGitDoes() throws {
        let lines = """
            http://alice:plain@git.example.org:8443
            https://alice:other-port@git.example.org
            https://bob:bobs@git.example.org:8443
            https://alice:p%40ss%3Aword@git.example.org:8443/team/code.git
            https://alice:second@git.example.org:8443

            """
        try sources("https://git.example.org:8443/team/code.git", files: [".git-credentials": lines]) { sources, _ in
            let first = try #require(sources.next())
            #expect(first.username == "bob" && first.password == "bobs")
        }
        try sources("https://alice@git.example.org:8443/team/code.git", files: [".git-credentials": lines]) { sources, _ in
            let first = try #require(sources.next())
            #expect(first.username == "alice" && first.password == "p@ss:word", "decoded, and any path matches without useHttpPath")
            // Refused: the next source (there is none) and a message without any password.
            #expect(sources.next() == nil)
            #expect(sources.failure.contains("~/.git-credentials: refused") && sources.failure.contains("git.example.org:8443"), "\(sources.failure)")
            #expect(!sources.failure.contains("p@ss") && !sources.failure.contains("second"), "\(sources.failure)")
        }
        // With useHttpPath, the path must match too; the XDG file is read after ~/.git-credentials.
        try sources("https://alice@git.example.org:8443/other.git", files: [".git-credentials": lines,
                                                                         ".config/git/credentials": "https://alice:xdg@git.example.org:8443/other.git\n"],
                    useHTTPPath: true) { sources, _ in
            let first = try #require(sources.next())
            #expect(first.password == "xdg")
        }
        try sources("https://git.example.org/x.git", files: [:]) { sources, _ in
            #expect(sources.next() == nil)
            #expect(sources.failure.contains("none there"), "\(sources.failure)")
        }
    }

    @Test func helpersSpeakGitsProtocolInOrderAndQuitStopsThem() throws {
        let script = """
            #!/bin/sh
            for argument; do action=$argument; done
            cat > "$TESTHOME/request-$action"
            echo username=carol
            echo password=from-helper
            echo quit=1

            """
        try sources("https://git.example.org/x.git", files: ["bin/git-credential-mine": script],
                    helpers: ["cache --timeout 60", "", "store --file ~/elsewhere", "nosuch", "mine --flag", "!echo never-asked"]) { sources, home in
            let offered = try #require(sources.next())
            #expect(offered.username == "carol" && offered.password == "from-helper")
            let request = try String(contentsOfFile: home + "/request-get", encoding: .utf8)
            #expect(request == "protocol=https\nhost=git.example.org\n\n", "\(request)")
            sources.accepted()
            let stored = try String(contentsOfFile: home + "/request-store", encoding: .utf8)
            #expect(stored.contains("username=carol\npassword=from-helper\n"), "\(stored)")
            // The empty value dropped 'cache'; quit=1 stopped before the last helper.
            let notes = sources.notes.joined(separator: "; ")
            #expect(!notes.contains("cache") && notes.contains("no program git-credential-nosuch") && !notes.contains("#6"), "\(notes)")
        }
    }

    @Test func urlsAreShownWithoutTheirPassword() {
        #expect(Remote.hidingPassword("https://alice:s3cret@host:8443/x.git") == "https://alice:***@host:8443/x.git")
        #expect(Remote.hidingPassword("https://alice@host/x.git") == "https://alice@host/x.git")
        #expect(Remote.hidingPassword("/srv/hub.git") == "/srv/hub.git")
        #expect(Remote.hidingPassword("ssh://git@host:22/a@b.git") == "ssh://git@host:22/a@b.git")
        #expect(CredentialContext(url: "https://a:b@host:8443/p%20q.git")?.display == "https://host:8443/p q.git")
    }
}

import Foundation
import TestPeers
import Testing

/// `clone` and `sync` over https (git http-backend behind TLS and basic auth) and ssh (OpenSSH's
/// sshd with an ssh-agent), with credentials, certificates and host keys from the places git
/// takes them. Each test points HOME at a folder of its own, so nothing of the machine's
/// configuration is read.
@Suite("Sync over https and ssh")
struct SyncTransportTests {
    static let user = "alice"
    static let password = "s3cret-Pa55"

    /// A hub served by a real server, the secretariat's store already pushed to it (by path),
    /// and an empty HOME.
    struct Hub {
        let directory: TemporaryDirectory
        let hub: String
        let home: String
        let secretariat: String

        init() throws {
            directory = try TemporaryDirectory()
            hub = directory.path("srv/hub.git")
            home = directory.path("home")
            try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory.path("srv"), withIntermediateDirectories: true)
            try CLI.succeed(CLI.git(["init", "--quiet", "--bare", hub]))
            secretariat = directory.path("secretariat.git")
            try CLI.succeed(CLI.conduct(["init", secretariat, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0",
                                         "--date", "2024-01-01", "--as", SyncTests.secretariat]))
            try CLI.succeed(CLI.conduct(["remote", "add", "hub", hub, "--store", secretariat]))
            try CLI.succeed(CLI.conduct(["sync", "--store", secretariat]))
        }

        func write(_ relative: String, _ text: String, mode: Int = 0o600) throws {
            let path = home + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        }

        /// `conduct ARGS` with HOME here and `extra` in the environment.
        func conduct(_ arguments: [String], _ extra: [String: String]) throws -> CLI.Result {
            try CLI.conduct(arguments, environment: ["HOME": home, "XDG_CONFIG_HOME": "", "GIT_CONFIG_NOSYSTEM": "1"].merging(extra) { $1 })
        }

        /// Clones `url` into NAME.git, writes a comment there, syncs, and checks that the hub took it.
        func cloneCommentAndSync(_ name: String, from url: String, _ environment: [String: String]) throws {
            let store = directory.path("\(name).git")
            let cloned = try conduct(["clone", url, store], environment)
            try #require(cloned.status == 0, "clone \(url): \(cloned.stderr)")
            #expect(cloned.stdout.contains("In from origin:  1 revision"), "\(cloned.stdout)")
            #expect(try SyncTests.tip(store) == (try SyncTests.tip(hub)))
            try CLI.succeed(CLI.conduct(["comment", "--store", store, "--as", "Reader <reader@example.org>", "v1.0",
                                         "--clause", "scope", "--message", "Read over \(name).", "--date", "2024-02-01"]))
            let synced = try conduct(["sync", "--store", store], environment)
            try #require(synced.status == 0, "sync over \(url): \(synced.stdout) \(synced.stderr)")
            #expect(synced.stdout.contains("Out to origin:   0 revisions, 0 proposals, 1 comments"), "\(synced.stdout)")
            // The push is confirmed on the server's side, by git.
            #expect(try Plumbing.ledger(hub) == (try Plumbing.ledger(store)))
            let log = try Plumbing.gitOutput(hub, ["log", "--format=%s", "refs/conduct/records"])
            let hubTip = try SyncTests.tip(hub, "refs/conduct/records"), storeTip = try SyncTests.tip(store, "refs/conduct/records")
            #expect(!log.isEmpty && hubTip == storeTip, "\(log)")
            for output in [cloned.stdout, cloned.stderr, synced.stdout, synced.stderr] {
                #expect(!output.contains(SyncTransportTests.password), "a password was printed: \(output)")
            }
        }
    }

    /// A hub behind `git http-backend` over TLS that takes only alice's password.
    struct HTTPSHub {
        let hub: Hub
        let server: GitHTTPSServer
        var url: String { "https://127.0.0.1:\(server.port)/hub.git" }
        /// Trusts the server's authority; reads nothing of the machine's.
        var trusted: [String: String] { ["GIT_SSL_CAINFO": server.authority, "SSL_CERT_FILE": "", "SSH_AUTH_SOCK": ""] }

        init() throws {
            hub = try Hub()
            server = try GitHTTPSServer(root: hub.directory.path("srv"), directory: hub.directory.url.path,
                                        user: SyncTransportTests.user, password: SyncTransportTests.password)
        }
    }

    // MARK: https

    @Test func httpsWithCredentialsFromTheCredentialStoreFile() throws {
        let https = try HTTPSHub()
        defer { https.server.stop() }
        try https.hub.write(".git-credentials", "https://bob:other@example.org\nhttps://\(Self.user):\(Self.password.replacingOccurrences(of: "5", with: "%35"))@127.0.0.1:\(https.server.port)\n")
        try https.hub.cloneCommentAndSync("acme", from: https.url, https.trusted)
    }

    @Test func httpsWithCredentialsFromTheURL() throws {
        let https = try HTTPSHub()
        defer { https.server.stop() }
        let url = "https://\(Self.user):\(Self.password)@127.0.0.1:\(https.server.port)/hub.git"
        try https.hub.cloneCommentAndSync("acme", from: url, https.trusted)
        let listed = try https.hub.conduct(["remote", "list", "--store", https.hub.directory.path("acme.git")], [:])
        #expect(listed.status == 0 && listed.stdout.contains("127.0.0.1:\(https.server.port)/hub.git"), "\(listed.stdout)")
        #expect(!listed.stdout.contains(Self.password), "\(listed.stdout)")
        // A URL libgit2 cannot read is quoted in its message, without the password.
        let store = https.hub.directory.path("acme.git")
        try CLI.succeed(https.hub.conduct(["remote", "add", "broken", "https://\(Self.user):\(Self.password)@[::1/hub.git", "--store", store], [:]))
        let broken = try https.hub.conduct(["sync", "broken", "--store", store], https.trusted)
        #expect(broken.status == 2 && broken.stderr.contains("malformed URL"), "\(broken.stderr)")
        #expect(!broken.stderr.contains(Self.password) && !broken.stdout.contains(Self.password), "\(broken.stderr)")
    }

    /// A helper program as git config names it: an absolute path, a shell snippet, or a name
    /// found as git-credential-NAME on PATH. `cache` before it is skipped; after the server
    /// accepted, the helper is told to `store`.
    @Test(arguments: ["path", "shell", "name"])
    func httpsWithCredentialsFromAHelper(form: String) throws {
        let https = try HTTPSHub()
        defer { https.server.stop() }
        let home = https.hub.home
        let log = home + "/helper.log"
        // Logs each action and the fields it was given, without the password.
        try https.hub.write("bin/git-credential-conducttest", """
            #!/bin/sh
            fields=$(grep -v '^password=' | tr '\\n' ' ')
            echo "$1 $fields" >> \(log)
            if [ "$1" = get ]; then printf 'username=\(Self.user)\\npassword=\(Self.password)\\n'; fi
            exit 0

            """, mode: 0o755)
        let helper = switch form {
        case "path": home + "/bin/git-credential-conducttest"
        case "shell": "!\"\(home)/bin/git-credential-conducttest\""
        default: "conducttest"
        }
        try https.hub.write(".gitconfig", "[credential]\n\thelper = cache\n\thelper = \(helper)\n")
        var environment = https.trusted
        environment["PATH"] = home + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        try https.hub.cloneCommentAndSync("acme", from: https.url, environment)
        let actions = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(actions.first?.hasPrefix("get protocol=https host=127.0.0.1:\(https.server.port)") == true, "\(actions)")
        #expect(actions.contains { $0.hasPrefix("store ") && $0.contains("username=\(Self.user)") }, "\(actions)")
        #expect(!actions.contains { $0.hasPrefix("erase") }, "\(actions)")
    }

    @Test func httpsWithAWrongPasswordChangesNothingAndSaysWhatWasTried() throws {
        let https = try HTTPSHub()
        defer { https.server.stop() }
        try https.hub.write(".git-credentials", "https://\(Self.user):\(Self.password)@127.0.0.1:\(https.server.port)\n")
        try https.hub.cloneCommentAndSync("acme", from: https.url, https.trusted)
        let store = https.hub.directory.path("acme.git")

        // The password changes on the server's side (here: in the file), and a refusing helper is configured.
        try https.hub.write(".git-credentials", "https://\(Self.user):wrong-one@127.0.0.1:\(https.server.port)\n")
        try https.hub.write(".gitconfig", "[credential]\n\thelper = \"!f() { cat >/dev/null; echo quit=0; }; f\"\n")
        try CLI.succeed(CLI.conduct(["comment", "--store", store, "--as", "Reader <reader@example.org>", "v1.0",
                                     "--clause", "scope", "--message", "Unsent.", "--date", "2024-02-02"]))
        let before = try Plumbing.refs(store), hubBefore = try Plumbing.refs(https.hub.hub)
        let failed = try https.hub.conduct(["sync", "--store", store], https.trusted)
        #expect(failed.status == 2, "\(failed.stdout) \(failed.stderr)")
        #expect(failed.stderr.hasPrefix("conduct: error:"), "\(failed.stderr)")
        for expected in ["127.0.0.1:\(https.server.port)", "~/.git-credentials: refused", "credential.helper #1 (a shell command): gave no password",
                   "~/.git-credentials as", "credential.helper"] {
            #expect(failed.stderr.contains(expected), "missing '\(expected)': \(failed.stderr)")
        }
        #expect(!failed.stderr.contains("wrong-one") && !failed.stdout.contains("wrong-one"), "\(failed.stderr)")
        #expect(failed.stdout.isEmpty, "\(failed.stdout)")
        #expect(try Plumbing.refs(store) == before)
        #expect(try Plumbing.refs(https.hub.hub) == hubBefore)

        // No credentials anywhere: a clone says so and leaves nothing behind.
        try FileManager.default.removeItem(atPath: https.hub.home + "/.git-credentials")
        try FileManager.default.removeItem(atPath: https.hub.home + "/.gitconfig")
        let fresh = https.hub.directory.path("fresh.git")
        let cloned = try https.hub.conduct(["clone", https.url, fresh], https.trusted)
        #expect(cloned.status == 2, "\(cloned.stdout) \(cloned.stderr)")
        #expect(cloned.stderr.contains("no credentials for https://127.0.0.1:\(https.server.port)/hub.git"), "\(cloned.stderr)")
        #expect(cloned.stderr.contains("none there"), "\(cloned.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }

    @Test func anUntrustedCertificateIsRefusedUntilItsAuthorityIsTrusted() throws {
        let https = try HTTPSHub()
        defer { https.server.stop() }
        try https.hub.write(".git-credentials", "https://\(Self.user):\(Self.password)@127.0.0.1:\(https.server.port)\n")
        let fresh = https.hub.directory.path("fresh.git")
        // The machine's authorities only (the system bundle), which never signed this server's certificate.
        let refused = try https.hub.conduct(["clone", https.url, fresh], ["GIT_SSL_CAINFO": "", "SSL_CERT_FILE": ""])
        #expect(refused.status == 2, "\(refused.stdout) \(refused.stderr)")
        for expected in ["TLS certificate of 127.0.0.1", "could not be verified", "GIT_SSL_CAINFO", "http.sslCAInfo"] {
            #expect(refused.stderr.contains(expected), "missing '\(expected)': \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(!https.server.log.contains("GET /hub.git"), "no request was sent over a connection not trusted: \(https.server.log)")

        // A CA file that cannot be read is named.
        let missing = try https.hub.conduct(["clone", https.url, fresh], ["GIT_SSL_CAINFO": https.hub.home + "/nowhere.pem"])
        #expect(missing.status == 2 && missing.stderr.contains("nowhere.pem") && missing.stderr.contains("GIT_SSL_CAINFO"), "\(missing.stderr)")

        // Trusted through git config http.sslCAInfo, then through SSL_CERT_FILE.
        try https.hub.write(".gitconfig", "[http]\n\tsslCAInfo = \(https.server.authority)\n")
        try https.hub.cloneCommentAndSync("acme", from: https.url, ["GIT_SSL_CAINFO": "", "SSL_CERT_FILE": ""])
        try FileManager.default.removeItem(atPath: https.hub.home + "/.gitconfig")
        try https.hub.cloneCommentAndSync("uni", from: https.url, ["GIT_SSL_CAINFO": "", "SSL_CERT_FILE": https.server.authority])
    }

    // MARK: ssh

    /// A hub reached through sshd; HOME's known_hosts holds the server's key unless told otherwise.
    struct SSHHub {
        let hub: Hub
        let server: SSHServer
        /// Without a user name: the login name is used, as ssh does.
        var url: String { "ssh://127.0.0.1:\(server.port)\(hub.hub)" }
        var withAgent: [String: String] { ["SSH_AUTH_SOCK": server.agentSocket] }

        init(knownHosts: Bool = true) throws {
            hub = try Hub()
            server = try SSHServer(directory: hub.directory.url.path)
            if knownHosts { try hub.write(".ssh/known_hosts", server.knownHostsLine) }
        }
    }

    @Test func sshWithAKeyFromTheAgent() throws {
        let ssh = try SSHHub()
        defer { ssh.server.stop() }
        try ssh.hub.cloneCommentAndSync("acme", from: ssh.url, ssh.withAgent)
        let user = ProcessInfo.processInfo.userName
        try ssh.hub.cloneCommentAndSync("uni", from: "ssh://\(user)@127.0.0.1:\(ssh.server.port)\(ssh.hub.hub)", ssh.withAgent)
        #expect(ssh.server.log.contains("Accepted publickey"), "\(ssh.server.log)")
    }

    @Test func sshWithTheDefaultKeyFileAndNoAgent() throws {
        let ssh = try SSHHub()
        defer { ssh.server.stop() }
        let noAgent = ["SSH_AUTH_SOCK": ""]
        // No agent and no key: refused, with what was tried and the way out.
        let fresh = ssh.hub.directory.path("fresh.git")
        let refused = try ssh.hub.conduct(["clone", ssh.url, fresh], noAgent)
        #expect(refused.status == 2, "\(refused.stdout) \(refused.stderr)")
        #expect(refused.stderr.contains("accepted no ssh key") && refused.stderr.contains("ssh-add"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // The key as ~/.ssh/id_ed25519.
        try FileManager.default.copyItem(atPath: ssh.server.userKey, toPath: ssh.hub.home + "/.ssh/id_ed25519")
        try FileManager.default.copyItem(atPath: ssh.server.userKey + ".pub", toPath: ssh.hub.home + "/.ssh/id_ed25519.pub")
        try ssh.hub.cloneCommentAndSync("acme", from: ssh.url, noAgent)
    }

    @Test func anUnknownOrChangedHostKeyIsRefused() throws {
        let ssh = try SSHHub(knownHosts: false)
        defer { ssh.server.stop() }
        let fresh = ssh.hub.directory.path("fresh.git")
        let unknown = try ssh.hub.conduct(["clone", ssh.url, fresh], ssh.withAgent)
        #expect(unknown.status == 2, "\(unknown.stdout) \(unknown.stderr)")
        let fingerprint = try PeerProcess.run("/usr/bin/ssh-keygen", ["-l", "-f", ssh.hub.directory.path("host_key.pub")])
            .split(separator: " ")[1]
        for expected in ["[127.0.0.1]:\(ssh.server.port)", "is not in ~/.ssh/known_hosts", String(fingerprint), "ssh-keyscan -p \(ssh.server.port) 127.0.0.1"] {
            #expect(unknown.stderr.contains(expected), "missing '\(expected)': \(unknown.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(!ssh.server.log.contains("Accepted publickey"), "no key was offered to an unknown host: \(ssh.server.log)")

        // Another key recorded for the same host and port.
        let other = ssh.hub.directory.path("other_host_key")
        try PeerProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other])
        let otherKey = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try ssh.hub.write(".ssh/known_hosts", "[127.0.0.1]:\(ssh.server.port) \(otherKey)\n")
        let changed = try ssh.hub.conduct(["clone", ssh.url, fresh], ssh.withAgent)
        #expect(changed.status == 2, "\(changed.stdout) \(changed.stderr)")
        #expect(changed.stderr.contains("differs from the one recorded for it in ~/.ssh/known_hosts") && changed.stderr.contains("ssh-keygen -R"), "\(changed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }
}


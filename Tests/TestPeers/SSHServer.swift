import Foundation

/// OpenSSH's `sshd` on 127.0.0.1 on a free port, run as the current user with its own config,
/// host key and authorized_keys in `directory`, and an `ssh-agent` holding the one user key it
/// accepts. Git over ssh runs `git-upload-pack`/`git-receive-pack` through it, as on any host.
public final class SSHServer {
    public let port: Int
    /// The agent's socket: SSH_AUTH_SOCK for clients.
    public let agentSocket: String
    /// The `known_hosts` line for this server.
    public let knownHostsLine: String
    /// The user key's private file (also held by the agent).
    public let userKey: String
    private let sshd: PeerProcess
    private let agent: PeerProcess

    public struct Unavailable: Error, CustomStringConvertible { public var description: String }

    public static let sshdPath = "/usr/sbin/sshd"

    public init(directory: String) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.sshdPath) else {
            throw Unavailable(description: "\(Self.sshdPath) is missing: install openssh-server (Scripts/setup does)")
        }
        let keygen = "/usr/bin/ssh-keygen"
        try PeerProcess.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", directory + "/host_key", "-C", "test host"])
        userKey = directory + "/user_key"
        try PeerProcess.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", userKey, "-C", "test user"])
        try FileManager.default.copyItem(atPath: userKey + ".pub", toPath: directory + "/authorized_keys")
        // sshd started by root insists on its privilege separation directory.
        if getuid() == 0, !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        // The port is free when asked for, and may be taken before sshd binds it: try a few.
        var started: (port: Int, sshd: PeerProcess)?
        for attempt in 1...3 where started == nil {
            let port = freePort()
            let config = """
                ListenAddress 127.0.0.1:\(port)
                HostKey \(directory)/host_key
                PidFile none
                AuthorizedKeysFile \(directory)/authorized_keys
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin prohibit-password
                LogLevel VERBOSE

                """
            try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
            let sshd = try PeerProcess(Self.sshdPath, ["-D", "-e", "-f", directory + "/sshd_config"], log: directory + "/sshd-\(attempt).log")
            do {
                try sshd.wait { $0.contains("Server listening") }
                started = (port, sshd)
            } catch let error where attempt < 3 {
                _ = error
                continue
            }
        }
        guard let started else { throw Unavailable(description: "sshd did not start") }
        port = started.port
        sshd = started.sshd

        let socket = directory + "/agent.sock"
        agentSocket = socket
        agent = try PeerProcess("/usr/bin/ssh-agent", ["-D", "-a", socket], log: directory + "/agent.log")
        try agent.wait { _ in FileManager.default.fileExists(atPath: socket) }
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = agentSocket
        try PeerProcess.run("/usr/bin/ssh-add", ["-q", userKey], environment: environment)

        let hostKey = try String(contentsOfFile: directory + "/host_key.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        knownHostsLine = "[127.0.0.1]:\(port) \(hostKey)\n"
    }

    /// What sshd logged.
    public var log: String { sshd.output }

    public func stop() {
        sshd.stop()
        agent.stop()
    }

    deinit { stop() }
}

import Foundation

/// `git daemon` serving the repositories under `base` on 127.0.0.1 (a free port unless one is
/// asked for), for tests that sync through `git://` with a real server.
public final class GitDaemon {
    public let port: Int
    private let process = Process()

    public struct DidNotStart: Error { public var port: Int }

    public init(base: String, port requested: Int? = nil) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        if let requested {
            port = requested
        } else {
            // Ask the kernel for a free port, then let the daemon take it.
            let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
            port = Int(UInt16(bigEndian: address.sin_port))
            close(probe)
        }

        // git-daemon itself, not the `git` wrapper: a signal to the wrapper would not stop it.
        process.executableURL = URL(fileURLWithPath: try Self.execPath() + "/git-daemon")
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
        throw DidNotStart(port: port)
    }

    public func stop() {
        guard process.isRunning else { return }
        // SIGKILL: the daemon inherits the test runner's blocked signals, SIGTERM among them.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Where git keeps its programs (`git --exec-path`).
    private static func execPath() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--exec-path"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

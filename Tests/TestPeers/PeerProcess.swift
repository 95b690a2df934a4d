import Foundation

/// A server process a test starts and kills: its output goes to a log file, and it is stopped
/// with SIGKILL. Started with posix_spawn, not Foundation's `Process`: servers such as
/// ssh-agent close every inherited descriptor, which makes `Process` wait for them in the one
/// thread that notices every child's exit, so that no other child is ever seen to end.
public final class PeerProcess {
    public let pid: pid_t
    public let log: String
    public let executable: String
    private var exited = false

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ executable: String, _ arguments: [String], log: String, environment: [String: String]? = nil) throws {
        self.log = log
        self.executable = executable
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?] = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0)=\($1)") } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, env)
        guard rc == 0 else { throw Failed(description: "\(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// What the process wrote so far.
    public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    public var isRunning: Bool {
        if exited { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        // ECHILD: someone else reaped it; either way it is gone.
        if reaped == pid || reaped < 0 && errno == ECHILD { exited = true }
        return !exited
    }

    /// Waits (at most `seconds`) until `ready` holds for the output; throws with the output otherwise.
    @discardableResult
    public func wait(seconds: Double = 10, until ready: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let text = output
            if ready(text) { return text }
            if !isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let text = output
        stop()
        throw Failed(description: "\(executable) did not become ready: \(text)")
    }

    public func stop() {
        guard !exited else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        exited = true
    }

    deinit { stop() }

    /// Runs a program to completion; throws with its output when it fails.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(executable) \(arguments.joined(separator: " ")): exit \(process.terminationStatus): \(text)")
        }
        return text
    }
}

/// A free TCP port on 127.0.0.1, as the kernel hands one out.
public func freePort() -> Int {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(probe) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

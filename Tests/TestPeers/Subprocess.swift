import Foundation

/// A program a test runs to its end, as a user or a peer tool would (`git`, `ssh-keygen`, the
/// built `conduct`): standard input given, both outputs captured. Every test target runs its
/// peers through this one function.
public enum Subprocess {
    public struct Result: Sendable {
        public var stdout: String
        public var stderr: String
        public var status: Int32
        public var stdoutBytes: Data

        public init(stdout: String, stderr: String, status: Int32, stdoutBytes: Data) {
            (self.stdout, self.stderr, self.status, self.stdoutBytes) = (stdout, stderr, status, stdoutBytes)
        }
    }

    /// Runs `executable` with `arguments` in `directory`, in `environment` (default: this
    /// process's), with `stdin` as its standard input (default: empty), and waits for it.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large output cannot block it.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.001) }
        return Result(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      status: process.terminationStatus, stdoutBytes: outData)
    }

    /// `git ARGS` (found on the PATH) in `environment` added to this process's.
    @discardableResult
    public static func git(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                           stdin: Data? = nil) throws -> Result {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try run("/usr/bin/env", ["git"] + arguments, in: directory, environment: merged, stdin: stdin)
    }
}

import Foundation
import Testing

/// Runs the built `conduct` binary, `git` and Python's jsonschema as a user would.
enum CLI {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        var stdoutBytes: Data
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus = packageRoot.appendingPathComponent("Corpus/hiroshima-code")

    /// `$CONDUCT_BINARY`, else the debug build beside the tests.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["CONDUCT_BINARY"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/conduct").path
    }

    static let identity = ["GIT_AUTHOR_NAME": "Test Secretariat", "GIT_AUTHOR_EMAIL": "secretariat@example.org"]

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CONDUCT_STORE"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
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

    @discardableResult
    static func conduct(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        try run(binary, arguments, in: directory, environment: identity.merging(environment) { $1 }, stdin: stdin)
    }

    @discardableResult
    static func git(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try run("/usr/bin/env", ["git"] + arguments, in: directory)
    }

    /// A new git repository at `path` (on `branch`, committing as `user`), and a function that
    /// runs `git -C path ARGS` there and requires it to succeed: a project's history, for import.
    static func gitRepository(at path: String, branch: String = "main",
                              user: (name: String, email: String) = ("T", "t@example.org")) throws -> ([String]) throws -> Void {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let git = { (arguments: [String]) throws in
            let result = try CLI.git(["-C", path] + arguments)
            try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        try git(["init", "-q", "-b", branch])
        try git(["config", "user.name", user.name]); try git(["config", "user.email", user.email])
        return git
    }

    /// Validates JSON text against `Schemas/NAME.schema.json` with Python's jsonschema.
    static func validate(_ json: String, schema name: String) throws -> Result {
        try run("/usr/bin/env", ["python3", packageRoot.appendingPathComponent("Scripts/validate-json").path,
                                 packageRoot.appendingPathComponent("Schemas/\(name).schema.json").path],
                stdin: Data(json.utf8))
    }
}

/// A fresh temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }
}

/// Every file under a directory with its contents, to prove a failed command wrote nothing.
func snapshot(_ directory: String) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return files }
    while let relative = enumerator.nextObject() as? String {
        let full = (directory as NSString).appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = FileManager.default.contents(atPath: full) ?? Data()
        } else {
            files[relative + "/"] = Data()
        }
    }
    return files
}

import Foundation
import TestPeers
import Testing

/// Runs the built `conduct` binary, `git` and Python's jsonschema as a user would.
enum CLI {
    typealias Result = Subprocess.Result

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus = packageRoot.appendingPathComponent("Corpus/hiroshima-code")

    /// `$CONDUCT_BINARY`, else the debug build beside the tests.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["CONDUCT_BINARY"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/conduct").path
    }

    static let identity = ["GIT_AUTHOR_NAME": "Test Secretariat", "GIT_AUTHOR_EMAIL": "secretariat@example.org"]

    /// `executable ARGS` with conduct's variables cleared and colour off, `environment` added.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["CONDUCT_STORE"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        return try Subprocess.run(executable, arguments, in: directory, environment: env, stdin: stdin)
    }

    @discardableResult
    static func conduct(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        try run(binary, arguments, in: directory, environment: identity.merging(environment) { $1 }, stdin: stdin)
    }

    /// `conduct ARGS` and the processor time it used (user and system, in seconds), read from
    /// the shell that waited for it: unlike the wall clock, it does not grow when other tests or
    /// builds load the machine, so growth tests can compare it.
    static func conductTimed(_ arguments: [String], environment: [String: String] = [:]) throws -> (result: Result, cpu: Double) {
        let script = #"conduct=$1; shift; "$conduct" "$@"; status=$?; times >&2; exit $status"#
        let result = try run("/bin/bash", ["-c", script, "bash", binary] + arguments, environment: identity.merging(environment) { $1 })
        // `times` prints the shell's own times, then its children's: "0m1.250s 0m0.310s".
        let children = result.stderr.split(separator: "\n").last ?? ""
        let seconds = children.split(separator: " ").map { part -> Double in
            let text = part.trimmingCharacters(in: .whitespaces).dropLast()   // "0m1.250"
            let pieces = text.split(separator: "m")
            guard pieces.count == 2, let minutes = Double(pieces[0]), let rest = Double(pieces[1]) else { return 0 }
            return minutes * 60 + rest
        }
        return (result, seconds.reduce(0, +))
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

    /// Requires that `result` exited 0 (saying `comment`, the exit status and standard error otherwise).
    @discardableResult
    static func succeed(_ result: Result, _ comment: String = "") throws -> Result {
        try #require(result.status == 0, "\(comment) exit \(result.status): \(result.stderr)")
        return result
    }

    /// The JSON object `text` holds.
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The JSON object a command wrote to standard output.
    static func json(_ result: Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String: Any], "\(result.stdout)")
    }

    /// Validates JSON text against `Schemas/NAME.schema.json` with Python's jsonschema.
    static func validate(_ json: String, schema name: String) throws -> Result {
        try run("/usr/bin/env", ["python3", packageRoot.appendingPathComponent("Scripts/validate-json").path,
                                 packageRoot.appendingPathComponent("Schemas/\(name).schema.json").path],
                stdin: Data(json.utf8))
    }
}

/// TestPeers' temporary directory, named here so that every test file of this target has it
/// without importing TestPeers.
typealias TemporaryDirectory = TestPeers.TemporaryDirectory

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

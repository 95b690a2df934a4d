import Foundation
import Git
import TestPeers

/// Shared helpers for the Git module's tests: temporary directories, the `git` CLI, sample objects.
enum TestSupport {
    /// A fixed author/committer used by the tests.
    static let alice = Signature(name: "Alice Example", email: "alice@example.org", time: 1_700_000_000, offsetMinutes: 60)

    /// A second identity with a negative time-zone offset.
    static let bob = Signature(name: "Bob Example", email: "bob@example.org", time: 1_700_003_600, offsetMinutes: -330)

    /// Runs `body` with a fresh, empty temporary directory and removes the directory afterwards.
    static func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("GitTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.resolvingSymlinksInPath().path)
    }

    /// Runs `body` with a new bare repository (made by `Repository.initBare`) in a temporary directory.
    static func withBareRepository<Result>(_ body: (Repository, String) throws -> Result) throws -> Result {
        try withTemporaryDirectory { directory in
            let path = directory + "/repo.git"
            let repository = try Repository.initBare(at: path)
            return try body(repository, path)
        }
    }

    /// The outcome of a `git` CLI run.
    struct GitRun {
        /// Exit status.
        var status: Int32
        /// Standard output.
        var output: String
        /// Standard error.
        var error: String

        init(_ result: Subprocess.Result) {
            (status, output, error) = (result.status, result.stdout, result.stderr)
        }
    }

    /// Runs the real `git` CLI with `arguments` and returns its status and output.
    @discardableResult
    static func git(_ arguments: [String]) throws -> GitRun {
        GitRun(try Subprocess.run("/usr/bin/env", ["git"] + arguments))
    }

    /// Writes a one-file tree (`file.txt` containing `content`) and a commit on top of `parent`.
    static func makeCommit(
        in repository: Repository,
        parent: ObjectID?,
        content: String,
        message: String? = nil,
        parents extraParents: [ObjectID] = []
    ) throws -> ObjectID {
        let blob = try repository.writeBlob(Array(content.utf8))
        let tree = try repository.writeTree([TreeEntry(name: "file.txt", id: blob, mode: .blob)])
        return try repository.writeCommit(
            tree: tree,
            parents: (parent.map { [$0] } ?? []) + extraParents,
            author: alice,
            committer: bob,
            message: message ?? "commit: \(content)\n"
        )
    }

    /// Writes a chain of `count` commits (the first a root commit) and returns them oldest first.
    static func makeChain(in repository: Repository, count: Int, label: String = "c") throws -> [ObjectID] {
        var chain: [ObjectID] = []
        for index in 0..<count {
            chain.append(try makeCommit(in: repository, parent: chain.last, content: "\(label)\(index)"))
        }
        return chain
    }
}

/// A lock-protected value that threads can share.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Creates the box with an initial value.
    init(_ value: Value) {
        self.value = value
    }

    /// Reads or changes the value under the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

import Foundation
import Testing

/// A store's refs and ledger read and changed with git's own plumbing, as an outsider with
/// access to the repository would (Mallory, who also tampers with hubs): what the attestation,
/// trust, append-only and sync tests check conduct against.
enum Plumbing {
    /// `git --git-dir REPOSITORY ARGS` as Mallory, with `environment` added.
    @discardableResult
    static func git(_ repository: String, _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> CLI.Result {
        let identity = ["GIT_AUTHOR_NAME": "Mallory", "GIT_AUTHOR_EMAIL": "mallory@example.org",
                        "GIT_COMMITTER_NAME": "Mallory", "GIT_COMMITTER_EMAIL": "mallory@example.org"]
        return try CLI.run("/usr/bin/env", ["git", "--git-dir", repository] + arguments,
                           environment: identity.merging(environment) { $1 }, stdin: stdin)
    }

    /// `git ARGS`, which must succeed: its output without the white space around it.
    static func gitOutput(_ repository: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> String {
        let result = try git(repository, arguments, environment: environment, stdin: stdin)
        try #require(result.status == 0, "git \(arguments): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every ref and where it points: a failed command must leave this unchanged.
    static func refs(_ repository: String) throws -> String {
        try gitOutput(repository, ["for-each-ref", "--format=%(refname) %(objectname)"])
    }

    /// The ledger's files (`git ls-tree -r --name-only REFERENCE`), under `folder` if given.
    static func ledger(_ repository: String, _ reference: String = "refs/conduct/records", under folder: String? = nil) throws -> [String] {
        try gitOutput(repository, ["ls-tree", "-r", "--name-only", reference] + (folder.map { ["--", $0] } ?? []))
            .split(separator: "\n").map(String.init)
    }

    /// The bytes of the ledger file at `path`.
    static func blob(_ repository: String, _ path: String, at reference: String = "refs/conduct/records") throws -> Data {
        let result = try git(repository, ["cat-file", "blob", "\(reference):\(path)"])
        try #require(result.status == 0, "\(path): \(result.stderr)")
        return result.stdoutBytes
    }

    /// Moves refs/conduct/records to a commit whose tree is the tip's with `changes` (path to new
    /// bytes; nil deletes). With `amend`, the new commit replaces the tip (same parents): history
    /// rewritten; else it goes on top of the tip, as records written elsewhere would.
    @discardableResult
    static func rewriteLedger(_ repository: String, _ changes: [(path: String, bytes: Data?)], amend: Bool = false,
                              message: String = "Tamper") throws -> String {
        let old = try gitOutput(repository, ["rev-parse", "refs/conduct/records"])
        let index = FileManager.default.temporaryDirectory.appendingPathComponent("tamper-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: index) }
        let environment = ["GIT_INDEX_FILE": index]
        _ = try gitOutput(repository, ["read-tree", old], environment: environment)
        var lines = ""
        for (path, bytes) in changes {
            if let bytes {
                let blob = try gitOutput(repository, ["hash-object", "-w", "--stdin"], stdin: bytes)
                lines += "100644 \(blob)\t\(path)\n"
            } else {
                lines += "0 0000000000000000000000000000000000000000\t\(path)\n"
            }
        }
        _ = try gitOutput(repository, ["update-index", "--index-info"], stdin: Data(lines.utf8), environment: environment)
        let tree = try gitOutput(repository, ["write-tree"], environment: environment)
        let parents = amend
            ? try gitOutput(repository, ["rev-parse", old + "^@"]).split(separator: "\n").map(String.init)
            : [old]
        let commit = try gitOutput(repository, ["commit-tree", tree, "-m", message] + parents.flatMap { ["-p", $0] })
        _ = try gitOutput(repository, ["update-ref", "refs/conduct/records", commit, old])
        return commit
    }
}

import ConductKit
import Foundation
import TestPeers
import Testing

extension TemporaryDirectory {
    /// A new git repository (branch main) here, and `git -C REPO ARGS` that must succeed and
    /// gives its output: a project's history for import, made with the real git.
    func gitRepository(_ name: String) throws -> (path: String, git: ([String]) throws -> String) {
        let path = path(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let environment = ["GIT_AUTHOR_NAME": "Pat Maintainer", "GIT_AUTHOR_EMAIL": "pat@example.org",
                           "GIT_COMMITTER_NAME": "Pat Maintainer", "GIT_COMMITTER_EMAIL": "pat@example.org",
                           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]
        let git = { (arguments: [String]) throws -> String in
            let result = try Subprocess.git(["-C", path] + arguments, environment: environment)
            try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["init", "-q", "-b", "main"])
        return (path, git)
    }
}

/// A store in a temporary directory, made and changed through ConductKit's public API the way
/// the CLI's commands call it (no binary, no git plumbing).
final class StoreFixture {
    static let secretariat = "Test Secretariat <secretariat@example.org>"

    /// A short code of conduct: a preamble and the clauses scope, safety and reporting.
    static let code = """
        # Test Code

        Everyone who takes part follows this code.

        ## Scope {#scope}

        This code applies to every member of the project.

        ## Safety {#safety}

        Members test their systems before release.

        ## Reporting {#reporting}

        Members report incidents within thirty days.

        """

    let directory: TemporaryDirectory
    let store: Store

    /// A new store whose first revision is `text`, adopted as `version` on `date`.
    init(text: String, version: String = "1.0", date: String = "2024-01-01") throws {
        directory = try TemporaryDirectory()
        let (created, _) = try Store.create(at: directory.path("code.git"), bytes: Array(text.utf8),
                                            source: "v\(version).md", version: Version(version), message: nil,
                                            authorship: try Self.authorship(date))
        store = created
    }

    /// `who` acting on `date` (YYYY-MM-DD).
    static func authorship(_ date: String, as who: String = secretariat) throws -> Authorship {
        Authorship(author: try Identity(parsing: who), date: try Timestamp(parsing: date))
    }

    static func time(_ date: String) throws -> Timestamp { try Timestamp(parsing: date) }

    /// Adopts `text` as the next revision (as `version` when given).
    @discardableResult
    func adopt(_ text: String, version: String? = nil, date: String) throws -> Adoption {
        try store.adopt(bytes: Array(text.utf8), source: "next.md", version: version.flatMap { Version($0) }, message: nil,
                        authorship: try Self.authorship(date))
    }

    /// Registers signatory `id` with a new key of its own, and returns the key.
    @discardableResult
    func addSignatory(_ id: String, date: String) throws -> SSHPrivateKey {
        let key = SSHPrivateKey.generate(comment: id)
        _ = try store.addSignatory(id, name: "Signatory \(id)", kind: .organisation, key: key.publicKey, representatives: [],
                               authorship: try Self.authorship(date))
        return key
    }

    /// Signs `id`'s attestation of `revision` (whole, or of `clauses`) with `key`.
    @discardableResult
    func attest(_ id: String, key: SSHPrivateKey, revision: String, clauses: [String]? = nil, date: String) throws -> Attestation {
        try store.attest(id, revision: revision, clauses: clauses, key: key, keyFile: "\(id).key", statement: nil,
                         authorship: try Self.authorship(date, as: "Representative of \(id) <\(id)@example.org>")).attestation
    }

    /// The clause ids of `revision`, in document order.
    func clauseIDs(_ revision: String) throws -> [String] { try Self.clauseIDs(store, revision) }

    static func clauseIDs(_ store: Store, _ revision: String) throws -> [String] {
        try store.document(at: try store.resolve(revision)).clauses.compactMap(\.id)
    }
}

import Foundation
import Testing

/// Adopted revisions and version tags carry the secretariat's signature in git's own SSH format, so
/// plain `git verify-commit` / `git verify-tag` accept them, and `conduct verify` names every commit
/// on main and every version tag that is unsigned, forged, or left pointing off main.
@Suite("Signed revisions")
struct SignedRevisionTests {
    /// A user whose git config (`~/.gitconfig` under a HOME of its own) names a secretariat key made
    /// by `conduct keys generate`, so even `init` signs the first revision.
    struct Secretariat {
        let directory = try! TemporaryDirectory()
        let home: String
        let key: String

        init(configured: Bool = true) throws {
            home = directory.path("home")
            key = directory.path("secretariat_ed25519")
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let made = try CLI.conduct(["keys", "generate", "--out", key, "--comment", "secretariat"])
            try #require(made.status == 0, "\(made.stderr)")
            if configured {
                try "[conduct]\n\tsecretariatKey = \(key)\n".write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
            }
        }

        @discardableResult
        func conduct(_ arguments: [String]) throws -> CLI.Result {
            try CLI.conduct(arguments, environment: ["HOME": home])
        }

        func succeed(_ arguments: [String]) throws -> CLI.Result {
            let result = try conduct(arguments)
            try #require(result.status == 0, "conduct \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }

        /// `git -C store ARGS` as this user, committing as someone else.
        @discardableResult
        func git(_ store: String, _ arguments: [String]) throws -> CLI.Result {
            try CLI.run("/usr/bin/env", ["git", "-C", store] + arguments, environment: [
                "HOME": home, "GIT_AUTHOR_NAME": "Mallory", "GIT_AUTHOR_EMAIL": "mallory@example.org",
                "GIT_COMMITTER_NAME": "Mallory", "GIT_COMMITTER_EMAIL": "mallory@example.org",
            ])
        }

        func gitOutput(_ store: String, _ arguments: [String]) throws -> String {
            let result = try git(store, arguments)
            try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A store with v1.0 (init), v1.1 (adopt) and v1.2 (adopt of a proposal).
        func store() throws -> String {
            let store = directory.path("code.git")
            _ = try succeed(["init", store, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0", "--date", "2023-10-30",
                             "--secretariat-key", key])
            _ = try succeed(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.1"), "--version", "1.1", "--date", "2024-01-10"])
            let proposal = try ProposalTests.propose(store, ["--title", "Yearly reports", "--from", ProposalTests.corpus("v1.2")])
            _ = try succeed(["adopt", "--store", store, proposal, "--version", "1.2"])
            return store
        }

        /// Another Ed25519 key, made by ssh-keygen, that is no secretariat key.
        func otherKey() throws -> String {
            let path = directory.path("mallory_ed25519")
            let made = try CLI.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f", path])
            try #require(made.status == 0, "\(made.stderr)")
            return path
        }

        func verify(_ store: String) throws -> (result: CLI.Result, report: [String: Any]) {
            let result = try conduct(["verify", "--store", store, "--format", "json"])
            let validation = try CLI.validate(result.stdout, schema: "verify")
            #expect(validation.status == 0, "\(validation.stderr)")
            return (result, try CLI.json(result.stdout))
        }
    }

    static func findings(_ report: [String: Any], _ check: String) -> [[String: String]] {
        (report["findings"] as? [[String: String]] ?? []).filter { $0["check"] == check }
    }

    @Test func plainGitAcceptsEveryRevisionAndTagConductSigns() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        let (result, report) = try secretariat.verify(store)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(report["revisions"] as? Int == 3 && report["versionTags"] as? Int == 3, "\(report)")
        #expect((report["notices"] as? [Any])?.isEmpty == true, "\(report)")

        let allowed = secretariat.directory.path("allowed_signers")
        let written = try secretariat.succeed(["verify", "--store", store, "--write-allowed-signers", allowed])
        #expect(written.stdout.contains("git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=\(allowed) verify-commit main"))
        let line = try String(contentsOfFile: allowed, encoding: .utf8)
        let publicKey = try String(contentsOfFile: secretariat.key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        #expect(line == "secretariat@conduct namespaces=\"git\" \(publicKey)\n", "\(line)")

        let checked = ["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(allowed)"]
        let main = try secretariat.git(store, checked + ["verify-commit", "main"])
        #expect(main.status == 0 && main.stderr.contains("Good \"git\" signature for secretariat@conduct"), "\(main.stderr)")
        for commit in try secretariat.gitOutput(store, ["rev-list", "main"]).split(separator: "\n") {
            let verified = try secretariat.git(store, checked + ["verify-commit", String(commit)])
            #expect(verified.status == 0, "\(commit): \(verified.stderr)")
            #expect(try secretariat.gitOutput(store, ["cat-file", "-p", String(commit)]).contains("\ngpgsig -----BEGIN SSH SIGNATURE-----\n"))
        }
        for tag in ["v1.0", "v1.1", "v1.2"] {
            let verified = try secretariat.git(store, checked + ["verify-tag", tag])
            #expect(verified.status == 0 && verified.stderr.contains("Good \"git\" signature"), "\(tag): \(verified.stderr)")
            #expect(try secretariat.gitOutput(store, ["cat-file", "tag", tag]).contains("\n-----BEGIN SSH SIGNATURE-----\n"))
        }
        let fsck = try secretariat.git(store, ["fsck", "--strict"])
        #expect(fsck.status == 0 && fsck.stderr.isEmpty, "\(fsck.stderr)")
    }

    @Test func importSignsEveryRevisionAndTag() throws {
        let secretariat = try Secretariat()
        let repo = secretariat.directory.path("repo")
        let git = try CLI.gitRepository(at: repo, user: ("Secretariat", "secretariat@example.org"))
        for version in ["v0.1", "v1.0", "v1.1"] {
            try String(contentsOf: CLI.corpus.appendingPathComponent("\(version).md"), encoding: .utf8)
                .write(toFile: repo + "/CODE_OF_CONDUCT.md", atomically: true, encoding: .utf8)
            try git(["add", "."]); try git(["commit", "-qm", "Adopt \(version)"]); try git(["tag", version])
        }
        let store = secretariat.directory.path("store.git")
        _ = try secretariat.succeed(["import", "--from-git", repo, "--path", "CODE_OF_CONDUCT.md", "--store", store])
        let (result, report) = try secretariat.verify(store)
        #expect(result.status == 0 && report["revisions"] as? Int == 3 && report["versionTags"] as? Int == 3, "\(report)")

        let allowed = secretariat.directory.path("allowed")
        _ = try secretariat.succeed(["verify", "--store", store, "--write-allowed-signers", allowed])
        let checked = ["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(allowed)"]
        for commit in try secretariat.gitOutput(store, ["rev-list", "main"]).split(separator: "\n") {
            #expect(try secretariat.git(store, checked + ["verify-commit", String(commit)]).status == 0)
        }
        for tag in ["v0.1", "v1.0", "v1.1"] {
            #expect(try secretariat.git(store, checked + ["verify-tag", tag]).status == 0, "\(tag)")
        }
        #expect(try secretariat.git(store, ["fsck", "--strict"]).status == 0)
    }

    @Test func aRewrittenMainIsNamedWhetherUnsignedOrSignedByAnotherKey() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        let tip = try secretariat.gitOutput(store, ["rev-parse", "main"])
        let parent = try secretariat.gitOutput(store, ["rev-parse", "main^"])
        let tree = try secretariat.gitOutput(store, ["rev-parse", "main^{tree}"])

        // No records at all: nothing in the ledger could notice this.
        let unsigned = try secretariat.gitOutput(store, ["commit-tree", tree, "-p", parent, "-m", "Adopt v1.2\n\nConduct-Version: 1.2\nConduct-Change: substantive"])
        _ = try secretariat.gitOutput(store, ["update-ref", "refs/heads/main", unsigned, tip])
        var (result, report) = try secretariat.verify(store)
        #expect(result.status == 1)
        var commits = Self.findings(report, "commit")
        #expect(commits.map { $0["subject"] } == [unsigned], "\(report)")
        #expect(commits.first?["problem"]?.contains("is not signed") == true)
        // v1.2 still names the commit that main no longer holds.
        #expect(Self.findings(report, "tag").contains { $0["subject"] == "refs/tags/v1.2" && $0["problem"]!.contains("off main") }, "\(report)")
        let text = try secretariat.conduct(["verify", "--store", store])
        #expect(text.status == 1 && text.stdout.contains("commit  \(unsigned): revision v1.2 on main is not signed"), "\(text.stdout)")

        let other = try secretariat.otherKey()
        let forged = try secretariat.gitOutput(store, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(other)", "commit-tree", "-S", tree,
                                                       "-p", parent, "-m", "Adopt v1.2\n\nConduct-Version: 1.2\nConduct-Change: substantive"])
        #expect(try secretariat.gitOutput(store, ["cat-file", "-p", forged]).contains("gpgsig -----BEGIN SSH SIGNATURE-----"))
        _ = try secretariat.gitOutput(store, ["update-ref", "refs/heads/main", forged, unsigned])
        (result, report) = try secretariat.verify(store)
        #expect(result.status == 1)
        commits = Self.findings(report, "commit")
        #expect(commits.map { $0["subject"] } == [forged], "\(report)")
        #expect(commits.first?["problem"]?.contains("which is not a secretariat key in force") == true, "\(commits)")

        // Putting the genuine tip back makes the store whole again.
        _ = try secretariat.gitOutput(store, ["update-ref", "refs/heads/main", tip, forged])
        #expect(try secretariat.verify(store).result.status == 0)
    }

    @Test func aCommitWhoseContentChangedAfterSigningIsNamed() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        let tip = try secretariat.gitOutput(store, ["rev-parse", "main"])
        // The same signature header over another message: hash-object writes the edited object as is.
        let raw = try secretariat.gitOutput(store, ["cat-file", "commit", tip]) + "\n"
        let edited = raw.replacingOccurrences(of: "Yearly reports", with: "Monthly reports")
        try #require(edited != raw)
        let file = try secretariat.directory.write("edited", edited)
        let id = try secretariat.gitOutput(store, ["hash-object", "-t", "commit", "-w", file])
        _ = try secretariat.gitOutput(store, ["update-ref", "refs/heads/main", id, tip])
        let (result, report) = try secretariat.verify(store)
        #expect(result.status == 1)
        let commits = Self.findings(report, "commit")
        #expect(commits.map { $0["subject"] } == [id] && commits.first?["problem"]?.contains("does not verify") == true, "\(report)")
    }

    @Test func unsignedForgedLightweightAndMisnamedTagsAreNamed() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        let v11 = try secretariat.gitOutput(store, ["rev-parse", "v1.1^{commit}"])
        let v10 = try secretariat.gitOutput(store, ["rev-parse", "v1.0^{commit}"])
        let other = try secretariat.otherKey()

        _ = try secretariat.gitOutput(store, ["tag", "-f", "-a", "v1.1", "-m", "Adopt v1.1", v11])
        _ = try secretariat.gitOutput(store, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(other)", "tag", "-f", "-s", "v1.0", "-m", "Adopt v1.0", v10])
        _ = try secretariat.gitOutput(store, ["tag", "v1.3", v11])
        // A tag signed by the secretariat's own key, but naming a revision of another version.
        _ = try secretariat.gitOutput(store, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(secretariat.key)", "tag", "-s", "v2.0", "-m", "Adopt v2.0", v10])

        let (result, report) = try secretariat.verify(store)
        #expect(result.status == 1)
        let tags = Self.findings(report, "tag")
        func problems(_ name: String) -> [String] { tags.filter { $0["subject"] == "refs/tags/\(name)" }.compactMap { $0["problem"] } }
        #expect(problems("v1.1") == ["the tag is not signed"], "\(tags)")
        #expect(problems("v1.0").count == 1 && problems("v1.0")[0].contains("which is not a secretariat key in force"), "\(tags)")
        #expect(problems("v1.3").contains { $0.contains("lightweight tag") }, "\(tags)")
        #expect(problems("v1.3").contains { $0.contains("whose commit says v1.1") }, "\(tags)")
        #expect(problems("v2.0") == ["it names revision \(v10.prefix(12)), whose commit says v1.0"], "\(tags)")
        #expect(problems("v1.2").isEmpty && Self.findings(report, "commit").isEmpty, "\(report)")
    }

    @Test func aTagLeftPointingOffMainIsNamed() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        let tree = try secretariat.gitOutput(store, ["rev-parse", "main^{tree}"])
        let off = try secretariat.gitOutput(store, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(secretariat.key)", "commit-tree", "-S", tree,
                                                    "-p", "main", "-m", "Adopt v1.3\n\nConduct-Version: 1.3\nConduct-Change: editorial"])
        _ = try secretariat.gitOutput(store, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(secretariat.key)", "tag", "-s", "v1.3", "-m", "Adopt v1.3", off])
        let (result, report) = try secretariat.verify(store)
        #expect(result.status == 1)
        let tags = Self.findings(report, "tag")
        #expect(tags.map { $0["subject"] } == ["refs/tags/v1.3"], "\(report)")
        #expect(tags.first?["problem"] == "it points at \(off.prefix(12)), which is not a revision on main: the tag was left pointing off main")
    }

    /// A hub whose main gains a revision no secretariat key signed is refused at sync, and the
    /// clone is left as it was (its remote-tracking references too).
    @Test func syncRefusesARevisionNoSecretariatKeySigned() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        let clone = secretariat.directory.path("clone.git")
        _ = try secretariat.succeed(["clone", store, clone])
        let tree = try secretariat.gitOutput(store, ["rev-parse", "main^{tree}"])
        let forged = try secretariat.gitOutput(store, ["commit-tree", tree, "-p", "main", "-m",
                                                       "Adopt v1.3\n\nConduct-Version: 1.3\nConduct-Change: editorial"])
        _ = try secretariat.gitOutput(store, ["update-ref", "refs/heads/main", forged])
        let before = try secretariat.gitOutput(clone, ["for-each-ref"])
        let synced = try secretariat.conduct(["sync", "--store", clone])
        #expect(synced.status == 2 && synced.stderr.contains("holds revision \(forged.prefix(12)) (v1.3), which is not signed"), "\(synced.stderr)")
        #expect(try secretariat.gitOutput(clone, ["for-each-ref"]) == before)
        // Signed by the secretariat's key, the same change is taken in.
        let signed = try secretariat.gitOutput(store, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(secretariat.key)", "commit-tree", "-S",
                                                       tree, "-p", "main~1", "-m", "Adopt v1.3\n\nConduct-Version: 1.3\nConduct-Change: editorial"])
        _ = try secretariat.gitOutput(store, ["update-ref", "refs/heads/main", signed])
        _ = try secretariat.succeed(["sync", "--store", clone])
        #expect(try secretariat.gitOutput(clone, ["rev-parse", "main"]) == signed)
    }

    @Test func aCloneWithoutTheSecretariatKeyAdoptsNothing() throws {
        let secretariat = try Secretariat(configured: false)
        let store = try secretariat.store()
        let clone = secretariat.directory.path("clone.git")
        _ = try secretariat.succeed(["clone", store, clone])
        let before = snapshot(clone)
        let refused = try secretariat.conduct(["adopt", "--store", clone, "--from", ProposalTests.corpus("v0.1"), "--remove-all"])
        #expect(refused.status == 2 && refused.stderr.contains("--secretariat-key FILE"), "\(refused.stderr)")
        #expect(snapshot(clone) == before, "nothing was written")
        // With the key given, the clone's revision is signed as the origin's are.
        _ = try secretariat.succeed(["adopt", "--store", clone, "--from", ProposalTests.corpus("v0.1"), "--remove-all",
                                     "--secretariat-key", secretariat.key])
        let (result, report) = try secretariat.verify(clone)
        #expect(result.status == 0 && report["revisions"] as? Int == 4, "\(report)")
    }

    /// A repository with no authority record (a plain git repository, read in passing): verify claims
    /// nothing about its signatures, and says so.
    @Test func withoutAnAuthorityVerifySaysWhatItDidNotCheck() throws {
        let secretariat = try Secretariat(configured: false)
        let repo = secretariat.directory.path("plain")
        let git = try CLI.gitRepository(at: repo)
        try String(contentsOf: CLI.corpus.appendingPathComponent("v1.0.md"), encoding: .utf8)
            .write(toFile: repo + "/CODE_OF_CONDUCT.md", atomically: true, encoding: .utf8)
        try git(["add", "."]); try git(["commit", "-qm", "Adopt v1.0"])
        let result = try secretariat.conduct(["verify", "--store", repo, "--format", "json"])
        let report = try CLI.json(result.stdout)
        let notices = report["notices"] as? [[String: String]] ?? []
        #expect(notices.contains { $0["check"] == "commit" && $0["problem"]?.contains("were not checked") == true }, "\(notices)")
        #expect(result.status == 1 && !Self.findings(report, "authority").isEmpty, "\(report)")
    }

    @Test func aMisconfiguredKeyIsAnErrorNotAnUnsignedRevision() throws {
        let secretariat = try Secretariat()
        let store = try secretariat.store()
        _ = try secretariat.gitOutput(store, ["config", "conduct.secretariatKey", secretariat.directory.path("missing")])
        let before = snapshot(store)
        let refused = try secretariat.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v0.1")])
        #expect(refused.status == 2 && refused.stderr.contains("secretariat key"), "\(refused.stderr)")
        #expect(snapshot(store) == before, "nothing was written")
    }
}

import Foundation
import Testing
@testable import ConductKit

/// What `verify` asks of main and its version tags when the keys in force change over time and
/// history from before signing began is endorsed.
@Suite("Revision signatures")
struct RevisionSignatureTests {
    static func who(_ seconds: Int64) -> Authorship {
        Authorship(author: Identity(name: "Secretariat", email: "s@example.org"), date: Timestamp(seconds: seconds))
    }

    static func git(_ arguments: [String]) throws -> String {
        let result = try LedgerTests.git(arguments)
        try #require(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.output)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// v1.0 signed by the key `init` generated, then the secretariat changed to `key` alone, and
    /// v1.1 and v1.2 signed with it; the audits below judge them by keys of their own choosing.
    static func withStore(_ body: (Store, String, SSHPrivateKey) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-revsig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, _) = try Store.create(at: directory.path + "/store.git", bytes: Array("# Code\n\n## Scope {#scope}\n\nAll.\n".utf8),
                                          source: "test", version: nil, message: nil, authorship: who(1_700_000_000))
        let first = try store.secretariatKey(explicit: nil)
        let key = SSHPrivateKey.generate(comment: "secretariat")
        try Data(key.openSSHText.utf8).write(to: directory.appendingPathComponent("key"))
        _ = try store.changeSecretariat(adding: [key.publicKey], removing: [first.publicKey.fingerprint], threshold: nil,
                                        signers: [first], authorship: who(1_700_050_000))
        _ = try git(["-C", store.path, "config", "conduct.secretariatKey", directory.path + "/key"])
        _ = try store.adopt(bytes: Array("# Code\n\n## Scope {#scope}\n\nAll of it.\n".utf8), source: "test", version: nil,
                            message: nil, authorship: who(1_700_100_000))
        _ = try store.adopt(bytes: Array("# Code\n\n## Scope {#scope}\n\nAll of it, always.\n".utf8), source: "test", version: nil,
                            message: nil, authorship: who(1_700_200_000))
        try body(store, store.path, key)
    }

    static func audit(_ store: Store, keys: @escaping (Timestamp) -> [SSHPublicKey], endorsed: RevisionEndorsement = .none) throws -> VerifyReport {
        var report = VerifyReport()
        try store.auditRevisionSignatures(into: &report, keysInForce: keys, endorsed: endorsed)
        return report
    }

    @Test func historyBeforeTheEndorsementPointIsExcusedAndNothingAfterIt() throws {
        try Self.withStore { store, path, key in
            let keys: (Timestamp) -> [SSHPublicKey] = { _ in [key.publicKey] }
            let root = try store.resolve("v1.0").commit
            let v10Tag = try #require(try store.repository.reference("refs/tags/v1.0"))

            let plain = try Self.audit(store, keys: keys)
            #expect(plain.findings.map(\.subject).sorted() == [root.hex, "refs/tags/v1.0"], "\(plain.findings)")
            #expect(plain.revisions == 3 && plain.versionTags == 3)

            let endorsed = try Self.audit(store, keys: keys, endorsed: RevisionEndorsement(main: root.object, tags: ["v1.0": v10Tag]))
            #expect(endorsed.findings.isEmpty, "\(endorsed.findings)")

            // An endorsement of a tag object the reference no longer holds excuses nothing.
            _ = try Self.git(["-C", path, "-c", "user.name=M", "-c", "user.email=m@x", "tag", "-f", "-a", "v1.0", "-m", "again", root.hex])
            let moved = try Self.audit(store, keys: keys, endorsed: RevisionEndorsement(main: root.object, tags: ["v1.0": v10Tag]))
            #expect(moved.findings.map(\.subject) == ["refs/tags/v1.0"] && moved.findings[0].problem == "the tag is not signed", "\(moved.findings)")
        }
    }

    @Test func anEndorsedMainCommitThatMainNoLongerHoldsIsReported() throws {
        try Self.withStore { store, path, key in
            let tree = try Self.git(["-C", path, "rev-parse", "main^{tree}"])
            let made = try Self.git(["-C", path, "-c", "user.name=M", "-c", "user.email=m@x", "commit-tree", tree, "-m", "elsewhere"])
            _ = try Self.git(["-C", path, "update-ref", "refs/heads/elsewhere", made])
            let elsewhere = try #require(try store.repository.reference("refs/heads/elsewhere"))
            let report = try Self.audit(store, keys: { _ in [key.publicKey] }, endorsed: RevisionEndorsement(main: elsewhere))
            let finding = try #require(report.findings.first { $0.subject == elsewhere.hex })
            #expect(finding.check == .commit && finding.problem.contains("main no longer holds it"))
            // Nothing before it is excused either: main's own unsigned first revision is still named.
            #expect(report.findings.contains { $0.problem.contains("revision v1.0 on main is signed by") })
        }
    }

    @Test func aSignatureCountsOnlyByAKeyInForceAtItsTime() throws {
        try Self.withStore { store, path, key in
            let root = try store.resolve("v1.0").commit
            let v11 = try store.resolve("v1.1").commit.hex
            // The key came into force between v1.1 and v1.2.
            let keys: (Timestamp) -> [SSHPublicKey] = { $0.seconds >= 1_700_150_000 ? [key.publicKey] : [] }
            let report = try Self.audit(store, keys: keys, endorsed: RevisionEndorsement(main: root.object, tags: [:]))
            let subjects = report.findings.map(\.subject).sorted()
            #expect(subjects == ["refs/tags/v1.0", "refs/tags/v1.1", v11].sorted(), "\(report.findings)")
            #expect(report.findings.first { $0.subject == v11 }?.problem.contains("none was in force") == true)
            #expect(report.findings.first { $0.subject == "refs/tags/v1.1" }?.problem.contains("not a secretariat key in force at 2023-11-16") == true,
                    "\(report.findings)")
        }
    }

    /// The allowed-signers file's validity window is the one ssh-keygen (which git runs) enforces.
    @Test func allowedSignersWindowsAreTheOnesSSHKeygenEnforces() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-allowed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = SSHPrivateKey.generate(comment: "with a comment")
        let message = Array("object body\n".utf8)
        try Data(message).write(to: directory.appendingPathComponent("message"))
        try Data(try key.signature(namespace: "git", message: message).armored.utf8).write(to: directory.appendingPathComponent("message.sig"))
        let text = AllowedSigner.file([AllowedSigner(key: key.publicKey, validAfter: Timestamp(seconds: 1_700_000_000),
                                                     validBefore: Timestamp(seconds: 1_800_000_000))])
        #expect(text.hasPrefix("secretariat@conduct namespaces=\"git\",valid-after=\"20231114221320Z\",valid-before=\"20270115080000Z\" ssh-ed25519 "))
        #expect(!text.contains("with a comment") && text.hasSuffix("\n"))
        try Data(text.utf8).write(to: directory.appendingPathComponent("allowed"))

        func verify(at time: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            process.arguments = ["-Y", "verify", "-f", directory.path + "/allowed", "-I", AllowedSigner.principal, "-n", "git",
                                 "-s", directory.path + "/message.sig", "-Overify-time=\(time)"]
            process.standardInput = try FileHandle(forReadingFrom: directory.appendingPathComponent("message"))
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try verify(at: "20240101000000") == 0)
        #expect(try verify(at: "20230101000000") != 0)
        #expect(try verify(at: "20280101000000") != 0)
    }
}

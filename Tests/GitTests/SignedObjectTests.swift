import Foundation
import Git
import TestPeers
import Testing

/// Signed commits and tags as git itself writes them (`gpg.format ssh`): the signer is the real
/// `ssh-keygen -Y sign`, and the real `git verify-commit` / `git verify-tag` / `git fsck --strict` judge
/// what the repository wrote.
@Suite struct SignedObjectTests {
    /// A fresh Ed25519 key from ssh-keygen and an allowed-signers file naming it for namespace git.
    struct Key {
        let path: String
        let allowedSigners: String

        init(in directory: String, name: String = "key") throws {
            path = directory + "/" + name
            let made = try SignedObjectTests.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
            try #require(made.status == 0, "ssh-keygen: \(made.error)")
            let publicLine = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            allowedSigners = directory + "/\(name)-allowed"
            try Data("signer@example.org namespaces=\"git\" \(publicLine)\n".utf8).write(to: URL(fileURLWithPath: allowedSigners))
        }

        /// What `ssh-keygen -Y sign -n git` makes of `bytes`: the armoured SSHSIG git stores.
        func sign(_ bytes: [UInt8]) throws -> String {
            let signed = try SignedObjectTests.run("/usr/bin/ssh-keygen", ["-q", "-Y", "sign", "-n", "git", "-f", path], stdin: Data(bytes))
            try #require(signed.status == 0, "ssh-keygen -Y sign: \(signed.error)")
            return signed.output
        }
    }

    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> TestSupport.GitRun {
        TestSupport.GitRun(try Subprocess.run(executable, arguments, stdin: stdin))
    }

    static func verify(_ what: String, _ id: ObjectID, in path: String, allowedSigners: String) throws -> TestSupport.GitRun {
        try TestSupport.git(["-C", path, "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(allowedSigners)", what, id.hex])
    }

    @Test func gitVerifiesACommitSignedThroughTheClosure() throws {
        try TestSupport.withBareRepository { repository, path in
            let key = try Key(in: (path as NSString).deletingLastPathComponent)
            let blob = try repository.writeBlob(Array("text\n".utf8))
            let tree = try repository.writeTree([TreeEntry(name: "file.txt", id: blob, mode: .blob)])
            let parent = try TestSupport.makeCommit(in: repository, parent: nil, content: "root")
            var signedBytes: [UInt8] = []
            let commit = try repository.writeSignedCommit(
                tree: tree, parents: [parent], author: TestSupport.alice, committer: TestSupport.bob,
                message: "Signed\n\nConduct-Version: 1.1\n"
            ) { bytes in
                signedBytes = bytes
                return try key.sign(bytes)
            }

            let verified = try Self.verify("verify-commit", commit, in: path, allowedSigners: key.allowedSigners)
            #expect(verified.status == 0, "\(verified.error)")
            #expect(verified.error.contains("Good \"git\" signature for signer@example.org"), "\(verified.error)")
            let shown = try TestSupport.git(["-C", path, "cat-file", "-p", commit.hex])
            #expect(shown.output.contains("\ngpgsig -----BEGIN SSH SIGNATURE-----\n"), "\(shown.output)")
            #expect(!shown.output.contains("\n \n"), "no empty continuation line after the signature: \(shown.output)")
            try repository.updateReference("refs/heads/master", to: commit, expected: nil, logMessage: "test")
            let fsck = try TestSupport.git(["-C", path, "fsck", "--strict"])
            #expect(fsck.status == 0 && fsck.error.isEmpty, "\(fsck.error)")

            // What libgit2 reads back is what was signed, and the object is otherwise an ordinary commit.
            let read = try #require(try repository.commitSignature(commit))
            #expect(read.signedData == signedBytes)
            #expect(read.signature.hasPrefix("-----BEGIN SSH SIGNATURE-----\n") && read.signature.hasSuffix("-----END SSH SIGNATURE-----\n"))
            let value = try repository.commit(commit)
            #expect(value.parents == [parent] && value.tree == tree && value.message == "Signed\n\nConduct-Version: 1.1\n")
            #expect(value.committer == TestSupport.bob)
            #expect(try repository.commitSignature(parent) == nil)
        }
    }

    @Test func gitRefusesACommitSignedByAKeyItDoesNotAllow() throws {
        try TestSupport.withBareRepository { repository, path in
            let directory = (path as NSString).deletingLastPathComponent
            let allowed = try Key(in: directory, name: "allowed"), other = try Key(in: directory, name: "other")
            let tree = try repository.writeTree([])
            let commit = try repository.writeSignedCommit(tree: tree, parents: [], author: TestSupport.alice,
                                                          committer: TestSupport.alice, message: "m\n", sign: other.sign)
            #expect(try Self.verify("verify-commit", commit, in: path, allowedSigners: allowed.allowedSigners).status != 0)
            #expect(try Self.verify("verify-commit", commit, in: path, allowedSigners: other.allowedSigners).status == 0)
        }
    }

    @Test func gitVerifiesATagSignedThroughTheClosure() throws {
        try TestSupport.withBareRepository { repository, path in
            let key = try Key(in: (path as NSString).deletingLastPathComponent)
            let commit = try TestSupport.makeCommit(in: repository, parent: nil, content: "root")
            var signedBytes: [UInt8] = []
            let tag = try repository.writeSignedTag(name: "v1.0", target: commit, tagger: TestSupport.bob,
                                                    message: "Adopt v1.0\n\nConduct-Version: 1.0\n") { bytes in
                signedBytes = bytes
                return try key.sign(bytes)
            }
            try repository.updateReference("refs/tags/v1.0", to: tag, expected: nil, logMessage: "test")
            try repository.updateReference("refs/heads/master", to: commit, expected: nil, logMessage: "test")

            let verified = try Self.verify("verify-tag", tag, in: path, allowedSigners: key.allowedSigners)
            #expect(verified.status == 0, "\(verified.error)")
            #expect(try TestSupport.git(["-C", path, "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(key.allowedSigners)",
                                         "verify-tag", "v1.0"]).status == 0)
            let fsck = try TestSupport.git(["-C", path, "fsck", "--strict"])
            #expect(fsck.status == 0 && fsck.error.isEmpty, "\(fsck.error)")
            let shown = try TestSupport.git(["-C", path, "cat-file", "tag", tag.hex])
            #expect(shown.output.hasPrefix("object \(commit.hex)\ntype commit\ntag v1.0\ntagger Bob Example <bob@example.org> 1700003600 -0530\n\nAdopt v1.0\n"))

            let read = try #require(try repository.tagSignature(tag))
            #expect(read.signedData == signedBytes)
            #expect(read.signature.hasPrefix("-----BEGIN SSH SIGNATURE-----\n") && read.signature.hasSuffix("-----END SSH SIGNATURE-----\n"))
            #expect(shown.output == String(decoding: signedBytes, as: UTF8.self) + read.signature, "the signature follows the signed content")
            let value = try repository.tag(tag)
            #expect(value.name == "v1.0" && value.target == commit && value.targetIsCommit && value.tagger == TestSupport.bob)
            #expect(try repository.peelToCommit(tag) == commit)

            let plain = try repository.writeTag(name: "v0.9", target: commit, tagger: TestSupport.alice, message: "plain\n")
            #expect(try repository.tagSignature(plain) == nil)
        }
    }

    @Test func aTagMessageWithoutFinalNewlineStillSeparatesTheSignature() throws {
        try TestSupport.withBareRepository { repository, path in
            let key = try Key(in: (path as NSString).deletingLastPathComponent)
            let commit = try TestSupport.makeCommit(in: repository, parent: nil, content: "root")
            let tag = try repository.writeSignedTag(name: "v2.0", target: commit, tagger: TestSupport.alice,
                                                    message: "no newline", sign: key.sign)
            #expect(try Self.verify("verify-tag", tag, in: path, allowedSigners: key.allowedSigners).status == 0)
            let read = try #require(try repository.tagSignature(tag))
            #expect(String(decoding: read.signedData, as: UTF8.self).hasSuffix("\n\nno newline\n"))
        }
    }

    @Test func badInputIsRefusedBeforeAnythingIsWritten() throws {
        try TestSupport.withBareRepository { repository, path in
            let commit = try TestSupport.makeCommit(in: repository, parent: nil, content: "root")
            let empty = try repository.writeTree([])
            #expect(throws: GitError.self) {
                try repository.writeSignedTag(name: "bad..name", target: commit, tagger: TestSupport.alice, message: "m\n") { _ in "x" }
            }
            #expect(throws: GitError.self) {
                try repository.writeSignedTag(name: "v1.0", target: ObjectID(hex: String(repeating: "ab", count: 20))!,
                                              tagger: TestSupport.alice, message: "m\n") { _ in "x" }
            }
            #expect(throws: GitError.self) {
                try repository.writeSignedTag(name: "v1.0", target: commit, tagger: TestSupport.alice, message: "m\n") { _ in "not armoured" }
            }
            struct Refused: Error {}
            #expect(throws: Refused.self) {
                try repository.writeSignedCommit(tree: empty, parents: [], author: TestSupport.alice,
                                                 committer: TestSupport.alice, message: "m\n") { _ in throw Refused() }
            }
            #expect(throws: GitError.self) { try repository.commitSignature(ObjectID(hex: String(repeating: "cd", count: 20))!) }
            #expect(throws: GitError.self) { try repository.tagSignature(commit) }
            let objects = try TestSupport.git(["-C", path, "count-objects", "-v"])
            #expect(objects.output.contains("count: 4\n"), "only the blob, two trees and the commit made above: \(objects.output)")
        }
    }
}

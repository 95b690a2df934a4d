import Foundation
import Git
import Testing

@Suite("Objects written by this module are accepted by the git CLI")
struct GitCLICompatibilityTests {
    @Test("git fsck --strict, cat-file and log accept our commits, trees and tags")
    func gitAcceptsOurObjects() throws {
        try TestSupport.withBareRepository { repository, path in
            let chain = try TestSupport.makeChain(in: repository, count: 3, label: "release-")
            let side = try TestSupport.makeCommit(in: repository, parent: chain[0], content: "side")
            let merge = try TestSupport.makeCommit(
                in: repository, parent: chain[2], content: "merged", message: "Merge side\n\nDetails.\n", parents: [side])
            let script = try repository.writeBlob(Array("#!/bin/sh\necho hi\n".utf8))
            let docs = try repository.writeTree([TreeEntry(name: "README.md", id: script, mode: .blob)])
            let tree = try repository.writeTree([
                TreeEntry(name: "run.sh", id: script, mode: .executable),
                TreeEntry(name: "docs", id: docs, mode: .tree),
                TreeEntry(name: "latest", id: try repository.writeBlob(Array("run.sh".utf8)), mode: .link),
            ])
            let top = try repository.writeCommit(
                tree: tree, parents: [merge], author: TestSupport.alice, committer: TestSupport.bob, message: "Top of history\n")
            let tag = try repository.writeTag(name: "v2", target: top, tagger: TestSupport.alice, message: "Release v2\n")

            try repository.updateReference("refs/heads/main", to: top, expected: nil, logMessage: "create main")
            try repository.updateReference("refs/tags/v2", to: tag, expected: nil, logMessage: "tag v2")

            let fsck = try TestSupport.git(["-C", path, "fsck", "--strict", "--no-dangling"])
            #expect(fsck.status == 0, "fsck: \(fsck.output)\(fsck.error)")

            let commitText = try TestSupport.git(["-C", path, "cat-file", "-p", merge.hex])
            #expect(commitText.status == 0)
            #expect(commitText.output.contains("Merge side\n\nDetails.\n"))
            #expect(commitText.output.contains("parent \(chain[2].hex)\nparent \(side.hex)\n"))
            #expect(commitText.output.contains("author Alice Example <alice@example.org> 1700000000 +0100"))
            #expect(commitText.output.contains("committer Bob Example <bob@example.org> 1700003600 -0530"))

            let tagText = try TestSupport.git(["-C", path, "cat-file", "-p", tag.hex])
            #expect(tagText.output.contains("object \(top.hex)\ntype commit\ntag v2\n"))
            #expect(tagText.output.contains("Release v2"))
            #expect(try TestSupport.git(["-C", path, "cat-file", "-t", tag.hex]).output == "tag\n")

            let treeText = try TestSupport.git(["-C", path, "ls-tree", top.hex])
            #expect(treeText.output.contains("100755 blob \(script.hex)\trun.sh"))
            #expect(treeText.output.contains("040000 tree \(docs.hex)\tdocs"))
            #expect(treeText.output.contains("120000 blob"))

            let log = try TestSupport.git(["-C", path, "log", "--first-parent", "--format=%H", "main"])
            #expect(log.status == 0)
            let expected = [top, merge, chain[2], chain[1], chain[0]].map(\.hex)
            #expect(log.output.split(separator: "\n").map(String.init) == expected)
            #expect(try repository.walk(from: top) == expected.compactMap { ObjectID(hex: $0) })

            let described = try TestSupport.git(["-C", path, "describe", "--tags", "main"])
            #expect(described.output == "v2\n")
        }
    }

    @Test("our reads agree with objects the git CLI wrote")
    func weReadGitObjects() throws {
        try TestSupport.withTemporaryDirectory { directory in
            let work = directory + "/work"
            #expect(try TestSupport.git(["init", "-q", "-b", "main", work]).status == 0)
            try "hello\n".write(toFile: work + "/hello.txt", atomically: true, encoding: .utf8)
            #expect(try TestSupport.git(["-C", work, "add", "hello.txt"]).status == 0)
            let commitRun = try TestSupport.git([
                "-C", work, "-c", "user.name=Dana", "-c", "user.email=dana@example.org",
                "commit", "-q", "-m", "from the CLI",
            ])
            #expect(commitRun.status == 0, "\(commitRun.error)")
            let head = try TestSupport.git(["-C", work, "rev-parse", "HEAD"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines)

            let repository = try Repository.open(at: work)
            let id = try #require(ObjectID(hex: head))
            #expect(try repository.reference("refs/heads/main") == id)
            #expect(try repository.reference("HEAD") == id)
            let commit = try repository.commit(id)
            #expect(commit.message == "from the CLI\n")
            #expect(commit.author.name == "Dana")
            let blob = try #require(try repository.blob(atPath: "hello.txt", inTree: commit.tree))
            #expect(try repository.blob(blob) == Array("hello\n".utf8))
        }
    }
}

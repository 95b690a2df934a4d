import Git
import Testing

@Suite("Repository: blobs, trees, commits, tags")
struct ObjectTests {
    @Test("blobs round-trip, including empty and binary content")
    func blobRoundTrip() throws {
        try TestSupport.withBareRepository { repository, _ in
            for bytes in [[], Array("hello\n".utf8), [0, 255, 0, 10, 13, 0], Array(repeating: 7, count: 100_000)] as [[UInt8]] {
                let id = try repository.writeBlob(bytes)
                #expect(try repository.blob(id) == bytes)
                #expect(try repository.objectType(id) == .blob)
                #expect(try repository.writeBlob(bytes) == id)
            }
            // The well-known id of the empty blob.
            #expect(try repository.writeBlob([]).hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        }
    }

    @Test("reading a missing blob throws isNotFound")
    func missingBlob() throws {
        try TestSupport.withBareRepository { repository, _ in
            let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
            let error = #expect(throws: GitError.self) { try repository.blob(missing) }
            #expect(error?.isNotFound == true)
            #expect(try repository.objectType(missing) == nil)
        }
    }

    @Test("trees round-trip with every mode, in git order, and nest")
    func treeRoundTrip() throws {
        try TestSupport.withBareRepository { repository, _ in
            let text = try repository.writeBlob(Array("text\n".utf8))
            let script = try repository.writeBlob(Array("#!/bin/sh\n".utf8))
            let linkTarget = try repository.writeBlob(Array("text.txt".utf8))
            let inner = try repository.writeTree([TreeEntry(name: "deep.md", id: text, mode: .blob)])
            let submodule = try #require(ObjectID(hex: String(repeating: "12", count: 20)))

            let entries = [
                TreeEntry(name: "z-last.txt", id: text, mode: .blob),
                TreeEntry(name: "run.sh", id: script, mode: .executable),
                TreeEntry(name: "docs", id: inner, mode: .tree),
                TreeEntry(name: "link", id: linkTarget, mode: .link),
                TreeEntry(name: "vendor", id: submodule, mode: .commit),
            ]
            let root = try repository.writeTree(entries)
            let readBack = try repository.tree(root)
            #expect(readBack.map(\.name) == ["docs", "link", "run.sh", "vendor", "z-last.txt"])
            #expect(Set(readBack.map(\.name)) == Set(entries.map(\.name)))
            for entry in entries {
                #expect(readBack.contains(entry))
            }
            #expect(try repository.objectType(root) == .tree)
            #expect(try repository.writeTree(entries.reversed()) == root)

            #expect(try repository.blob(atPath: "docs/deep.md", inTree: root) == text)
            #expect(try repository.blob(atPath: "run.sh", inTree: root) == script)
            #expect(try repository.blob(atPath: "docs/missing.md", inTree: root) == nil)
            #expect(try repository.blob(atPath: "nothing/here", inTree: root) == nil)
            #expect(try repository.blob(atPath: "docs", inTree: root) == nil)
            #expect(try repository.tree(try repository.writeTree([])) == [])
        }
    }

    @Test("writeTree rejects bad and duplicate names", arguments: ["", "a/b", "a\u{0}b", ".", ".."])
    func writeTreeRejectsBadNames(_ name: String) throws {
        try TestSupport.withBareRepository { repository, _ in
            let blob = try repository.writeBlob(Array("x".utf8))
            let error = #expect(throws: GitError.self) {
                try repository.writeTree([TreeEntry(name: name, id: blob, mode: .blob)])
            }
            #expect(error?.isInvalid == true, "\(String(describing: error))")
        }
    }

    @Test("writeTree rejects duplicates, .git and missing objects")
    func writeTreeRejectsOtherProblems() throws {
        try TestSupport.withBareRepository { repository, _ in
            let blob = try repository.writeBlob(Array("x".utf8))
            let duplicate = #expect(throws: GitError.self) {
                try repository.writeTree([
                    TreeEntry(name: "same", id: blob, mode: .blob),
                    TreeEntry(name: "same", id: blob, mode: .executable),
                ])
            }
            #expect(duplicate?.isInvalid == true)
            #expect(duplicate?.operation.contains("duplicate") == true)

            #expect(throws: GitError.self) { try repository.writeTree([TreeEntry(name: ".git", id: blob, mode: .blob)]) }

            let missing = try #require(ObjectID(hex: String(repeating: "cd", count: 20)))
            #expect(throws: GitError.self) { try repository.writeTree([TreeEntry(name: "gone", id: missing, mode: .blob)]) }
            // A blob cannot be a subtree.
            #expect(throws: GitError.self) { try repository.writeTree([TreeEntry(name: "dir", id: blob, mode: .tree)]) }
        }
    }

    @Test("commits round-trip with parents, signatures and the raw message")
    func commitRoundTrip() throws {
        try TestSupport.withBareRepository { repository, _ in
            let blob = try repository.writeBlob(Array("v1\n".utf8))
            let tree = try repository.writeTree([TreeEntry(name: "CODE_OF_CONDUCT.md", id: blob, mode: .blob)])
            let message = "Adopt the code\n\nWith a body line.\nTrailer: yes\n"
            let root = try repository.writeCommit(
                tree: tree, parents: [], author: TestSupport.alice, committer: TestSupport.bob, message: message)
            let rootCommit = try repository.commit(root)
            #expect(rootCommit.id == root)
            #expect(rootCommit.tree == tree)
            #expect(rootCommit.parents.isEmpty)
            #expect(rootCommit.author == TestSupport.alice)
            #expect(rootCommit.committer == TestSupport.bob)
            #expect(rootCommit.message == message)
            #expect(try repository.objectType(root) == .commit)

            let side = try TestSupport.makeCommit(in: repository, parent: root, content: "side")
            let merge = try repository.writeCommit(
                tree: tree, parents: [root, side], author: TestSupport.bob, committer: TestSupport.alice,
                message: "no trailing newline")
            let mergeCommit = try repository.commit(merge)
            #expect(mergeCommit.parents == [root, side])
            #expect(mergeCommit.message == "no trailing newline")
        }
    }

    @Test("writeCommit refuses missing trees and parents, and does not move any reference")
    func writeCommitFailures() throws {
        try TestSupport.withBareRepository { repository, _ in
            let blob = try repository.writeBlob(Array("x".utf8))
            let tree = try repository.writeTree([TreeEntry(name: "x", id: blob, mode: .blob)])
            let missing = try #require(ObjectID(hex: String(repeating: "ef", count: 20)))
            #expect(throws: GitError.self) {
                try repository.writeCommit(tree: missing, parents: [], author: TestSupport.alice, committer: TestSupport.alice, message: "m")
            }
            #expect(throws: GitError.self) {
                try repository.writeCommit(tree: tree, parents: [missing], author: TestSupport.alice, committer: TestSupport.alice, message: "m")
            }
            #expect(throws: GitError.self) {
                try repository.writeCommit(tree: blob, parents: [], author: TestSupport.alice, committer: TestSupport.alice, message: "m")
            }
            let badSignature = Signature(name: "Eve <evil>", email: "eve@example.org", time: 0)
            #expect(throws: GitError.self) {
                try repository.writeCommit(tree: tree, parents: [], author: badSignature, committer: TestSupport.alice, message: "m")
            }
            _ = try repository.writeCommit(tree: tree, parents: [], author: TestSupport.alice, committer: TestSupport.alice, message: "m")
            #expect(try repository.references(matching: "*").isEmpty)
        }
    }

    @Test("annotated tags round-trip and peel to their commit")
    func tagRoundTrip() throws {
        try TestSupport.withBareRepository { repository, _ in
            let commit = try TestSupport.makeCommit(in: repository, parent: nil, content: "tagged")
            let tag = try repository.writeTag(name: "v1.0", target: commit, tagger: TestSupport.bob, message: "Version 1.0\n")
            let read = try repository.tag(tag)
            #expect(read.id == tag)
            #expect(read.name == "v1.0")
            #expect(read.target == commit)
            #expect(read.targetIsCommit)
            #expect(read.tagger == TestSupport.bob)
            #expect(read.message == "Version 1.0\n")
            #expect(try repository.objectType(tag) == .tag)
            #expect(try repository.peelToCommit(tag) == commit)
            #expect(try repository.peelToCommit(commit) == commit)
            #expect(try repository.reference("refs/tags/v1.0") == nil)

            // A tag of a tag still peels to the commit; a tag of a tree does not.
            let outer = try repository.writeTag(name: "v1.0-signed", target: tag, tagger: TestSupport.alice, message: "outer\n")
            #expect(try repository.tag(outer).targetIsCommit == false)
            #expect(try repository.peelToCommit(outer) == commit)

            let tree = try repository.commit(commit).tree
            let treeTag = try repository.writeTag(name: "tree-tag", target: tree, tagger: TestSupport.alice, message: "a tree\n")
            #expect(try repository.tag(treeTag).targetIsCommit == false)
            #expect(throws: GitError.self) { try repository.peelToCommit(treeTag) }
            #expect(throws: GitError.self) { try repository.peelToCommit(tree) }

            let invalid = #expect(throws: GitError.self) {
                try repository.writeTag(name: "bad..name", target: commit, tagger: TestSupport.alice, message: "m")
            }
            #expect(invalid?.isInvalid == true)
        }
    }
}

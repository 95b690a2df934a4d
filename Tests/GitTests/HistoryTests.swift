import Git
import Testing

@Suite("Repository: history, revparse, prefixes")
struct HistoryTests {
    @Test("walk is newest first, honours limit and first-parent simplification")
    func walk() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 5)
            #expect(try repository.walk(from: chain[4]) == chain.reversed())
            #expect(try repository.walk(from: chain[4], limit: 2) == [chain[4], chain[3]])
            #expect(try repository.walk(from: chain[4], limit: 0) == [])
            #expect(try repository.walk(from: chain[4], limit: 50).count == 5)
            #expect(try repository.walk(from: chain[0]) == [chain[0]])
            let tag = try repository.writeTag(name: "v4", target: chain[3], tagger: TestSupport.alice, message: "v4\n")
            #expect(try repository.walk(from: tag, limit: 2) == [chain[3], chain[2]])

            let side = try TestSupport.makeCommit(in: repository, parent: chain[2], content: "side")
            let merge = try TestSupport.makeCommit(in: repository, parent: chain[4], content: "merge", parents: [side])
            let firstParent = try repository.walk(from: merge)
            #expect(firstParent == [merge] + chain.reversed())
            let full = try repository.walk(from: merge, firstParentOnly: false)
            #expect(full.count == 7)
            #expect(full.contains(side))
            #expect(full.first == merge)
            #expect(full.last == chain[0])
        }
    }

    @Test("revparse resolves main~2, ids and tags (unpeeled)")
    func revparse() throws {
        try TestSupport.withBareRepository { repository, _ in
            let chain = try TestSupport.makeChain(in: repository, count: 4)
            try repository.updateReference("refs/heads/main", to: chain[3], expected: nil, logMessage: "m")
            #expect(try repository.revparse("main") == chain[3])
            #expect(try repository.revparse("main~2") == chain[1])
            #expect(try repository.revparse("refs/heads/main^") == chain[2])
            #expect(try repository.revparse(chain[0].hex) == chain[0])
            #expect(try repository.revparse("main^{tree}") == (try repository.commit(chain[3]).tree))

            let tag = try repository.writeTag(name: "v1", target: chain[2], tagger: TestSupport.alice, message: "v1\n")
            try repository.updateReference("refs/tags/v1", to: tag, expected: nil, logMessage: "m")
            #expect(try repository.revparse("v1") == tag)
            #expect(try repository.revparse("v1^{commit}") == chain[2])

            let missing = #expect(throws: GitError.self) { try repository.revparse("main~10") }
            #expect(missing?.isNotFound == true, "\(String(describing: missing))")
            let unknown = #expect(throws: GitError.self) { try repository.revparse("no-such-branch") }
            #expect(unknown?.isNotFound == true, "\(String(describing: unknown))")
        }
    }

    @Test("resolvePrefix expands short commit ids")
    func resolvePrefix() throws {
        try TestSupport.withBareRepository { repository, _ in
            let commit = try TestSupport.makeCommit(in: repository, parent: nil, content: "prefix")
            #expect(try repository.resolvePrefix(String(commit.hex.prefix(7))) == commit)
            #expect(try repository.resolvePrefix(String(commit.hex.prefix(7)).uppercased()) == commit)
            #expect(try repository.resolvePrefix(commit.hex) == commit)
            #expect(try repository.resolvePrefix("not-hex") == nil)
            #expect(try repository.resolvePrefix(commit.hex + "0") == nil)

            // A prefix of something that is not a commit, or of nothing at all, gives nil.
            let tree = try repository.commit(commit).tree
            #expect(try repository.resolvePrefix(String(tree.hex.prefix(12))) == nil)
            var absent = String(commit.hex.prefix(11))
            absent.append(absent.last == "0" ? "1" : "0")
            absent += String(repeating: "0", count: 8)
            #expect(try repository.resolvePrefix(absent) == nil)

            let tooShort = #expect(throws: GitError.self) { try repository.resolvePrefix("abc") }
            #expect(tooShort?.isAmbiguous == true)
        }
    }

    @Test("resolvePrefix throws isAmbiguous when two objects share the prefix")
    func ambiguousPrefix() throws {
        try TestSupport.withBareRepository { repository, _ in
            // Write blobs until two share their first 4 hex digits (expected after ~300 blobs).
            var byPrefix: [String: ObjectID] = [:]
            var shared: String?
            var index = 0
            while shared == nil, index < 5_000 {
                let id = try repository.writeBlob(Array("blob \(index)\n".utf8))
                let prefix = String(id.hex.prefix(4))
                if byPrefix[prefix] != nil { shared = prefix } else { byPrefix[prefix] = id }
                index += 1
            }
            let prefix = try #require(shared)
            let error = #expect(throws: GitError.self) { try repository.resolvePrefix(prefix) }
            #expect(error?.isAmbiguous == true, "\(String(describing: error))")
        }
    }
}

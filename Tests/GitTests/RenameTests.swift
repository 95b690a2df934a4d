import Git
import Testing

@Suite("Repository: rename detection and HEAD")
struct RenameTests {
    /// A tree with `files` at the top level and under `docs/`.
    static func tree(_ repository: Repository, top: [String: String], docs: [String: String] = [:]) throws -> ObjectID {
        var entries = try top.map { TreeEntry(name: $0.key, id: try repository.writeBlob(Array($0.value.utf8)), mode: .blob) }
        if !docs.isEmpty {
            let sub = try docs.map { TreeEntry(name: $0.key, id: try repository.writeBlob(Array($0.value.utf8)), mode: .blob) }
            entries.append(TreeEntry(name: "docs", id: try repository.writeTree(sub), mode: .tree))
        }
        return try repository.writeTree(entries)
    }

    static let text = (1...40).map { "Line \($0) of a code of conduct that says something." }.joined(separator: "\n") + "\n"

    @Test("an exact move and a move with an edit are found; a new file and an unrelated path are not")
    func renames() throws {
        try TestSupport.withBareRepository { repository, _ in
            let old = try Self.tree(repository, top: ["README": "hi\n"], docs: ["CONDUCT.md": Self.text])
            let moved = try Self.tree(repository, top: ["README": "hi\n", "CODE_OF_CONDUCT.md": Self.text])
            #expect(try repository.renameSource(of: "CODE_OF_CONDUCT.md", from: old, to: moved) == "docs/CONDUCT.md")
            #expect(try repository.renameSource(of: "README", from: old, to: moved) == nil)

            let edited = try Self.tree(repository, top: ["README": "hi\n", "CODE_OF_CONDUCT.md": Self.text.replacingOccurrences(of: "Line 3 ", with: "Row 3 ")])
            #expect(try repository.renameSource(of: "CODE_OF_CONDUCT.md", from: old, to: edited) == "docs/CONDUCT.md")

            let rewritten = try Self.tree(repository, top: ["README": "hi\n", "CODE_OF_CONDUCT.md": "# Something else entirely\n"])
            #expect(try repository.renameSource(of: "CODE_OF_CONDUCT.md", from: old, to: rewritten) == nil)
            #expect(throws: GitError.self) { try repository.renameSource(of: "x", from: ObjectID.zero, to: moved) }
        }
    }

    @Test("headTarget names the branch HEAD points at, even unborn")
    func head() throws {
        try TestSupport.withBareRepository { repository, _ in
            try repository.setHead("refs/heads/trunk")
            #expect(try repository.headTarget() == "refs/heads/trunk")
            let chain = try TestSupport.makeChain(in: repository, count: 1)
            try repository.updateReference("refs/tags/t", to: chain[0], expected: nil, logMessage: "t")
            try repository.setHead("refs/tags/t")
            #expect(try repository.headTarget() == nil)
        }
    }
}

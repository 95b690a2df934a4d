import Foundation
import Testing

/// Each bad input gets a message naming the problem and the way out, exit 2, and an untouched store.
@Suite("Bad input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: [UInt8]?
        var arguments: [String]
        var expected: [String]
        var testDescription: String { name }
    }

    static let valid = Array("# Code\n\n## Scope {#scope}\n\nEveryone.\n".utf8)

    static let cases: [Case] = [
        Case(name: "missing file", file: nil, arguments: ["--from", "/nonexistent/code.md"],
             expected: ["cannot read '/nonexistent/code.md'", "no such file"]),
        Case(name: "binary file", file: [0x89, 0x50, 0x4e, 0x47, 0x00, 0x01], arguments: [],
             expected: ["binary file", "Markdown text"]),
        Case(name: "not UTF-8", file: Array("# Code\n\nCaf".utf8) + [0xe9, 0x0a], arguments: [],
             expected: ["not valid UTF-8", "offset 11", "save it as UTF-8"]),
        Case(name: "UTF-16 with a byte order mark", file: [0xFF, 0xFE] + Array("# Code\n".utf8).flatMap { [$0, 0] }, arguments: [],
             expected: ["UTF-16LE text, not UTF-8", "iconv -f UTF-16LE -t UTF-8"]),
        Case(name: "UTF-16 without a byte order mark", file: Array("# Code\n\n## Scope\n".utf8).flatMap { [0, $0] }, arguments: [],
             expected: ["UTF-16BE text, not UTF-8", "save it as UTF-8"]),
        Case(name: "NUL byte", file: Array("# Code\n\n## Scope {#scope}\n\nEvery".utf8) + [0] + Array("one.\n".utf8), arguments: [],
             expected: ["binary file", "contains NUL bytes", "Markdown text"]),
        Case(name: "over the size limit", file: Array("# Code\n\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 16 << 20),
             arguments: [], expected: ["is \((16 << 20) + 8) bytes", "more than the 16777216 bytes (16 MiB)"]),
        Case(name: "nesting past the limit", file: Array(("# Code\n\n## Scope {#scope}\n\n" + String(repeating: "> ", count: 1_001) + "deep\n").utf8),
             arguments: [], expected: ["nests lists, quotes or inline elements more than 1000 levels deep"]),
        Case(name: "inline nesting past the limit", file: Array(("# Code\n\n" + String(repeating: "*a ", count: 1_001) + String(repeating: "b*", count: 1_001) + "\n").utf8),
             arguments: [], expected: ["more than 1000 levels deep"]),
        Case(name: "duplicate ids", file: Array("# Code\n\n## A {#scope}\n\nx\n\n## B {#scope}\n\ny\n".utf8), arguments: [],
             expected: ["'scope' is used by more than one heading", "lines 3 and 7"]),
        Case(name: "invalid id", file: Array("# Code\n\n## A {#Scope/1}\n\nx\n".utf8), arguments: [],
             expected: ["id 'Scope/1'", "ids are letters, digits, marks, '-', '_' and '.'", "{#scope-1}"]),
        Case(name: "identical text", file: Array("# Code\n\n## Scope {#scope}\n\nEveryone.\n".utf8), arguments: [],
             expected: ["identical to the current revision v1.0", "nothing was written"]),
        Case(name: "existing version", file: Array("# Code\n\n## Scope {#scope}\n\nEveryone here.\n".utf8), arguments: ["--version", "1.0"],
             expected: ["does not come after the current v1.0"]),
        Case(name: "malformed version", file: Array("# Code\n\n## Scope {#scope}\n\nEveryone here.\n".utf8), arguments: ["--version", "one"],
             expected: ["'one' is not a version", "MAJOR.MINOR"]),
        Case(name: "malformed identity", file: Array("# Code\n\n## Scope {#scope}\n\nEveryone here.\n".utf8), arguments: ["--as", "nobody"],
             expected: ["'nobody' is not of the form 'NAME <EMAIL>'"]),
        Case(name: "malformed date", file: Array("# Code\n\n## Scope {#scope}\n\nEveryone here.\n".utf8), arguments: ["--date", "2025-02-30"],
             expected: ["'2025-02-30' is not a date"]),
    ]

    @Test(arguments: cases)
    func adoptRefusesAndLeavesTheStoreAsItWas(_ bad: Case) throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("first.md", bytes: Self.valid)]).status == 0)
        let before = snapshot(store)
        var arguments = ["adopt", "--store", store]
        if let file = bad.file { arguments += ["--from", try directory.write("bad.md", bytes: file)] }
        let result = try CLI.conduct(arguments + bad.arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        for fragment in bad.expected {
            #expect(result.stderr.contains(fragment), "\(bad.name): \(result.stderr)")
        }
        #expect(snapshot(store) == before, "\(bad.name) changed the store")
    }

    @Test(arguments: Array(cases.prefix(9)))
    func initRefusesAndCreatesNothing(_ bad: Case) throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        var arguments = ["init", store]
        if let file = bad.file { arguments += ["--from", try directory.write("bad.md", bytes: file)] }
        let result = try CLI.conduct(arguments + bad.arguments)
        #expect(result.status == 2)
        for fragment in bad.expected {
            #expect(result.stderr.contains(fragment), "\(bad.name): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: store), "\(bad.name) left a store behind")
    }

    @Test func initRefusesAPathThatHoldsAStoreOrOtherFiles() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("code.md", bytes: Self.valid)
        let store = directory.path("store")
        try #require(try CLI.conduct(["init", store, "--from", file]).status == 0)
        let before = snapshot(store)
        let again = try CLI.conduct(["init", store, "--from", file])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds a store"))
        #expect(snapshot(store) == before)

        let other = directory.url.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try directory.write("other/notes.txt", "keep me")
        let occupied = try CLI.conduct(["init", other.path, "--from", file])
        #expect(occupied.status == 2)
        #expect(occupied.stderr.contains("already holds other files"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["notes.txt"])

        let onFile = try CLI.conduct(["init", file, "--from", file])
        #expect(onFile.status == 2 && onFile.stderr.contains("is a file"))
    }

    @Test func aVersionTaggedElsewhereIsRefused() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("a.md", bytes: Self.valid)]).status == 0)
        // Someone tagged v5.0 by hand; adopting as 5.0 must not take over the label.
        #expect(try CLI.git(["-C", store, "tag", "v5.0", "main"]).status == 0)
        let before = snapshot(store)
        let result = try CLI.conduct(["adopt", "--store", store, "--version", "5.0",
                                      "--from", try directory.write("b.md", "# Code\n\n## Scope {#scope}\n\nEveryone here.\n")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("version v5.0 already exists"), "\(result.stderr)")
        #expect(snapshot(store) == before)
    }

    @Test func commandsRefuseAPathThatIsNotAStore() throws {
        let directory = try TemporaryDirectory()
        for arguments in [["log"], ["show"], ["outline"], ["adopt", "--from", try directory.write("x.md", bytes: Self.valid)]] {
            let result = try CLI.conduct(arguments + ["--store", directory.url.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("is not a conduct store"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("conduct init"))
        }
        // A git repository that is not a store.
        #expect(try CLI.git(["init", "--quiet", "--bare", directory.path("plain.git")]).status == 0)
        let plain = try CLI.conduct(["log", "--store", directory.path("plain.git")])
        #expect(plain.status == 2 && plain.stderr.contains("without a main branch"))
    }

    @Test func unknownRevisionsAndClausesListWhatThereIs() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("a.md", bytes: Self.valid)]).status == 0)
        for spec in ["v3.0", "main~5", "deadbeef", "HEAD@{0}", "--"] where spec != "--" {
            let result = try CLI.conduct(["show", "--store", store, spec])
            #expect(result.status == 2)
            #expect(result.stderr.contains("no revision '\(spec)' in this store (known: v1.0)"), "\(result.stderr)")
        }
        let clause = try CLI.conduct(["show", "--store", store, "--clause", "nope"])
        #expect(clause.status == 2 && clause.stderr.contains("no clause 'nope' in v1.0 (clauses: scope)"))
        let usage = try CLI.conduct(["log", "--store", store, "--limit", "0"])
        #expect(usage.status == 2 && usage.stderr.contains("--limit 0"))
        let unknownOption = try CLI.conduct(["log", "--frobnicate"])
        #expect(unknownOption.status == 64)
    }
}

import Foundation
import Testing

/// Stakeholder comments end to end: anchored across the Corpus revisions.
@Suite("Comments end to end")
struct CommentTests {
    static func comment(_ store: String, _ arguments: [String], as who: String = "Ministry <m@gov.example>") throws -> String {
        let result = try CLI.conduct(["comment", "--store", store, "--as", who] + arguments)
        try #require(result.status == 0, "\(result.stderr)")
        return String(result.stdout.split(separator: " ")[1])
    }

    static func threads(_ store: String, _ extra: [String] = []) throws -> [[String: Any]] {
        let result = try CLI.conduct(["comments", "--store", store, "--format", "json"] + extra)
        #expect(try CLI.validate(result.stdout, schema: "comments").status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object?["comments"] as? [[String: Any]])
    }

    static func anchor(_ thread: [String: Any]) -> [String: Any] { thread["anchor"] as? [String: Any] ?? [:] }

    @Test func commentsAreAnchoredAcrossRevisions() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("code.git")
        try #require(try CLI.conduct(["init", store, "--from", ProposalTests.corpus("v0.1"), "--version", "0.1"]).status == 0)
        let orphan = try Self.comment(store, ["v0.1", "--clause", "accountability", "--message", "Who checks compliance?", "--role", "civil-society"])
        try #require(try CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.0"), "--version", "1.0"]).status == 0)
        let outdated = try Self.comment(store, ["v1.0", "--clause", "transparency", "--quote", "transparency reports",
                                                "--message", "How often?", "--role", "government"])
        let moved = try Self.comment(store, ["v1.0", "--clause", "red-teaming", "--message", "Who pays for testers?", "--role", "academia"])
        let current = try Self.comment(store, ["1.0", "--clause", "scope", "--message", "Clear enough.", "--role", "industry"])
        for version in ["v1.1", "v1.2"] {
            try #require(try CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus(version)]).status == 0)
        }
        let threads = try Self.threads(store)
        let byID = Dictionary(uniqueKeysWithValues: threads.map { (String(($0["id"] as? String ?? "").prefix(10)), $0) })
        #expect(Self.anchor(byID[orphan] ?? [:])["state"] as? String == "orphaned")
        #expect((Self.anchor(byID[orphan] ?? [:])["original"] as? String ?? "").contains("{#accountability}"))
        let stale = Self.anchor(byID[outdated] ?? [:])
        #expect(stale["state"] as? String == "outdated")
        #expect(stale["quoteFound"] as? Bool == true, "the quote is re-located in the edited clause")
        let words = ((stale["changes"] as? [[String: Any]])?.first?["words"] as? [[String: String]]) ?? []
        #expect(words.contains { $0["operation"] == "insert" && ($0["text"] ?? "").contains("12 months") })
        let followed = Self.anchor(byID[moved] ?? [:])
        #expect(followed["state"] as? String == "moved" && followed["number"] as? String == "1.1")
        #expect(Self.anchor(byID[current] ?? [:])["state"] as? String == "current")
        #expect(Self.anchor(byID[current] ?? [:])["readAt"] as? String == "v1.2")

        // show and diff mention open comments per clause.
        let shown = try CLI.conduct(["show", "--store", store, "--clause", "transparency"])
        #expect(shown.stderr.contains("open comments: transparency 1"))
        #expect(!shown.stdout.contains("open comments"), "standard output stays the document")
        #expect(try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2"]).stdout.contains("reworded  (1 open comment)"))

        // Filters.
        #expect(try Self.threads(store, ["--role", "academia"]).count == 1)
        #expect(try Self.threads(store, ["v1.0"]).count == 3)
        #expect(try Self.threads(store, ["--clause", "scope"]).count == 1)
        let text = try CLI.conduct(["comments", "--store", store]).stdout
        #expect(text.contains("[outdated at v1.2]") && text.contains("{+in any case at least once every 12 months"))

        // Every comment record validates against its schema.
        let files = try CLI.git(["-C", store, "ls-tree", "-r", "--name-only", "refs/conduct/records", "--", "comments"]).stdout.split(separator: "\n")
        #expect(files.count == 4)
        for file in files {
            let content = try CLI.git(["-C", store, "cat-file", "blob", "refs/conduct/records:\(file)"]).stdout
            #expect(try CLI.validate(content, schema: "comment-record").status == 0, "\(file)")
        }
    }

    @Test func repliesResolveAndReopen() throws {
        let directory = try TemporaryDirectory()
        let store = try ProposalTests.store(in: directory)
        let root = try Self.comment(store, ["v1.0", "--clause", "scope", "--message", "Does this cover open models?"])
        let reply = try CLI.conduct(["reply", "--store", store, root, "--as", "Lab <lab@uni.example>", "--message", "It should."])
        #expect(reply.status == 0)
        let replyID = String(reply.stdout.split(separator: " ")[1])
        #expect(try CLI.conduct(["reply", "--store", store, replyID, "--message", "Agreed, say so."]).status == 0)
        var threads = try Self.threads(store)
        let replies = threads.first?["replies"] as? [[String: Any]]
        #expect(replies?.count == 1)
        #expect((replies?.first?["replies"] as? [[String: Any]])?.first?["message"] as? String == "Agreed, say so.")

        #expect(try CLI.conduct(["resolve", "--store", store, root]).status == 0)
        #expect(try Self.threads(store).isEmpty)
        threads = try Self.threads(store, ["--status", "resolved"])
        #expect(threads.count == 1)
        #expect(try CLI.conduct(["resolve", "--store", store, root]).stderr.contains("is resolved already"))
        #expect(try CLI.conduct(["reopen", "--store", store, root]).status == 0)
        #expect(try Self.threads(store).first?["status"] as? String == "open")
    }

    @Test func badInputIsNamedAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try ProposalTests.store(in: directory)
        let elsewhere = try TemporaryDirectory()
        let other = try ProposalTests.store(in: elsewhere)
        let foreign = try Self.comment(other, ["v1.0", "--clause", "scope", "--message", "In another store."])
        let big = try directory.write("big.txt", String(repeating: "x", count: 65_537))
        let before = snapshot(store)
        let cases: [([String], String)] = [
            (["comment", "v1.0", "--clause", "nope", "--message", "x"], "no clause 'nope' in v1.0"),
            (["comment", "v1.0", "--clause", "scope", "--quote", "words that are not there", "--message", "x"], "is not in clause scope of v1.0"),
            (["comment", "v1.0", "--clause", "scope", "--message", "   "], "the message is empty"),
            (["comment", "v1.0", "--clause", "scope", "--file", big], "the message is 65537 bytes; the limit is 65536 bytes"),
            (["comment", "v9.9", "--clause", "scope", "--message", "x"], "no revision 'v9.9'"),
            (["reply", "0123456789", "--message", "x"], "no comment '0123456789' in this store"),
            (["reply", foreign, "--message", "x"], "no comment '\(foreign)' in this store"),
            (["resolve", "abcdef0123", ], "no comment 'abcdef0123'"),
            (["comment", "v1.0", "--clause", "scope"], "give exactly one of --message TEXT or --file FILE"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.conduct(arguments + ["--store", store])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(snapshot(store) == before)
    }
}

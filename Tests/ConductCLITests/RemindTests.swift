import Foundation
import Testing

/// `conduct remind`, end to end: the messages it writes are read back by Python's email
/// package as a mail client would, and the command each one gives is run as written.
@Suite("Reminders end to end")
struct RemindTests {
    static let sender = "Secrétariat du Code <secretariat@code.example>"
    static let selected = ["stale", "expired", "never"]

    /// Who represents each signatory, and its key file.
    struct Fixture {
        var directory: TemporaryDirectory
        var store: String
        var representatives: [String: [(name: String, email: String)]]
        var keys: [String: String]
        var title: String

        func conduct(_ arguments: [String]) throws -> CLI.Result {
            try CLI.conduct(arguments + ["--store", store])
        }
    }

    /// An ISO 8601 time `days` before now.
    static func daysAgo(_ days: Double) -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(-days * 86_400))
    }

    /// A store at v1.2 of the Corpus, its title in Japanese and English, with a maximum age of
    /// 60 days and signatories in every state `remind` is about, and one current: acme and kiso
    /// (some clauses) attested v1.0, so are stale; old attested v1.0 longer ago than the
    /// maximum age; late (one of its two representatives without an address) and edu (no
    /// representative) never attested; curr attested v1.2.
    static func fixture() throws -> Fixture {
        let directory = try TemporaryDirectory()
        var title = ""
        for version in ["v1.0", "v1.2"] {
            var lines = try String(contentsOfFile: ProposalTests.corpus(version), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            try #require(lines[0].hasPrefix("# "))
            lines[0] = "# 国際行動規範 — " + lines[0].dropFirst(2)
            title = String(lines[0].dropFirst(2))
            try directory.write("\(version).md", lines.joined(separator: "\n"))
        }
        let store = directory.path("code.git")
        try CLI.succeed(CLI.conduct(["init", store, "--from", directory.path("v1.0.md"), "--version", "1.0", "--date", daysAgo(100)]))
        var fixture = Fixture(directory: directory, store: store, representatives: [
            "acme": [("Ann Rep", "ann@acme.example"), ("Bob O'Neil", "bob@acme.example")],
            "kiso": [("山田 花子", "hanako@kiso.example")],
            "old": [("Olga Old", "olga@old.example")],
            "late": [("Lars Nomail", "lars at late"), ("Lee Late", "lee@late.example")],
            "curr": [("Cora Current", "cora@curr.example")],
            "edu": [],
        ], keys: [:], title: title)
        for (id, representatives) in fixture.representatives.sorted(by: { $0.key < $1.key }) {
            let key = directory.path("\(id).key")
            try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
            try CLI.succeed(fixture.conduct(["signatory", "add", id, "--name", "Signatory \(id)", "--kind", "organisation",
                                             "--key", key + ".pub", "--date", daysAgo(99)]
                                            + representatives.flatMap { ["--representative", "\($0.name) <\($0.email)>"] }))
            fixture.keys[id] = key
        }
        func attest(_ id: String, _ extra: [String]) throws {
            try CLI.succeed(fixture.conduct(["attest", id, "--key", fixture.keys[id]!] + extra), "attest \(id)")
        }
        try attest("old", ["--date", daysAgo(98)])
        try attest("acme", ["--date", daysAgo(30)])
        try attest("kiso", ["--clauses", "transparency,lifecycle-risks", "--date", daysAgo(30)])
        try CLI.succeed(fixture.conduct(["adopt", "--from", directory.path("v1.2.md"), "--version", "1.2", "--date", daysAgo(20)]))
        try attest("curr", ["--date", daysAgo(10)])
        try CLI.succeed(fixture.conduct(["config", "set", "attestation.max-age", "60d"]))
        return fixture
    }

    /// Python's reading of the messages: `eml` files, or one `mbox`.
    static func read(_ kind: String, _ paths: [String]) throws -> [[String: Any]] {
        let result = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/read-mail").path, kind] + paths)
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [[String: Any]])
    }

    /// The clause ids `since --format json` names for `id`.
    static func since(_ fixture: Fixture, _ id: String) throws -> [String] {
        let clauses = try #require(try CLI.json(try CLI.succeed(fixture.conduct(["since", id, "--format", "json"])))["clauses"] as? [[String: Any]])
        return clauses.compactMap { (($0["new"] ?? $0["old"]) as? [String: Any])?["id"] as? String }.filter { !$0.isEmpty }
    }

    /// The `conduct attest` command a message gives, as a shell reads it.
    static func command(in body: String) throws -> [String] {
        let line = try #require(body.split(separator: "\n").first { $0.hasPrefix("    conduct attest ") }, "no command in \(body)")
        let result = try CLI.run("/usr/bin/env", ["python3", "-c", "import json, shlex, sys; print(json.dumps(shlex.split(sys.argv[1])))", String(line)])
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String])
    }

    /// Checks each message against what the store says of its signatory, and returns the
    /// messages by address.
    static func check(_ messages: [[String: Any]], _ fixture: Fixture, rows: [String: [String: Any]]) throws -> [String: [String: Any]] {
        var byAddress: [String: [String: Any]] = [:]
        for message in messages {
            let to = try #require((message["to"] as? [[String: String]])?.first)
            byAddress[to["address"] ?? ""] = message
        }
        // One message per representative of exactly the signatories in the states chosen.
        var expected: [String: (id: String, name: String)] = [:]
        for (id, representatives) in fixture.representatives where selected.contains(rows[id]?["state"] as? String ?? "") {
            for representative in representatives where representative.email.contains("@") {
                expected[representative.email] = (id, representative.name)
            }
        }
        #expect(Set(byAddress.keys) == Set(expected.keys))
        #expect(messages.count == expected.count)
        for (address, message) in byAddress {
            let (id, name) = try #require(expected[address])
            let state = rows[id]?["state"] as? String ?? ""
            #expect((message["to"] as? [[String: String]])?.first?["name"] == name)
            #expect((message["from"] as? [[String: String]])?.first?["name"] == "Secrétariat du Code")
            #expect((message["from"] as? [[String: String]])?.first?["address"] == "secretariat@code.example")
            let subject = message["subject"] as? String ?? ""
            #expect(subject.contains(fixture.title) && subject.contains("v1.2"), "\(subject)")
            #expect(message["defects"] as? [String] == [], "\(message["defects"] ?? "")")
            #expect(message["headerASCII"] as? Bool == true)
            #expect((message["longestHeaderLine"] as? Int ?? 999) <= 78 && (message["longestLine"] as? Int ?? 999) <= 998)
            #expect(message["lineEndsOnly"] as? Bool == true)
            #expect(message["date"] is String)
            #expect(message["mimeVersion"] as? String == "1.0" && message["contentType"] as? String == "text/plain")
            #expect(message["charset"] as? String == "utf-8" && message["transferEncoding"] as? String == "8bit")
            let body = message["body"] as? String ?? ""
            #expect(body.contains("State at v1.2: \(state)"))
            if state == "never" {
                #expect(subject.contains("not attested") && body.contains("Attested: never"))
            } else {
                let changed = try since(fixture, id)
                #expect(!changed.isEmpty)
                // A clause by its `{#id}`, the preamble and front matter by their names.
                for clause in changed {
                    #expect(body.contains(clause.hasPrefix("(") ? clause : "{#\(clause)}"), "\(id): \(clause) missing")
                }
            }
            if state == "expired", let expires = rows[id]?["expires"] as? String {
                #expect(body.contains("Expired: on \(expires.prefix(10))"), "\(body)")
            }
            let command = try command(in: body)
            #expect(Array(command.prefix(5)) == ["conduct", "attest", id, "--revision", "v1.2"])
            #expect(command.suffix(2) == ["--as", "\(name) <\(address)>"])
        }
        return byAddress
    }

    @Test func remindsEachRepresentativeAndTheCommandItGivesAttests() throws {
        let fixture = try Self.fixture()
        let rows = try AttestationTests.status(fixture.store)
        #expect(rows.mapValues { $0["state"] as? String ?? "" }
                == ["acme": "stale", "kiso": "stale", "old": "expired", "late": "never", "edu": "never", "curr": "current"])
        let refs = try CLI.git(["--git-dir", fixture.store, "for-each-ref"]).stdout

        let outbox = fixture.directory.path("outbox/weekly")
        let written = try fixture.conduct(["remind", "--out", outbox, "--as", Self.sender])
        try #require(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("no reminder for edu (Signatory edu)"))
        #expect(written.stderr.contains("wrote 5 messages to 5 representatives of 4 signatories at v1.2 into \(outbox)"))
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).sorted()
        // Named by the representative's place in its signatory's list: late's first has no address.
        #expect(files == ["acme--1.eml", "acme--2.eml", "kiso--1.eml", "late--2.eml", "old--1.eml"])
        #expect(written.stderr.contains("'lars at late' is not an e-mail address"))
        #expect(written.stdout.split(separator: "\n").map(String.init) == files.map { outbox + "/" + $0 })
        let messages = try Self.check(try Self.read("eml", files.map { outbox + "/" + $0 }), fixture, rows: rows)
        // kiso attested two clauses: the command renews those two.
        let renewed = try Self.command(in: messages["hanako@kiso.example"]?["body"] as? String ?? "")
        let clauses = renewed.firstIndex(of: "--clauses").map { renewed[$0 + 1].split(separator: ",").map(String.init) }
        #expect(Set(clauses ?? []) == ["transparency", "lifecycle-risks"])

        // The same messages in one mbox; the same ids as the files, run after run.
        let mbox = fixture.directory.path("reminders.mbox")
        try CLI.succeed(fixture.conduct(["remind", "--mbox", mbox, "--as", Self.sender]))
        let boxed = try Self.check(try Self.read("mbox", [mbox]), fixture, rows: rows)
        for (address, message) in messages {
            #expect(boxed[address]?["messageID"] as? String == message["messageID"] as? String)
            #expect(boxed[address]?["body"] as? String == message["body"] as? String)
            #expect((boxed[address]?["fromLine"] as? String)?.hasPrefix("secretariat@code.example ") == true)
        }
        #expect(Set(messages.values.compactMap { $0["messageID"] as? String }).count == messages.count)
        #expect(try CLI.git(["--git-dir", fixture.store, "for-each-ref"]).stdout == refs, "remind wrote into the store")

        // Each command, run as the message gives it with the signatory's key, makes it current.
        for address in ["bob@acme.example", "hanako@kiso.example", "olga@old.example", "lee@late.example"] {
            let command = try Self.command(in: messages[address]?["body"] as? String ?? "")
            let id = command[2]
            let arguments = command.dropFirst().map { $0 == "PRIVATE_KEY" ? fixture.keys[id]! : $0 }
            try CLI.succeed(fixture.conduct(arguments), "\(command)")
            #expect(try AttestationTests.status(fixture.store)[id]?["state"] as? String == "current", "\(id)")
        }

        // Nobody left to remind but edu: the folder is emptied of the earlier reminders.
        let again = try fixture.conduct(["remind", "--out", outbox, "--as", Self.sender])
        try #require(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).isEmpty)
        #expect(again.stderr.contains("wrote 0 messages"))
    }

    @Test func statesRevisionsAndWhereMessagesGo() throws {
        let fixture = try Self.fixture()
        // Any state status names, at any revision: at v1.0 acme and kiso are current, curr never attested it.
        let current = try fixture.conduct(["remind", "--states", "current", "--mbox", "-", "--as", Self.sender])
        try #require(current.status == 0, "\(current.stderr)")
        let mbox = try fixture.directory.write("current.mbox", current.stdout)
        #expect(try Self.read("mbox", [mbox]).compactMap { ($0["to"] as? [[String: String]])?.first?["address"] } == ["cora@curr.example"])
        let atOld = try fixture.conduct(["remind", "--states", "never,current-editorial", "--at", "v1.0", "--mbox", "-", "--as", Self.sender])
        try #require(atOld.status == 0, "\(atOld.stderr)")
        let old = try Self.read("mbox", [try fixture.directory.write("old.mbox", atOld.stdout)])
        #expect(Set(old.compactMap { ($0["to"] as? [[String: String]])?.first?["address"] }) == ["lee@late.example", "cora@curr.example"])
        #expect(old.allSatisfy { ($0["subject"] as? String)?.contains("v1.0") == true })

        // Usage: an unknown state (named with those there are), neither or both destinations.
        let unknown = try fixture.conduct(["remind", "--states", "stale,overdue", "--out", fixture.directory.path("x")])
        #expect(unknown.status == 64 && unknown.stderr.contains("overdue") && unknown.stderr.contains("current-editorial"))
        #expect(try fixture.conduct(["remind"]).status == 64)
        #expect(try fixture.conduct(["remind", "--out", fixture.directory.path("x"), "--mbox", fixture.directory.path("y")]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.path("x")))

        // The sender must have an address a header can carry.
        let nameless = try fixture.conduct(["remind", "--mbox", "-", "--as", "Secretariat <secretariat>"])
        #expect(nameless.status == 2 && nameless.stderr.contains("NAME <EMAIL>") && nameless.stdout.isEmpty, "\(nameless.stderr)")

        // Nothing is written into the store, not even when asked to.
        let inside = try fixture.conduct(["remind", "--out", fixture.store + "/outbox", "--as", Self.sender])
        #expect(inside.status == 2 && inside.stderr.contains("inside the store"), "\(inside.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.store + "/outbox"))

        // A folder or mbox of the user's own is never written over.
        let mine = fixture.directory.path("mine")
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: false)
        try fixture.directory.write("mine/notes.txt", "keep me\n")
        let refused = try fixture.conduct(["remind", "--out", mine, "--as", Self.sender])
        #expect(refused.status == 2 && refused.stderr.contains("notes.txt"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine) == ["notes.txt"])
        let letters = try fixture.directory.write("letters.mbox", "From someone@example.org Mon Jan  1 00:00:00 2024\nSubject: mine\n\nhello\n")
        let kept = try fixture.conduct(["remind", "--mbox", letters, "--as", Self.sender])
        #expect(kept.status == 2 && kept.stderr.contains("did not write"), "\(kept.stderr)")
        #expect(try String(contentsOfFile: letters, encoding: .utf8).contains("hello"))
    }
}

import Foundation
import Testing

/// Files as projects write them, end to end in a real store: each shape is taken by `init`,
/// a changed version by `adopt`, and the pair by `diff --files`; what is stored is the user's
/// bytes plus `{#id}`s. The texts are written for these tests.
@Suite("Real files end to end")
struct RealFileTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        var first: [UInt8]
        var second: [UInt8]
        /// What `init` stores: the first text with ids added (nil: only checked to be the
        /// first text once the ids are taken out, for ids made from non-Latin headings).
        var stored: [UInt8]?
        var clauses: [String]?
        /// The clause keys the pair changes, and how.
        var changed: [String]
        var significance: String
        var testDescription: String { name }
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let shapes: [Shape] = [
        Shape(name: "no heading at all",
              first: bytes("Be kind to one another.\n\nAsk before you share what others said.\n"),
              second: bytes("Be kind to one another.\n\nAsk before you share what anyone said.\n"),
              stored: bytes("Be kind to one another.\n\nAsk before you share what others said.\n"),
              clauses: [], changed: ["(preamble)"], significance: "substantive"),
        Shape(name: "a level-2 heading first",
              first: bytes("## Our Pledge\n\nWe make taking part a welcoming experience for everyone.\n\n## Scope\n\nEvery project space.\n"),
              second: bytes("## Our Pledge\n\nWe make taking part a welcoming experience for everyone.\n\n## Scope\n\nEvery project space, online and off.\n"),
              stored: bytes("## Our Pledge {#our-pledge}\n\nWe make taking part a welcoming experience for everyone.\n\n## Scope {#scope}\n\nEvery project space.\n"),
              clauses: ["our-pledge", "scope"], changed: ["scope"], significance: "substantive"),
        Shape(name: "bold text first",
              first: bytes("**Everyone is welcome here.**\n\n## Expected behaviour\n\nListen first.\n\n## Reporting\n\nWrite to the moderators.\n"),
              second: bytes("**Everyone is welcome here.**\n\n## Expected behaviour\n\nListen  first.\n\n## Reporting\n\nWrite to the\nmoderators.\n"),
              stored: bytes("**Everyone is welcome here.**\n\n## Expected behaviour {#expected-behaviour}\n\nListen first.\n\n## Reporting {#reporting}\n\nWrite to the moderators.\n"),
              clauses: ["expected-behaviour", "reporting"], changed: ["expected-behaviour", "reporting"], significance: "editorial"),
        Shape(name: "YAML front matter, a value changed",
              first: bytes("---\ntitle: Code of Conduct\nversion: 1\n---\n\n# Code of Conduct\n\n## Scope\n\nAll spaces.\n"),
              second: bytes("---\ntitle: Code of Conduct\nversion: 2\n---\n\n# Code of Conduct\n\n## Scope\n\nAll spaces.\n"),
              stored: bytes("---\ntitle: Code of Conduct\nversion: 1\n---\n\n# Code of Conduct\n\n## Scope {#scope}\n\nAll spaces.\n"),
              clauses: ["scope"], changed: ["(front matter)"], significance: "substantive"),
        Shape(name: "YAML front matter, a key reordered",
              first: bytes("---\ntitle: Code of Conduct\nversion: 1\n---\n\n## Scope\n\nAll spaces.\n"),
              second: bytes("---\nversion: 1\ntitle: \"Code of Conduct\"\n---\n\n## Scope\n\nAll spaces.\n"),
              stored: bytes("---\ntitle: Code of Conduct\nversion: 1\n---\n\n## Scope {#scope}\n\nAll spaces.\n"),
              clauses: ["scope"], changed: ["(front matter)"], significance: "editorial"),
        Shape(name: "TOML front matter, a value changed",
              first: bytes("+++\ntitle = \"Code of Conduct\"\ncontact = \"conduct@example.org\"\n+++\n\n## Scope\n\nAll spaces.\n"),
              second: bytes("+++\ntitle = \"Code of Conduct\"\ncontact = \"moderators@example.org\"\n+++\n\n## Scope\n\nAll spaces.\n"),
              stored: bytes("+++\ntitle = \"Code of Conduct\"\ncontact = \"conduct@example.org\"\n+++\n\n## Scope {#scope}\n\nAll spaces.\n"),
              clauses: ["scope"], changed: ["(front matter)"], significance: "substantive"),
        Shape(name: "TOML front matter, a key reordered",
              first: bytes("+++\ntitle = \"Code of Conduct\"\nweight = 10\n+++\n\n## Scope\n\nAll spaces.\n"),
              second: bytes("+++\nweight = 10\ntitle = 'Code of Conduct'\n+++\n\n## Scope\n\nAll spaces.\n"),
              stored: bytes("+++\ntitle = \"Code of Conduct\"\nweight = 10\n+++\n\n## Scope {#scope}\n\nAll spaces.\n"),
              clauses: ["scope"], changed: ["(front matter)"], significance: "editorial"),
        Shape(name: "a right-to-left wrapper",
              first: bytes(rtl("نلتزم بأن نجعل المشاركة في مجتمعنا تجربة خالية من المضايقة للجميع.")),
              second: bytes(rtl("نلتزم بأن نجعل المشاركة في مجتمعنا تجربة آمنة وخالية من المضايقة للجميع.")),
              stored: nil, clauses: nil, changed: [], significance: "substantive"),
        Shape(name: "a byte order mark",
              first: [0xEF, 0xBB, 0xBF] + bytes("# Code of Conduct\n\n## Scope\n\nAll spaces.\n"),
              second: [0xEF, 0xBB, 0xBF] + bytes("# Code of Conduct\n\n## Scope\n\nEvery space.\n"),
              stored: [0xEF, 0xBB, 0xBF] + bytes("# Code of Conduct\n\n## Scope {#scope}\n\nAll spaces.\n"),
              clauses: ["scope"], changed: ["scope"], significance: "substantive"),
        Shape(name: "CRLF line endings",
              first: bytes("# Code of Conduct\r\n\r\n## Our Pledge\r\n\r\nWe pledge to listen.\r\n\r\nScope\r\n-----\r\n\r\nAll spaces.\r\n"),
              second: bytes("# Code of Conduct\r\n\r\n## Our Pledge\r\n\r\nWe pledge to listen well.\r\n\r\nScope\r\n-----\r\n\r\nAll spaces.\r\n"),
              stored: bytes("# Code of Conduct\r\n\r\n## Our Pledge {#our-pledge}\r\n\r\nWe pledge to listen.\r\n\r\nScope {#scope}\r\n-----\r\n\r\nAll spaces.\r\n"),
              clauses: ["our-pledge", "scope"], changed: ["our-pledge"], significance: "substantive"),
    ]

    /// An Arabic text wrapped in `<div dir="rtl">`, blank lines around the headings.
    static func rtl(_ pledge: String) -> String {
        "<div dir=\"rtl\">\n\n# مدونة قواعد السلوك\n\n## تعهدنا\n\n\(pledge)\n\n"
            + "## النطاق\n\nتنطبق هذه المدونة في جميع مساحات المشروع.\n\n</div>\n"
    }

    /// The text without the ` {#id}` attributes `init` and `adopt` add to headings.
    static func withoutIDs(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: Array(" {#".utf8)), let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")),
               !bytes[index..<close].contains(UInt8(ascii: "\n")) {
                index = close + 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    @Test(arguments: shapes)
    func eachShapeIsTakenByteForByte(_ shape: Shape) throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        let first = try directory.write("first.md", bytes: shape.first)
        let second = try directory.write("second.md", bytes: shape.second)

        let created = try CLI.conduct(["init", store, "--from", first])
        try #require(created.status == 0, "\(shape.name): \(created.stderr)")
        let stored = try CLI.git(["-C", store, "cat-file", "-p", "main:CODE_OF_CONDUCT.md"])
        if let expected = shape.stored { #expect(Array(stored.stdoutBytes) == expected, "\(shape.name): stored\n\(stored.stdout)") }
        // The user's bytes plus ids, nothing else.
        #expect(Self.withoutIDs(Array(stored.stdoutBytes)) == Self.withoutIDs(shape.first), "\(shape.name)")

        let outline = try CLI.conduct(["outline", "--store", store, "--format", "json"])
        #expect(outline.status == 0, "\(outline.stderr)")
        #expect(try CLI.validate(outline.stdout, schema: "outline").status == 0)
        let tree = try JSONSerialization.jsonObject(with: outline.stdoutBytes) as? [String: Any]
        func ids(_ nodes: [[String: Any]]) -> [String] {
            nodes.flatMap { [$0["id"] as? String ?? ""] + ids($0["children"] as? [[String: Any]] ?? []) }
        }
        let clauses = ids(tree?["clauses"] as? [[String: Any]] ?? [])
        if let expected = shape.clauses { #expect(clauses == expected, "\(shape.name)") }
        #expect(!clauses.contains(""), "\(shape.name): every clause has an id")
        #expect(try CLI.conduct(["show", "--store", store]).status == 0)

        let adopted = try CLI.conduct(["adopt", "--store", store, "--from", second])
        try #require(adopted.status == 0, "\(shape.name): \(adopted.stderr)")
        #expect(adopted.stdout.contains(", \(shape.significance):"), "\(shape.name): \(adopted.stdout)")
        for key in shape.changed { #expect(adopted.stdout.contains(key), "\(shape.name): \(adopted.stdout)") }
        let log = try CLI.conduct(["log", "--store", store, "--format", "json"])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(try CLI.validate(log.stdout, schema: "log").status == 0)

        // The two revisions in the store (with ids), then the two files as given (without).
        let diff = try CLI.conduct(["diff", "--store", store, "v1.0", "v1.1", "--format", "json"])
        #expect(diff.status == 0, "\(shape.name): \(diff.stderr)")
        #expect(try CLI.validate(diff.stdout, schema: "diff").status == 0, "\(shape.name)")
        let files = try CLI.conduct(["diff", "--files", first, second, "--format", "json"])
        #expect(files.status == 0, "\(shape.name): \(files.stderr)")
        let fileComparison = try JSONSerialization.jsonObject(with: files.stdoutBytes) as? [String: Any]
        #expect((fileComparison?["significance"] as? String) == shape.significance, "\(shape.name)")
        let comparison = try JSONSerialization.jsonObject(with: diff.stdoutBytes) as? [String: Any]
        let entries = (comparison?["clauses"] as? [[String: Any]] ?? []).filter { $0["significance"] as? String != "none" }
        let keys = entries.map { (($0["new"] ?? $0["old"]) as? [String: Any])?["id"] as? String ?? "" }
        if !shape.changed.isEmpty { #expect(keys == shape.changed, "\(shape.name): \(keys)") }
        #expect(keys.count == max(1, shape.changed.count), "\(shape.name): \(keys)")
        #expect((comparison?["significance"] as? String) == shape.significance, "\(shape.name)")
        let text = try CLI.conduct(["diff", "--files", first, second])
        #expect(text.status == 0 && text.stdout.contains("[\(shape.significance)]"), "\(shape.name): \(text.stdout)")
    }

    @Test func crlfComesBackOnEveryLineThroughEveryWrite() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        let text = "# Code\r\n\r\n## Pledge\r\n\r\nWe listen.\r\n\r\n## Scope\r\n\r\nAll spaces.\r\n"
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("a.md", text)]).status == 0)
        // A clause's new body through a proposal, then adopted after main moved: still CRLF.
        let body = try directory.write("body.md", "We listen, and we act.\nAlways.\n")
        let proposed = try CLI.conduct(["propose", "--store", store, "--title", "Act", "--clause", "pledge", "--text-file", body])
        try #require(proposed.status == 0, "\(proposed.stderr)")
        let id = String(proposed.stdout.split(separator: " ")[1].dropLast())
        let moved = "# Code\r\n\r\n## Pledge {#pledge}\r\n\r\nWe listen.\r\n\r\n## Scope {#scope}\r\n\r\nAll project spaces.\r\n"
        try #require(try CLI.conduct(["adopt", "--store", store, "--from", try directory.write("b.md", moved)]).status == 0)
        let adopted = try CLI.conduct(["adopt", "--store", store, id])
        try #require(adopted.status == 0, "\(adopted.stderr)")
        let stored = try CLI.git(["-C", store, "cat-file", "-p", "main:CODE_OF_CONDUCT.md"]).stdout
        #expect(stored == "# Code\r\n\r\n## Pledge {#pledge}\r\n\r\nWe listen, and we act.\r\nAlways.\r\n\r\n## Scope {#scope}\r\n\r\nAll project spaces.\r\n")
    }

    @Test func theSiteReadsRightToLeftAndCarriesTheFrontMatter() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("a.md", Self.rtl("نلتزم بالاحترام."))]).status == 0)
        let site = directory.path("site")
        let published = try PublishTests.publish(store, to: site)
        try #require(published.status == 0, "\(published.stderr)")
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        #expect(index.contains("<html lang=\"ar\" dir=\"rtl\">"), "\(index.prefix(300))")
        #expect(index.contains("<title>مدونة قواعد السلوك</title>"))
        // The site's own words are marked as English.
        #expect(index.contains("<nav aria-label=\"Site\" lang=\"en\">"))
        // cmark reads the wrapper as an HTML block: the headings inside stay clauses.
        #expect(index.components(separatedBy: "<section class=\"clause\"").count == 3)
        for page in PublishTests.htmlFiles(site) {
            let html = try String(contentsOfFile: site + "/" + page, encoding: .utf8)
            #expect(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "\(page)")
        }
        // An explicit option wins.
        let hebrew = try PublishTests.publish(store, to: site, ["--lang", "he"])
        try #require(hebrew.status == 0, "\(hebrew.stderr)")
        #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8).contains("<html lang=\"he\" dir=\"rtl\">"))
        let ltr = try PublishTests.publish(store, to: site, ["--dir", "ltr"])
        try #require(ltr.status == 0, "\(ltr.stderr)")
        #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8).contains("<html lang=\"ar\">"))
        let before = snapshot(site)
        for (option, message) in [(["--lang", "not a tag"], "'not a tag' is not a language tag"), (["--dir", "up"], "'up' is not a writing direction")] {
            let refused = try PublishTests.publish(store, to: site, option)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(refused.stderr)")
        }
        #expect(snapshot(site) == before)

        // Front matter: page metadata and the title, not text; lang and dir from it.
        let framed = directory.path("framed.git")
        let text = "---\ntitle: \"Community Code\"\ndescription: How we treat one another\nlang: he\n---\n\n## ההתחייבות שלנו\n\nאנו מתחייבים לכבוד.\n"
        try #require(try CLI.conduct(["init", framed, "--from", try directory.write("f.md", text)]).status == 0)
        let framedSite = directory.path("framed-site")
        try #require(try PublishTests.publish(framed, to: framedSite).status == 0)
        let page = try String(contentsOfFile: framedSite + "/index.html", encoding: .utf8)
        #expect(page.contains("<html lang=\"he\" dir=\"rtl\">"))
        #expect(page.contains("<meta name=\"description\" content=\"How we treat one another\">"))
        #expect(page.contains("<meta name=\"title\" content=\"Community Code\">"))
        #expect(page.contains("<title>Community Code</title>"))
        #expect(!page.contains("description: How"), "the front matter is not shown as text")
        for site in [site, framedSite] { try PublishTests.expectTidy(site) }
    }

    @Test func frontMatterIsShownAndOutlinedAndKeptByAnEdit() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        let text = "---\ntitle: Code\nversion: 1\n---\n\n## Scope\n\nAll spaces.\n"
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("a.md", text)]).status == 0)
        let outline = try CLI.conduct(["outline", "--store", store])
        #expect(outline.stdout.contains("v1.0  Code  (CODE_OF_CONDUCT.md"), "\(outline.stdout)")
        #expect(outline.stdout.contains("(front matter) yaml") && outline.stdout.contains("version: 1"), "\(outline.stdout)")
        let show = try CLI.conduct(["show", "--store", store])
        #expect(show.stdout.hasPrefix("---\ntitle: Code\nversion: 1\n---\n\n## Scope {#scope}"), "\(show.stdout)")

        // An editor that changes one word of the body keeps the front matter as it was.
        let script = try directory.write("edit.sh", "#!/bin/sh\nsed -i 's/All spaces/All project spaces/' \"$1\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let proposed = try CLI.conduct(["propose", "--store", store, "--title", "Wider", "--edit"], environment: ["VISUAL": script])
        try #require(proposed.status == 0, "\(proposed.stderr)")
        #expect(proposed.stdout.contains("substantive  changed: scope") && !proposed.stdout.contains("front matter"), "\(proposed.stdout)")
        let id = String(proposed.stdout.split(separator: " ")[1].dropLast())
        let raw = try CLI.conduct(["show", "--store", store, id, "--raw"])
        #expect(raw.stdout == "---\ntitle: Code\nversion: 1\n---\n\n## Scope {#scope}\n\nAll project spaces.\n")

        // The front matter has its own entry in every diff format, and --clause names it.
        let changed = try directory.write("c.md", "---\ntitle: Code\nversion: 2\n---\n\n## Scope\n\nAll spaces.\n")
        let only = try CLI.conduct(["diff", "--files", directory.path("a.md"), changed, "--clause", "(front matter)"])
        #expect(only.status == 0 && only.stdout.contains("[substantive] (front matter)  reworded") && only.stdout.contains("version: [-1-]{+2+}"), "\(only.stdout)\(only.stderr)")
        let summary = try CLI.conduct(["diff", "--files", directory.path("a.md"), changed, "--format", "markdown"])
        #expect(summary.stdout.contains("- Reworded: Front matter (`(front matter)`) — ~~1~~ → **2**"), "\(summary.stdout)")

        // A document without a title is named by its front matter, else its file name.
        let bare = directory.path("bare.git")
        try #require(try CLI.conduct(["init", bare, "--from", try directory.write("b.md", "Be kind.\n")]).status == 0)
        #expect(try CLI.conduct(["outline", "--store", bare]).stdout.hasPrefix("v1.0  CODE_OF_CONDUCT.md  (CODE_OF_CONDUCT.md"))
        let site = directory.path("site")
        try #require(try PublishTests.publish(bare, to: site).status == 0)
        #expect(try String(contentsOfFile: site + "/index.html", encoding: .utf8).contains("<h1>CODE_OF_CONDUCT.md</h1>"))
    }

    @Test func importTakesRevisionsWithoutTitlesAndWithFrontMatter() throws {
        let directory = try TemporaryDirectory()
        let repo = directory.path("repo")
        let git = try CLI.gitRepository(at: repo)
        let versions = [
            "Be nice.\n",
            "**Be nice.**\n\n## Reporting\n\nWrite to us.\n",
            "---\ntitle: Code\n---\n\n**Be nice.**\n\n## Reporting\n\nWrite to the moderators.\n",
            "+++\ntitle = \"Code\"\n+++\n\r\n# Code\r\n\r\n## Reporting\r\n\r\nWrite to the moderators.\r\n",
        ]
        for (index, text) in versions.enumerated() {
            try Data(text.utf8).write(to: URL(fileURLWithPath: repo + "/CODE_OF_CONDUCT.md"))
            try git(["add", "."]); try git(["commit", "-qm", "Revision \(index + 1)"])
        }
        let store = directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", repo, "--path", "CODE_OF_CONDUCT.md", "--store", store])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Imported 4 revisions"), "\(result.stdout)")
        let stored = try CLI.git(["-C", store, "cat-file", "-p", "main:CODE_OF_CONDUCT.md"]).stdout
        #expect(stored == "+++\ntitle = \"Code\"\n+++\n\r\n# Code\r\n\r\n## Reporting {#reporting}\r\n\r\nWrite to the moderators.\r\n")
        #expect(try CLI.git(["-C", store, "fsck", "--strict"]).status == 0)
    }
}

import Foundation
import Testing

/// `conduct publish` end to end on the Corpus store: every page valid HTML (tidy), every
/// internal link resolving (Scripts/check-links), key elements rendered by headless Chromium,
/// the matrix agreeing with `status`, deterministic output, and a target folder never clobbered.
@Suite("Publish end to end")
struct PublishTests {
    static let secretariat = "Code Secretariat <secretariat@example.org>"
    static let hostile = "<script>alert('x')</script> & \"quotes\" \u{1} <b>not bold</b>"

    /// The Corpus store as the demo builds it: v0.1 → v1.0 → v1.1 (editorial, non-material) →
    /// v1.2, the Corpus comments (with a reply, one resolved, and one hostile message), the
    /// Corpus signatories and their attestations, and one open proposal on top.
    static func corpusStore(in directory: TemporaryDirectory) throws -> String {
        let store = directory.path("hiroshima.git")
        func conduct(_ arguments: [String]) throws -> String {
            let result = try CLI.conduct(arguments + ["--store", store])
            try #require(result.status == 0, "conduct \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout
        }
        func proposalID(_ output: String) -> String {
            String(output.split(separator: "\n").first?.split(separator: " ")[1].dropLast() ?? "")
        }
        let initialised = try CLI.conduct(["init", store, "--from", ProposalTests.corpus("v0.1"), "--version", "0.1",
                                           "--date", "2023-09-07", "--message", "Discussion draft on five themes"])
        try #require(initialised.status == 0, "\(initialised.stderr)")
        _ = try conduct(["adopt", "--from", ProposalTests.corpus("v1.0"), "--version", "1.0", "--date", "2023-10-30",
                         "--message", "Adopt the code of conduct with eleven actions"])

        let comments = try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.corpus.appendingPathComponent("comments.json"))) as? [[String: String]] ?? []
        func file(comments on: String, target: String) throws -> [String] {
            try comments.filter { $0["on"] == on }.map { comment in
                var arguments = ["comment", target, "--clause", comment["clause"]!, "--role", comment["role"]!,
                                 "--as", comment["by"]!, "--message", comment["message"]!, "--date", comment["date"]!]
                if let quote = comment["quote"] { arguments += ["--quote", quote] }
                return String(try conduct(arguments).split(separator: " ")[1])
            }
        }
        let onV10 = try file(comments: "v1.0", target: "v1.0")
        _ = try conduct(["reply", onV10[0], "--as", secretariat, "--message", "Noted: twelve months is under discussion."])
        _ = try conduct(["resolve", onV10[3], "--as", secretariat])
        _ = try conduct(["comment", "v1.0", "--clause", "scope", "--as", "Tester <t@example.org>", "--message", hostile])

        let signatories = try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.corpus.appendingPathComponent("signatories.json"))) as? [[String: Any]] ?? []
        func attest(_ revision: String) throws {
            for signatory in signatories {
                let id = signatory["id"] as! String
                let key = directory.path("\(id).key")
                if !FileManager.default.fileExists(atPath: key) {
                    try #require(try CLI.conduct(["keys", "generate", "--out", key]).status == 0)
                    _ = try conduct(["signatory", "add", id, "--name", signatory["name"] as! String, "--kind", signatory["kind"] as! String,
                                     "--key", key + ".pub", "--representative", signatory["representative"] as! String,
                                     "--date", signatory["registered"] as! String, "--as", secretariat])
                }
                for attestation in signatory["attests"] as? [[String: Any]] ?? [] where attestation["revision"] as? String == revision {
                    var arguments = ["attest", id, "--revision", revision, "--key", key, "--date", attestation["date"] as! String]
                    if let clauses = attestation["clauses"] as? [String] { arguments += ["--clauses", clauses.joined(separator: ",")] }
                    if let statement = attestation["statement"] as? String { arguments += ["--statement", statement] }
                    _ = try conduct(arguments)
                }
            }
        }
        try attest("v1.0")
        let editorial = proposalID(try conduct(["propose", "--title", "Editorial clean-up", "--rationale", "Consistent typography",
                                                "--from", ProposalTests.corpus("v1.1"), "--date", "2024-03-01", "--as", secretariat]))
        _ = try conduct(["adopt", editorial, "--non-material", "--date", "2024-03-14"])
        try attest("v1.1")
        let substantive = proposalID(try conduct(["propose", "--title", "Trustworthy use; yearly transparency reports",
                                                  "--rationale", "Align with the OECD reporting framework",
                                                  "--from", ProposalTests.corpus("v1.2"), "--date", "2025-01-20", "--as", secretariat]))
        _ = try file(comments: "proposal:v1.2", target: substantive)
        _ = try conduct(["adopt", substantive, "--date", "2025-02-07"])
        try attest("v1.2")
        // An open proposal: one word of the current text changed.
        let current = try String(contentsOfFile: ProposalTests.corpus("v1.2"), encoding: .utf8)
        let draft = try directory.write("draft.md", current.replacingOccurrences(of: "\n12 months. Each report", with: "\n6 months. Each report"))
        _ = try conduct(["propose", "--title", "Half-yearly reports", "--from", draft, "--date", "2025-04-01", "--as", secretariat])
        return store
    }

    /// What tidy 5.6 (Debian 12) reports wrongly: `aria-current` is WAI-ARIA 1.1 (2017), valid on
    /// any element in HTML, and marks the page a navigation link leads to for screen readers.
    static let tidyAllowlist = ["Warning: <a> proprietary attribute \"aria-current\""]

    /// Every page of `site` is valid HTML5 by tidy: no error and no warning but those of the
    /// allowlist. `what` names the site in a failure.
    static func expectTidy(_ site: String, _ what: String = "") throws {
        let tidy = try tool("tidy")
        for page in htmlFiles(site) {
            let result = try CLI.run(tidy, ["-q", "-e", "--doctype", "html5", "--gnu-emacs", "yes", site + "/" + page])
            let findings = result.stderr.split(separator: "\n").filter { line in !tidyAllowlist.contains { line.hasSuffix($0) } }
            #expect(result.status <= 1 && findings.isEmpty, "tidy on \(what)\(page):\n\(findings.joined(separator: "\n"))")
        }
    }

    static func publish(_ store: String, to out: String, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.conduct(["publish", "--store", store, "--out", out, "--date", "2025-06-01"] + extra)
    }

    static func htmlFiles(_ site: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: site)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".html") { files.append(path) }
        }
        return files.sorted()
    }

    static func tool(_ name: String) throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        Issue.record("\(name) is missing: Scripts/setup installs it (Scripts/test runs it first)")
        throw CancellationError()
    }

    @Test func theCorpusSiteIsValidHTMLWithEveryLinkResolving() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let site = directory.path("site")
        let published = try Self.publish(store, to: site)
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("of 4 revisions into \(site)"), "\(published.stdout)")
        #expect(published.stdout.contains("Open file://\(site)/index.html"), "\(published.stdout)")

        let pages = Self.htmlFiles(site)
        let proposals = pages.filter { $0.hasPrefix("proposals/p") }
        #expect(proposals.count == 3)
        for expected in ["index.html", "attestations.html", "history/index.html", "history/v0.1.html", "history/v1.0.html",
                         "history/v1.1.html", "history/v1.2.html", "clauses/index.html", "clauses/transparency.html",
                         "clauses/trustworthy-use.html", "proposals/index.html"] {
            #expect(pages.contains(expected), "\(expected) is missing from \(pages)")
        }
        // A page per clause of any revision (v0.1's dropped ones too), per revision and per proposal.
        let clauses = pages.filter { $0.hasPrefix("clauses/") && $0 != "clauses/index.html" }
        #expect(clauses.count == 17, "\(clauses)")
        #expect(pages.count == 2 + (1 + 4) + (1 + 17) + (1 + 3), "\(pages)")

        try Self.expectTidy(site)
        // Every internal link and fragment resolves.
        let links = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/check-links").path, site])
        #expect(links.status == 0, "\(links.stdout)\(links.stderr)")
        #expect(links.stdout.contains(" 0 broken"))

        // Text from the store is escaped, never markup: the hostile comment shows as text.
        let scope = try String(contentsOfFile: directory.path("site/clauses/scope.html"), encoding: .utf8)
        #expect(scope.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") || scope.contains("&lt;script&gt;alert('x')&lt;/script&gt;"))
        #expect(!scope.contains("<script") && !scope.contains("<b>not bold"))
        #expect(scope.contains("\u{FFFD}") && !scope.contains("\u{1}"))
        let everything = pages.map { (try? String(contentsOfFile: directory.path("site/\($0)"), encoding: .utf8)) ?? "" }.joined()
        #expect(!everything.contains("<script"))
        #expect(!everything.contains("href=\"/") && !everything.contains("src=\"/"))

        // The print stylesheet is there, and every page uses the one stylesheet.
        let css = try String(contentsOfFile: directory.path("site/style.css"), encoding: .utf8)
        #expect(css.contains("@media print"))
    }

    @Test func publishingIsDeterministicAndReplacesOnlyAPreviousSite() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let first = directory.path("first"), second = directory.path("second")
        try #require(try Self.publish(store, to: first).status == 0)
        try #require(try Self.publish(store, to: second).status == 0)
        let a = snapshot(first), b = snapshot(second)
        #expect(!a.isEmpty && a == b, "two publishes of one store differ")

        // Publishing again over a previous site replaces it whole (a stale page goes away).
        try Data("old".utf8).write(to: URL(fileURLWithPath: first + "/stale.html"))
        let again = try Self.publish(store, to: first + "/")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(snapshot(first) == b)
        var leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // A publish stopped half way leaves its staging folder; the next one clears it.
        let stopped = directory.path(".first.publishing-999999999")
        try FileManager.default.createDirectory(atPath: stopped, withIntermediateDirectories: true)
        try #require(try Self.publish(store, to: first).status == 0)
        leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // A folder holding other files is refused, named, and left as it was; --force replaces it.
        let foreign = directory.path("foreign")
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: foreign + "/notes.txt"))
        let refused = try Self.publish(store, to: foreign)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'\(foreign)'") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(snapshot(foreign) == ["notes.txt": Data("mine".utf8)])
        let forced = try Self.publish(store, to: foreign, ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(snapshot(foreign) == b)

        // Paths that cannot be a site: a file, a missing parent, the store itself, a folder around the store.
        let note = try directory.write("note.txt", "keep")
        for (target, words) in [(note, "it is a file"), (directory.path("missing/site"), "does not exist"),
                                (store, "holds the store"), (directory.url.path, "holds the store")] {
            let result = try Self.publish(store, to: target, ["--force"])
            #expect(result.status == 2, "\(target): \(result.stdout)")
            #expect(result.stderr.contains(words), "\(target): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: note, encoding: .utf8) == "keep")
        #expect(try CLI.conduct(["verify", "--store", store]).status == 0)
        // A bad --date is a user error.
        let date = try CLI.conduct(["publish", "--store", store, "--out", directory.path("dated"), "--date", "someday"])
        #expect(date.status == 2 && !FileManager.default.fileExists(atPath: directory.path("dated")), "\(date.stderr)")
    }

    /// Markdown from the store is rendered without letting anything hostile into the markup:
    /// raw HTML is kept only as far as the allowlist goes (no script, style, frame, object or
    /// form, no event handler, no script URL; unknown elements show as text), only web and mail
    /// links and links to clauses stay links, GitHub's tables, strikethrough, task lists and
    /// footnotes render, and a store with one revision and no signatory publishes a valid site.
    @Test func documentMarkupIsSanitised() throws {
        let directory = try TemporaryDirectory()
        let text = """
            # A code <em>with</em> markup

            <div onclick="steal()" dir="rtl" align="center" style="color: red" class="x">Raw HTML block <b>bold</b></div>

            ## First {#first}

            See [the second clause](#second), [a script](javascript:alert(1)), [a file](notes.md),
            [the web](https://example.org/?a=1&b=2 'Title "quoted"') and ![an image](x.png).
            Inline <script>alert(2)</script> and `<code>` and <span dir="rtl" onmouseover="x()">right to left</span>,
            <a href="javascript:alert(3)">a script link</a>, <a href="JaVa&#115;cript:alert(4)">another</a>,
            <iframe src="https://evil.example/"></iframe> and <custom-tag> and <img src="x.png" onerror="alert(5)" alt="pic">.

            1. One
            2. Two

            | Who | What |
            | :-- | --: |
            | ~~old~~ new | done[^n] |

            - [ ] open task
            - [x] done task

            Twice[^n].

            [^n]: A note with a [link](https://example.org).

            ## Second {#second}

            ```
            <pre> stays text </pre>
            ```

            <style>body { display: none }</style>

            <form action="https://evil.example/"><input name="q"></form>

            </div></span>
            """
        let source = try directory.write("code.md", text)
        let store = directory.path("code.git")
        try #require(try CLI.conduct(["init", store, "--from", source]).status == 0)
        let site = directory.path("site")
        let published = try Self.publish(store, to: site)
        try #require(published.status == 0, "\(published.stderr)")
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        let everything = Self.htmlFiles(site).map { (try? String(contentsOfFile: site + "/" + $0, encoding: .utf8)) ?? "" }.joined()
        for hostile in ["<script", "javascript:", "avacript", "onclick", "onmouseover", "onerror", "<iframe", "<style",
                        "display: none", "<form", "<input name", "style=\"color", "class=\"x\"", "steal()"] {
            #expect(!everything.lowercased().contains(hostile.lowercased()), "\(hostile)")
        }
        // Kept: layout and direction, inline markup; shown as text: what the allowlist does not know.
        #expect(index.contains("<div dir=\"rtl\" class=\"align-center\">Raw HTML block <b>bold</b></div>"), "\(index)")
        #expect(index.contains("<span dir=\"rtl\">right to left</span>"))
        #expect(index.contains("<a>a script link</a>") || index.contains("a script link"))
        #expect(index.contains("&lt;custom-tag&gt;"))
        #expect(index.contains("<span class=\"image\">pic</span>"))
        #expect(index.contains("<a href=\"#second\">the second clause</a>"))
        #expect(index.contains("<a href=\"https://example.org/?a=1&amp;b=2\" title=\"Title &quot;quoted&quot;\">the web</a>"))
        #expect(!index.contains("href=\"notes.md\"") && !index.contains("src=\"x.png"))
        #expect(index.contains("<title>A code &lt;em&gt;with&lt;/em&gt; markup</title>") || index.contains("<title>A code"))
        // GitHub's extensions.
        #expect(index.contains("<th class=\"align-left\" scope=\"col\">Who</th><th class=\"align-right\" scope=\"col\">What</th>"), "\(index)")
        #expect(index.contains("<td class=\"align-left\"><del>old</del> new</td>"))
        #expect(index.contains("<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\"> open task"))
        #expect(index.contains("<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\"> done task"))
        #expect(index.contains("<sup class=\"footnote-ref\"><a href=\"#fn-first-1\" id=\"fnref-first-1\">1</a></sup>"))
        #expect(index.contains("id=\"fnref-first-1-2\""))
        #expect(index.contains("<li id=\"fn-first-1\"><p>A note with a <a href=\"https://example.org\">link</a>.</p>"))
        // The note is listed once, where it is referenced, not where it was written.
        #expect(index.components(separatedBy: "A note with a").count == 2)
        try Self.expectTidy(site)
        let links = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/check-links").path, site])
        #expect(links.status == 0, "\(links.stdout)\(links.stderr)")

        // A revision that puts the second clause first: the redline marks it as moved, in words.
        let parts = text.components(separatedBy: "## ")
        let swapped = try directory.write("swapped.md", parts[0] + "## " + parts[2].trimmingCharacters(in: .newlines) + "\n\n## " + parts[1])
        try #require(try CLI.conduct(["adopt", "--store", store, "--from", swapped, "--version", "1.1"]).status == 0)
        try #require(try Self.publish(store, to: site).status == 0)
        let redline = try String(contentsOfFile: site + "/history/v1.1.html", encoding: .utf8)
        #expect(redline.contains("class=\"change editorial moved\"") || redline.contains("moved\" id="), "\(redline)")
        #expect(redline.contains("⇅ Moved"))
    }

    /// Each matrix cell says what `status --at REVISION` says of that signatory.
    @Test func theMatrixAgreesWithStatusAtEveryRevision() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let site = directory.path("site")
        try #require(try Self.publish(store, to: site).status == 0)
        let page = try String(contentsOfFile: site + "/attestations.html", encoding: .utf8)
        let rows = Self.matrix(page)
        #expect(rows.count == 5)
        for (column, version) in ["v0.1", "v1.0", "v1.1", "v1.2"].enumerated() {
            let status = try CLI.conduct(["status", "--store", store, "--at", version, "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            for row in object?["signatories"] as? [[String: Any]] ?? [] {
                let id = row["id"] as? String ?? ""
                #expect(rows[id]?[column] == row["state"] as? String, "\(id) at \(version)")
            }
        }
        #expect(rows["northwind-ai"] == ["never", "current", "current-editorial", "stale"])
        #expect(rows["lumen-ai"] == ["never", "never", "never", "never"])
    }

    /// The states in the matrix by signatory id, read from the cells' visually hidden words.
    static func matrix(_ page: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        let body = page.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first ?? ""
        for row in body.components(separatedBy: "<tr>").dropFirst() {
            guard let id = row.components(separatedBy: "<span class=\"id\"> ").dropFirst().first?.components(separatedBy: "<").first else { continue }
            rows[id] = row.components(separatedBy: "<span class=\"sr\"> ").dropFirst().compactMap { $0.components(separatedBy: "<").first }
        }
        return rows
    }

    @Test func chromiumRendersTheTextARedlineAndTheMatrix() throws {
        let chromium = try Self.tool("chromium")
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let site = directory.path("site")
        try #require(try Self.publish(store, to: site).status == 0)
        let shots = ProcessInfo.processInfo.environment["CONDUCT_SCREENSHOTS"].map { $0 } ?? directory.path("shots")
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        func browse(_ page: String, screenshot: String) throws -> String {
            let url = "file://" + site + "/" + page
            let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                          "--user-data-dir=" + directory.path("chromium-profile"), "--hide-scrollbars"]
            let shot = try CLI.run(chromium, common + ["--screenshot=" + shots + "/" + screenshot, "--window-size=1280,1600", url])
            #expect(FileManager.default.fileExists(atPath: shots + "/" + screenshot), "no screenshot of \(page): \(shot.stderr)")
            let dom = try CLI.run(chromium, common + ["--dump-dom", url])
            #expect(dom.status == 0, "\(dom.stderr)")
            return dom.stdout
        }
        let index = try browse("index.html", screenshot: "index.png")
        for id in ["scope", "lifecycle-risks", "transparency", "trustworthy-use"] {
            #expect(index.contains("<section class=\"clause\" id=\"\(id)\">"), "no anchor for \(id)")
            #expect(index.contains("href=\"#\(id)\""))
            #expect(index.contains("href=\"clauses/\(id).html\""))
        }
        #expect(index.contains("<main id=\"Main\">") && index.contains("<nav aria-label=\"Site\">"))

        let redline = try browse("history/v1.2.html", screenshot: "redline-v1.2.png")
        #expect(redline.contains("<ins class=\"substantive\">"), "no insertion marked")
        #expect(redline.contains("<del class=\"substantive\">"), "no deletion marked")
        #expect(redline.contains("id=\"transparency\"") && redline.contains("id=\"trustworthy-use\""))
        let editorial = try browse("history/v1.1.html", screenshot: "redline-v1.1.png")
        #expect(editorial.contains("class=\"editorial\""), "v1.1's changes are editorial")
        #expect(editorial.contains("⇅ Moved") || editorial.contains("renumbered"))

        let matrix = try browse("attestations.html", screenshot: "attestations.png")
        let rows = Self.matrix(matrix)
        #expect(rows.count == 5 && rows.values.allSatisfy { $0.count == 4 }, "\(rows)")
        let body = matrix.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first ?? ""
        #expect(body.components(separatedBy: "<td ").count - 1 == 5 * 4, "one cell per signatory and revision")
        #expect(matrix.contains("<th scope=\"col\">") && matrix.contains("<th scope=\"row\">"))
        #expect(matrix.contains("class=\"legend\""))
        let history = try browse("history/index.html", screenshot: "history.png")
        #expect(history.contains("<svg") && history.contains("role=\"img\""))
    }
}

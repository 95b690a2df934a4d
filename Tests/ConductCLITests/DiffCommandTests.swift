import Foundation
import Testing

/// `conduct diff` run as a user runs it, on the Corpus store and on plain files.
@Suite("Diff command end to end")
struct DiffCommandTests {
    static func corpusFile(_ version: String) -> String { CLI.corpus.appendingPathComponent("\(version).md").path }

    @Test func theRedlineMarksExactlyTheChangedWords() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreCommandTests.corpusStore(in: directory)
        let result = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("v1.1 → v1.2: 2 clauses changed (2 substantive, 0 editorial)"))
        #expect(result.stdout.contains("published with every significant new release and [-kept up to date-]{+in any case at least once every 12 months. Each report should state when the next one is due+}."))
        #expect(result.stdout.contains("[substantive] 12. Promote the trustworthy and responsible use of advanced AI {#trustworthy-use}  added"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when not on a terminal")
        // With no revision: main against the revision before it. With one: that revision against main.
        #expect(try CLI.conduct(["diff", "--store", store]).stdout == result.stdout)
        #expect(try CLI.conduct(["diff", "--store", store, "1.1"]).stdout == result.stdout)
    }

    @Test func editorialRevisionsAreLabelledAndCanBeLeftOut() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreCommandTests.corpusStore(in: directory)
        let all = try CLI.conduct(["diff", "--store", store, "v1.0", "v1.1"])
        #expect(all.stdout.contains("(0 substantive, 15 editorial)"))
        #expect(all.stdout.contains("[editorial] 1.1 Red-teaming {#red-teaming}  renumbered – → 1.1, reformatted"))
        #expect(all.stdout.contains("[-\"-]{+“+}red-teaming"))
        let substantive = try CLI.conduct(["diff", "--store", store, "v1.0", "v1.1", "--substantive-only"])
        #expect(substantive.stdout == "v1.0 → v1.1: 0 clauses changed (0 substantive, 0 editorial)\n")
    }

    @Test func jsonIsValidAndByteIdenticalOnEveryRun() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreCommandTests.corpusStore(in: directory)
        for (old, new) in [("v0.1", "v1.0"), ("v1.0", "v1.1"), ("v1.1", "v1.2"), ("v1.2", "v0.1")] {
            let first = try CLI.conduct(["diff", "--store", store, old, new, "--format", "json"])
            #expect(first.status == 0)
            let validation = try CLI.validate(first.stdout, schema: "diff")
            #expect(validation.status == 0, "\(old)→\(new): \(validation.stderr)")
            let second = try CLI.conduct(["diff", "--store", store, old, new, "--format", "json"])
            #expect(first.stdoutBytes == second.stdoutBytes)
        }
        let json = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2", "--format", "json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["significance"] as? String == "substantive")
        let clauses = try #require(object["clauses"] as? [[String: Any]])
        #expect(clauses.map { $0["status"] as? String } == ["matched", "added"])
        #expect(clauses.first?["changes"] as? [String] == ["reworded"])
    }

    @Test func statMarkdownAndOneClause() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreCommandTests.corpusStore(in: directory)
        let stat = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2", "--stat"])
        let lines = stat.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("transparency ") && lines[0].contains("reworded") && lines[0].hasSuffix("+19 -4"))
        #expect(lines[1].hasPrefix("trustworthy-use ") && lines[1].contains("added") && lines[1].contains("substantive"))
        #expect(lines[2].hasPrefix("2 clauses changed"))

        let markdown = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("### Changes from v1.1 to v1.2\n"))
        #expect(markdown.stdout.contains("- Added: 12. Promote the trustworthy and responsible use of advanced AI (`trustworthy-use`)"))
        #expect(markdown.stdout.contains("- Reworded: 3. Publish transparency reports on capabilities and limitations (`transparency`) — ~~kept up to date~~"))

        let one = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2", "--clause", "trustworthy-use"])
        #expect(one.stdout.contains("1 clause changed") && !one.stdout.contains("{#transparency}"))
        let unchanged = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2", "--clause", "scope"])
        #expect(unchanged.status == 0 && unchanged.stdout.contains("0 clauses changed"))
        let unknown = try CLI.conduct(["diff", "--store", store, "v1.1", "v1.2", "--clause", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no clause 'nope' in v1.1 or v1.2"))
    }

    @Test func filesNeedNoStore() throws {
        let directory = try TemporaryDirectory()
        let result = try CLI.conduct(["diff", "--files", Self.corpusFile("v1.1"), Self.corpusFile("v1.2"), "--stat"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("transparency") && result.stdout.contains("trustworthy-use"))
        let oneFile = try CLI.conduct(["diff", "--files", Self.corpusFile("v1.1")], in: directory.url)
        #expect(oneFile.status == 64 && oneFile.stderr.contains("--files takes two files"))
    }

    @Test func renumberedMovedAndStrippedIDsStillMatch() throws {
        let directory = try TemporaryDirectory()
        let old = try directory.write("old.md", "# Code\n\n## 1. Scope {#scope}\n\nEveryone who signs.\n\n## 2. Reports {#reports}\n\nPublish a report every year on what was done.\n\n## 3. Data {#data}\n\nProtect personal data.\n")
        let new = try directory.write("new.md", "# Code\n\n## 1. Data\n\nProtect personal data.\n\n## 2. Scope\n\nEveryone who signs.\n\n## 3. Reports\n\nPublish a report every year on what was done and why.\n")
        let result = try CLI.conduct(["diff", "--files", old, new, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["added"] == 0 && summary["removed"] == 0)
        #expect(summary["moved"] == 1)
        #expect(summary["renumbered"] == 3)
        let clauses = try #require(object["clauses"] as? [[String: Any]])
        let reports = try #require(clauses.first { ($0["old"] as? [String: Any])?["id"] as? String == "reports" })
        #expect(reports["changes"] as? [String] == ["renumbered", "reworded"] || reports["changes"] as? [String] == ["moved", "renumbered", "reworded"])
    }

    @Test func badInputIsBoundedWithAClearMessage() throws {
        let directory = try TemporaryDirectory()
        let binary = try directory.write("binary.md", bytes: [0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a])
        let text = try directory.write("text.md", "# Code\n\n## A {#a}\n\nWords.\n")
        let refused = try CLI.conduct(["diff", "--files", binary, text])
        #expect(refused.status == 2 && refused.stderr.contains("'\(binary)' cannot be kept as a code of conduct: it is a binary file"))

        // Lists nested 200 deep: parsed, compared, one word found.
        let nested = (0..<200).map { String(repeating: "  ", count: $0) + "- level \($0)" }.joined(separator: "\n")
        let deepOld = try directory.write("deep-old.md", "# Code\n\n## A {#a}\n\n\(nested)\n")
        let deepNew = try directory.write("deep-new.md", "# Code\n\n## A {#a}\n\n\(nested.replacingOccurrences(of: "level 150", with: "level one-fifty"))\n")
        let deep = try CLI.conduct(["diff", "--files", deepOld, deepNew, "--stat"])
        #expect(deep.status == 0, "\(deep.stderr)")
        #expect(deep.stdout.contains("1 clause changed"))
    }

    @Test func aTenMegabyteParagraphAndFiftyThousandClausesAreBounded() throws {
        let directory = try TemporaryDirectory()
        let words = ["organisations", "should", "assess", "risks", "before", "deployment", "and", "publish", "reports"]
        var paragraph = ""
        paragraph.reserveCapacity(10_500_000)
        var index = 0
        while paragraph.utf8.count < 10_000_000 { paragraph += words[index % words.count] + " "; index += 7 }
        let bigOld = try directory.write("big-old.md", "# Code\n\n## A {#a}\n\n\(paragraph)\n")
        let middle = paragraph.index(paragraph.startIndex, offsetBy: 5_000_000)
        let cut = paragraph[middle...].firstIndex(of: " ") ?? middle
        let bigNew = try directory.write("big-new.md", "# Code\n\n## A {#a}\n\n\(paragraph[..<cut]) inserted here\(paragraph[cut...])\n")
        // Bounded in processor time, which other tests and builds on the machine do not stretch.
        let (big, bigCPU) = try CLI.conductTimed(["diff", "--files", bigOld, bigNew, "--stat"])
        #expect(big.status == 0, "\(big.stderr)")
        #expect(big.stdout.contains("+2 -0"), "\(big.stdout)")
        #expect(bigCPU < 60, "\(bigCPU) s of processor time")

        let many = (0..<50_000).map { "## \($0). Clause \($0) {#c\($0)}\n\nText of clause \($0)." }
        let manyOld = try directory.write("many-old.md", "# Code\n\n" + many.joined(separator: "\n\n") + "\n")
        var changed = many
        changed[25_000] = "## 25000. Clause 25000 {#c25000}\n\nChanged text of clause 25000."
        let manyNew = try directory.write("many-new.md", "# Code\n\n" + changed.joined(separator: "\n\n") + "\n")
        let (result, manyCPU) = try CLI.conductTimed(["diff", "--files", manyOld, manyNew, "--stat"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("c25000 "))
        #expect(result.stdout.contains("1 clause changed"))
        #expect(manyCPU < 60, "\(manyCPU) s of processor time")
    }
}

import PropertyBased
import Testing
@testable import ConductKit

/// The one redline model, and its terminal and HTML renderers, as a reader relies on them.
@Suite("Redline")
struct RedlineTests {
    static func redline(_ old: String, _ new: String) throws -> Redline {
        let diff = Differ().diff(try Document.parse(text: old), try Document.parse(text: new))
        return Redline(old: "v1.0", new: "v1.1", clauses: diff.filtered())
    }

    static func clause(_ body: String) -> String { "# Code\n\n## 1. Reports {#reports}\n\n\(body)\n" }

    @Test func everyChangedBlockShowsBothTextsWhole() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            var g1 = DocumentGenerator(seed: s1), g2 = DocumentGenerator(seed: s2)
            guard let redline = try? Self.redline(g1.document(), g2.document()) else { return }
            for clause in redline.clauses {
                for (block, diff) in zip(clause.blocks, clause.diff.blocks) {
                    // Unchanged and deleted runs read as the old text; unchanged and inserted ones as the new.
                    let old = block.marks.filter { $0.operation != .insert }.map(\.text).joined()
                    let new = block.marks.filter { $0.operation != .delete }.map(\.text).joined()
                    if diff.operation != .inserted, diff.operation != .equal { #expect(old == diff.old ?? "", "seed \(s1) \(s2)") }
                    if diff.operation != .deleted { #expect(new == diff.new ?? "", "seed \(s1) \(s2)") }
                }
            }
        }
    }

    @Test func aChangedWordIsMarkedTheSameInTheTerminalAndOnTheSite() throws {
        let redline = try Self.redline(Self.clause("Reports are due within 30 days."), Self.clause("Reports are due within 14 days."))
        let clause = try #require(redline.clauses.first)
        #expect(clause.significance == .substantive)
        let text = RedlineText(style: .init(color: false)).render(redline)
        #expect(text.contains("[substantive] 1. Reports {#reports}  reworded"))
        #expect(text.contains("    Reports are due within [-30 -]{+14 +}days."))
        var html = HTML(capacity: 256)
        RedlineHTML.body(clause, into: &html)
        #expect(html.output.contains("Reports are due within <del class=\"substantive\">30 </del><ins class=\"substantive\">14 </ins>days."))
    }

    @Test func anInvisibleCharacterIsAnEditorialMarkNamedInTheTerminal() throws {
        let redline = try Self.redline(Self.clause("Report to the team."), Self.clause("Report to \u{200F}the team."))
        let clause = try #require(redline.clauses.first)
        let marked = clause.blocks.flatMap(\.marks).filter { $0.operation != .equal }
        #expect(!marked.isEmpty)
        #expect(marked.allSatisfy { $0.invisible && $0.editorial })
        #expect(RedlineText(style: .init(color: false)).render(redline).contains("<U+200F>"))
        // Quoted as it stands (the since: lines of `comments`), the character itself is kept.
        let plain = clause.blocks.map { RedlineText(style: .plain).marks($0.marks) }.joined()
        #expect(!plain.contains("<U+200F>") && plain.contains("\u{200F}"))
        var html = HTML(capacity: 256)
        RedlineHTML.body(clause, into: &html)
        #expect(!html.output.contains("class=\"substantive\""))
    }

    @Test func aLongUnchangedRunIsShortenedOnlyInTheAbridgedStyle() throws {
        let long = String(repeating: "The team reviews every report in full. ", count: 12)
        let redline = try Self.redline(Self.clause(long + "Reports are due in 30 days."), Self.clause(long + "Reports are due in 14 days."))
        let clause = try #require(redline.clauses.first)
        let abridged = clause.blocks.map { RedlineText(style: .init(color: false)).marks($0.marks) }.joined()
        let plain = clause.blocks.map { RedlineText(style: .plain).marks($0.marks) }.joined()
        #expect(abridged.hasPrefix("…") && abridged.count < plain.count)
        #expect(plain.hasPrefix(long))
        #expect(plain.hasSuffix("[-30 -]{+14 +}days."))
    }
}

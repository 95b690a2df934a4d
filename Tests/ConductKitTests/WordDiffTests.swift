import PropertyBased
import Testing
@testable import ConductKit

@Suite("Word diff")
struct WordDiffTests {
    static let vocabulary = ["the", "a", "risk", "report", "must", "should", ",", ".", "AI", "don't", "3.5",
                             "👩‍💻", "数", "据", "é", "e\u{301}", "🇯🇵", "—", "(x)", "  ", "\n"]

    static func text(_ seed: UInt64, words: ClosedRange<Int>) -> String {
        var generator = DocumentGenerator(seed: seed)
        return (0..<generator.count(words)).map { _ in generator.pick(vocabulary) }.joined(separator: " ")
    }

    /// Length of the longest common subsequence of two token lists: the oracle for minimality.
    static func lcs(_ a: [Substring], _ b: [Substring]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for (j, y) in b.enumerated() {
                let above = row[j + 1]
                row[j + 1] = x == y ? diagonal + 1 : max(row[j + 1], row[j])
                diagonal = above
            }
        }
        return row[b.count]
    }

    @Test func bothTextsAreRebuiltFromTheEdits() async {
        await propertyCheck(count: 500, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            let old = Self.text(s1, words: 0...40), new = Self.text(s2, words: 0...40)
            for cleanup in [false, true] {
                guard let edits = WordDiff.diff(old, new, cleanup: cleanup) else {
                    Issue.record("no diff below the cap")
                    return
                }
                #expect(edits.filter { $0.operation != .insert }.map(\.text).joined() == old)
                #expect(edits.filter { $0.operation != .delete }.map(\.text).joined() == new)
            }
        }
    }

    @Test func theScriptIsMinimal() async {
        await propertyCheck(count: 500, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            let old = Self.text(s1, words: 0...30), new = Self.text(s2, words: 0...30)
            let edits = WordDiff.diff(old, new, cleanup: false) ?? []
            let equalTokens = edits.filter { $0.operation == .equal }.map { WordDiff.tokenize($0.text).count }.reduce(0, +)
            #expect(equalTokens == Self.lcs(WordDiff.tokenize(old), WordDiff.tokenize(new)), "\(old) → \(new)")
        }
    }

    @Test func aTextAgainstItselfIsOneEquality() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let text = Self.text(seed, words: 1...60)
            #expect(WordDiff.diff(text, text) == [WordEdit(.equal, text)])
        }
    }

    @Test func insertionsOneWayAreDeletionsTheOther() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            let old = Self.text(s1, words: 0...30), new = Self.text(s2, words: 0...30)
            let forward = WordDiff.diff(old, new, cleanup: false) ?? []
            let backward = WordDiff.diff(new, old, cleanup: false) ?? []
            let inserted = forward.filter { $0.operation == .insert }.map { WordDiff.tokenize($0.text).count }.reduce(0, +)
            let deleted = backward.filter { $0.operation == .delete }.map { WordDiff.tokenize($0.text).count }.reduce(0, +)
            #expect(inserted == deleted)
        }
    }

    @Test func graphemeClustersAreNeverSplit() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            let old = Self.text(s1, words: 0...30), new = Self.text(s2, words: 0...30)
            for edit in WordDiff.diff(old, new) ?? [] {
                // Each run is whole graphemes of its side: its first scalar never continues a cluster.
                #expect(edit.text.unicodeScalars.first.map { !$0.properties.isGraphemeExtend && $0 != "\u{200D}" } ?? true)
            }
        }
    }

    @Test func wordsArePunctuationAndWhitespaceAware() {
        #expect(WordDiff.tokenize("Publish reports, at least yearly.") == ["Publish ", "reports", ", ", "at ", "least ", "yearly", "."])
        #expect(WordDiff.tokenize("don't well-known 3.5 1,000") == ["don't ", "well-known ", "3.5 ", "1,000"])
        #expect(WordDiff.tokenize("数据 👩‍💻!") == ["数", "据 ", "👩‍💻", "!"])
        let edits = WordDiff.diff("Publish reports every year.", "Publish reports at least every 12 months.")
        #expect(edits == [WordEdit(.equal, "Publish reports "), WordEdit(.delete, "every year"),
                          WordEdit(.insert, "at least every 12 months"), WordEdit(.equal, ".")])
    }

    @Test func theCostCapBoundsTheWork() {
        let old = (0..<3000).map { "w\($0)" }.joined(separator: " ")
        let new = (0..<3000).map { "v\($0)" }.joined(separator: " ")
        #expect(WordDiff.diff(old, new, costCap: 100) == nil)
        #expect(WordDiff.diff(old, new, costCap: 10_000) != nil)
    }

    /// ASCII text is cut by bytes, every other text by characters: the two must cut ASCII alike,
    /// CR LF (one character, two bytes) included.
    @Test func asciiIsCutByBytesExactlyAsByCharacters() {
        let pieces = ["the", "risk", "don't", "well-known", "3.5", "1,000", "a.b", "x,", "'", "-", ".", ",", "_id", "(x)",
                      " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{1F}", "#", "**", "9", "A"]
        var generator = DocumentGenerator(seed: 20_261_204)
        for _ in 0..<3_000 {
            let text = (0..<generator.count(0...14)).map { _ in generator.pick(pieces) }.joined()
            let bytes = WordDiff.cutASCII(text).map { $0.map(String.init) }
            #expect(bytes == WordDiff.cutCharacters(text).map(String.init), "\(text.debugDescription)")
        }
        #expect(WordDiff.cutASCII("café") == nil)
    }
}

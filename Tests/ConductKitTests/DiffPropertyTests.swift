import Foundation
import PropertyBased
import Testing
@testable import ConductKit

/// Invariants of the structured diff over generated documents.
@Suite("Diff properties")
struct DiffPropertyTests {
    /// A flat document: `count` numbered clauses, each a paragraph and sometimes a list.
    static func document(_ generator: inout DocumentGenerator, count: Int) -> (header: String, clauses: [String]) {
        let clauses = (0..<count).map { index -> String in
            var text = "## \(index + 1). \(generator.letterWord().capitalized) \(index) {#c\(index)}\n\n\(generator.paragraph())"
            if generator.chance(30) { text += "\n\n" + generator.list(depth: 0) }
            return text
        }
        return ("# Code\n\nPreamble text.", clauses)
    }

    static func text(_ header: String, _ clauses: [String]) -> String {
        ([header] + clauses).joined(separator: "\n\n") + "\n"
    }

    static func parse(_ text: String) throws -> Document { try Document.parse(text: text) }

    @Test func aDocumentAgainstItselfHasNoChange() async throws {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            guard let document = try? Document.parse(text: generator.document()) else { return }
            let diff = Differ().diff(document, document)
            #expect(diff.changed.isEmpty)
            #expect(diff.significance == .none)
        }
    }

    @Test func bothSidesAreRebuiltAtClauseAndBlockLevel() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            var g1 = DocumentGenerator(seed: s1), g2 = DocumentGenerator(seed: s2)
            guard let a = try? Document.parse(text: g1.document()), let b = try? Document.parse(text: g2.document()) else { return }
            let diff = Differ().diff(a, b)
            // Clause level: every old and every new clause appears exactly once.
            let oldIndices = diff.clauses.compactMap { $0.old?.index }.filter { $0 >= 0 }
            let newIndices = diff.clauses.compactMap { $0.new?.index }.filter { $0 >= 0 }
            let unchangedOld = diff.clauses.filter { $0.status == .unchanged }.count
            #expect(Set(newIndices) == Set(b.clauses.indices), "seed \(s1) \(s2)")
            #expect(newIndices.count == b.clauses.count)
            // Old clauses: every one is listed, except those whose text went into a merge or split part.
            let mergedOld = Set(diff.clauses.filter { $0.status == .merged }.flatMap(\.related))
            let covered = Set(oldIndices).union(a.clauses.indices.filter { mergedOld.contains(a.clauses[$0].id ?? "") })
            #expect(covered == Set(a.clauses.indices), "seed \(s1) \(s2)")
            _ = unchangedOld
            // Block level: for every matched clause, its blocks are rebuilt from the block diff.
            for entry in diff.clauses where entry.status == .matched {
                guard let o = entry.old?.index, let n = entry.new?.index, o >= 0 else { continue }
                let oldTexts = entry.blocks.filter { $0.operation != .inserted }.compactMap(\.old)
                let newTexts = entry.blocks.filter { $0.operation != .deleted }.compactMap(\.new)
                #expect(oldTexts == a.clauses[o].segments.map(\.text))
                #expect(newTexts == b.clauses[n].segments.map(\.text))
                for block in entry.blocks where block.operation == .changed {
                    let words = block.words ?? []
                    #expect(words.filter { $0.operation != .insert }.map(\.text).joined() == block.old)
                    #expect(words.filter { $0.operation != .delete }.map(\.text).joined() == block.new)
                }
            }
        }
    }

    @Test func additionsOneWayAreRemovalsTheOther() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            var g1 = DocumentGenerator(seed: s1), g2 = DocumentGenerator(seed: s2)
            guard let a = try? Document.parse(text: g1.document()), let b = try? Document.parse(text: g2.document()) else { return }
            let forward = Differ().diff(a, b), backward = Differ().diff(b, a)
            #expect(forward.summary.added == backward.summary.removed, "seed \(s1) \(s2)")
            #expect(forward.summary.removed == backward.summary.added, "seed \(s1) \(s2)")
        }
    }

    @Test func jsonIsByteIdenticalOnRepeatedRuns() async {
        await propertyCheck(count: 50, input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { s1, s2 in
            var g1 = DocumentGenerator(seed: s1), g2 = DocumentGenerator(seed: s2)
            let t1 = g1.document(), t2 = g2.document()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let runs = (0..<2).map { _ -> Data? in
                guard let a = try? Document.parse(text: t1), let b = try? Document.parse(text: t2) else { return nil }
                return try? encoder.encode(Differ().diff(a, b))
            }
            #expect(runs[0] != nil && runs[0] == runs[1])
        }
    }

    @Test func renumberingEveryClauseIsOnlyEditorialRenumbering() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let (header, clauses) = Self.document(&generator, count: generator.count(2...12))
            let renumbered = clauses.enumerated().map { index, clause in
                clause.replacingFirst("## \(index + 1). ", with: "## \(index + 11). ")
            }
            guard let a = try? Self.parse(Self.text(header, clauses)), let b = try? Self.parse(Self.text(header, renumbered)) else {
                Issue.record("does not parse")
                return
            }
            let diff = Differ().diff(a, b)
            #expect(diff.changed.count == clauses.count)
            #expect(diff.changed.allSatisfy { $0.changes == [.renumbered] && $0.significance == .editorial })
        }
    }

    @Test func permutingClausesYieldsExactlyNMinusLCSMoves() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let count = generator.count(2...14)
            let (header, clauses) = Self.document(&generator, count: count)
            var order = Array(0..<count)
            order.shuffle(using: &generator.random)
            guard let a = try? Self.parse(Self.text(header, clauses)),
                  let b = try? Self.parse(Self.text(header, order.map { clauses[$0] })) else {
                Issue.record("does not parse")
                return
            }
            let diff = Differ().diff(a, b)
            // Longest increasing subsequence of the permutation, by patience sorting.
            var piles: [Int] = []
            for value in order {
                var low = 0, high = piles.count
                while low < high { let mid = (low + high) / 2; if piles[mid] < value { low = mid + 1 } else { high = mid } }
                if low == piles.count { piles.append(value) } else { piles[low] = value }
            }
            #expect(diff.summary.moved == count - piles.count, "seed \(seed) order \(order)")
            #expect(diff.changed.allSatisfy { $0.changes == [.moved] && $0.significance == .editorial })
            #expect(diff.changed.flatMap(\.blocks).allSatisfy { $0.operation == .equal })
        }
    }

    @Test func reflowingIsOnlyEditorial() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let text = generator.document()
            let reflowed = DocumentPropertyTests.editorialVariant(of: text, random: &generator.random)
            guard let a = try? Document.parse(text: text), let b = try? Document.parse(text: reflowed) else { return }
            let diff = Differ().diff(a, b)
            #expect(diff.significance != .substantive, "seed \(seed)")
            #expect(diff.changed.allSatisfy { $0.status == .matched })
        }
    }

    @Test func strippedIDsStillMatchTheirClauses() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let (header, clauses) = Self.document(&generator, count: generator.count(2...12))
            let stripped = clauses.map { clause -> String in
                guard let range = clause.range(of: " {#") , let end = clause[range.upperBound...].firstIndex(of: "}") else { return clause }
                return String(clause[..<range.lowerBound]) + clause[clause.index(after: end)...]
            }
            guard let a = try? Self.parse(Self.text(header, clauses)), let b = try? Self.parse(Self.text(header, stripped)) else { return }
            let diff = Differ().diff(a, b)
            #expect(diff.summary.added == 0 && diff.summary.removed == 0, "seed \(seed)")
            #expect(diff.significance != .substantive)
        }
    }

    @Test func syntheticSplitsAndMergesAreFound() async {
        await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let count = generator.count(3...8)
            let (header, clauses) = Self.document(&generator, count: count)
            // A clause with two long paragraphs, split into two clauses (ids kept on the first part).
            let first = (0..<4).map { _ in generator.sentence() }.joined(separator: " ")
            let second = (0..<4).map { _ in generator.sentence() }.joined(separator: " ")
            let whole = "## \(count + 1). Whole {#whole}\n\n\(first)\n\n\(second)"
            let parts = ["## \(count + 1). First part {#whole}\n\n\(first)", "## \(count + 2). Second part {#second-part}\n\n\(second)"]
            guard let joined = try? Self.parse(Self.text(header, clauses + [whole])),
                  let split = try? Self.parse(Self.text(header, clauses + parts)) else { return }
            let splitDiff = Differ().diff(joined, split)
            let entry = splitDiff.changed.first { $0.status == .split && $0.old?.id == "whole" }
            #expect(entry?.related == ["whole", "second-part"], "seed \(seed)")
            // And the mirror: the two parts merged back into one clause.
            let mergeDiff = Differ().diff(split, joined)
            let merged = mergeDiff.changed.first { $0.status == .merged }
            #expect(merged?.related == ["whole", "second-part"], "seed \(seed)")
        }
    }
    /// Texts past `Store.parallelParseSize` are parsed on two cores, each side with its own memo:
    /// the diff must be the one the texts give when parsed in turn, and a side that does not
    /// parse must still be named.
    @Test func largeTextsParsedOnBothCoresDiffAsWhenParsedInTurn() throws {
        var generator = DocumentGenerator(seed: 18)
        let (header, clauses) = Self.document(&generator, count: 1_200)
        var edited = clauses
        for index in stride(from: 3, to: edited.count, by: 17) { edited[index] += " Reworded \(index)." }
        edited.swapAt(10, 900)
        let old = Array(Self.text(header, clauses).utf8), new = Array(Self.text(header, edited).utf8)
        #expect(old.count + new.count >= Store.parallelParseSize)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let inTurn = Differ().diff(try Document.parse(text: String(decoding: old, as: UTF8.self)),
                                   try Document.parse(text: String(decoding: new, as: UTF8.self)))
        let together = try Store.compare(old: old, oldSource: "old.md", new: new, newSource: "new.md")
        #expect(together.diff.summary.moved > 0 && together.diff.changed.count > 60)
        #expect(try encoder.encode(together.diff) == encoder.encode(inTurn))

        for broken in 0..<2 {
            let sides = broken == 0 ? (old + [0xFF], new) : (old, new + [0xFF])
            do {
                _ = try Store.compare(old: sides.0, oldSource: "old.md", new: sides.1, newSource: "new.md")
                Issue.record("a text that is not UTF-8 was compared")
            } catch {
                guard case .badDocument(let source, _) = error else { Issue.record("\(error)"); continue }
                #expect(source == (broken == 0 ? "old.md" : "new.md"))
            }
        }
    }
}

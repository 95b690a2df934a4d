import PropertyBased
import Testing
@testable import ConductKit

/// Invariants of parsing, canonical rendering and fingerprints over generated documents.
@Suite("Document properties")
struct DocumentPropertyTests {
    @Test func canonicalRenderingIsAFixedPoint() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let text = generator.document()
            guard let document = try? Document.parse(text: text) else {
                Issue.record("generated document does not parse (seed \(seed)):\n\(text)")
                return
            }
            let once = document.canonicalText
            let again = try? Document.parse(text: once)
            #expect(again?.canonicalText == once, "seed \(seed):\n\(text)\n---\n\(once)")
            // The canonical spelling is an editorial change of the original.
            #expect(again?.clauses.map(\.fingerprint) == document.clauses.map(\.fingerprint), "seed \(seed)")
            #expect(again?.preambleFingerprint == document.preambleFingerprint, "seed \(seed)")
        }
    }

    @Test func editorialTransformsKeepEveryFingerprint() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let text = generator.document()
            let edited = Self.editorialVariant(of: text, random: &generator.random)
            guard let original = try? Document.parse(text: text), let variant = try? Document.parse(text: edited) else {
                Issue.record("generated document does not parse (seed \(seed))")
                return
            }
            #expect(variant.clauses.map(\.fingerprint) == original.clauses.map(\.fingerprint), "seed \(seed):\n\(text)\n---\n\(edited)")
            #expect(variant.preambleFingerprint == original.preambleFingerprint, "seed \(seed)")
        }
    }

    @Test func aWordEditChangesExactlyThatClause() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let text = generator.document()
            guard let original = try? Document.parse(text: text) else { return }
            // Edit the first body line of one clause: insert a new word after its first word.
            let target = Int(seed % UInt64(original.clauses.count))
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = original.clauses[target].lines.lowerBound
            guard let line = (start..<original.clauses[target].lines.upperBound).first(where: { lines[$0].contains(" ") }) else {
                // A clause with no body: edit its heading instead.
                lines[start - 1] = lines[start - 1].replacingFirst(" {#", with: " amended {#")
                Self.expectOnlyChanged(target, original, lines.joined(separator: "\n"), seed)
                return
            }
            lines[line] = lines[line].replacingFirst(" ", with: " additionally ")
            Self.expectOnlyChanged(target, original, lines.joined(separator: "\n"), seed)
        }
    }

    /// Reading revisions through one memo (as `comments` does) gives exactly the documents a
    /// fresh parse gives, whatever the memo saw before.
    @Test func parsingThroughAMemoGivesTheSameDocument() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let text = generator.document()
            let variant = Self.editorialVariant(of: text, random: &generator.random)
            // The second text shares some clause texts with the first, but at other lines.
            let shifted = text.replacingFirst("\n\n", with: "\n\nAn added opening line.\n\n")
            let memo = DigestMemo()
            for candidate in [text, variant, shifted, text] {
                guard let fresh = try? Document.parse(text: candidate) else { continue }
                let memoised = try? Document.parse(text: candidate, memo: memo)
                #expect(memoised?.clauses == fresh.clauses, "seed \(seed):\n\(candidate)")
                #expect(memoised?.canonicalText == fresh.canonicalText, "seed \(seed)")
            }
        }
    }

    /// cmark-gfm's HTML of a clause body, folded as fingerprints fold text: white space, quote
    /// and dash forms, case, and the ordinal an ordered list starts at.
    static func foldedHTML(_ clause: Clause) -> String {
        var html = SpecFaithfulnessTests.normalised(MarkdownParser.html(String(Clause.bodyText(ofRaw: clause.rawText))))
        // A tight or loose list shows the same items (with more or less space between them).
        html = html.replacingEvery("&quot;", with: "\"").replacingEvery("<li><p>", with: "<li>").replacingEvery("</p></li>", with: "</li>")
            .replacingEvery("</p><ul>", with: "<ul>").replacingEvery("</p><ol", with: "<ol")
            .replacingEvery("disabled=\"\" /><p>", with: "disabled=\"\" /> ")
            .replacingEvery("<pre><code> ", with: "<pre><code>").replacingEvery(" </code></pre>", with: "</code></pre>")
        while let start = html.range(of: "<ol start=\"") {
            guard let end = html[start.upperBound...].firstIndex(of: ">") else { break }
            html.replaceSubrange(start.lowerBound..<end, with: "<ol")
        }
        return Fingerprint.fold(html)
    }

    /// Two documents whose clauses have equal fingerprints render those clauses alike: an
    /// editorial change (reflow, quotes, dashes, case, markers, emphasis spelling, table padding,
    /// task box case) never changes what GitHub shows; and a random one-character edit that
    /// leaves a fingerprint alone leaves the HTML alone too.
    @Test func equalFingerprintsRenderAlike() async {
        await propertyCheck(count: 200, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var generator = DocumentGenerator(seed: seed)
            let text = generator.document()
            var variants = [Self.editorialVariant(of: text, random: &generator.random)]
            // One character changed, dropped or doubled somewhere: mostly substantive, sometimes not.
            var characters = Array(text)
            let position = Int.random(in: 0..<characters.count, using: &generator.random)
            switch Int.random(in: 0..<3, using: &generator.random) {
            case 0: characters.remove(at: position)
            case 1: characters.insert(characters[position], at: position)
            default: characters[position] = generator.pick([" ", "*", "_", "~", "|", "x", "-", "\n"])
            }
            variants.append(String(characters))
            guard let original = try? Document.parse(text: text) else {
                Issue.record("generated document does not parse (seed \(seed)):\n\(text)")
                return
            }
            for variant in variants {
                guard let edited = try? Document.parse(text: variant), edited.clauses.count == original.clauses.count else { continue }
                for (old, new) in zip(original.clauses, edited.clauses) where old.bodyFingerprint == new.bodyFingerprint {
                    #expect(Self.foldedHTML(old) == Self.foldedHTML(new), "seed \(seed):\n\(old.rawText)\n---\n\(new.rawText)")
                }
            }
        }
    }

    static func expectOnlyChanged(_ target: Int, _ original: Document, _ editedText: String, _ seed: UInt64) {
        guard let edited = try? Document.parse(text: editedText) else {
            Issue.record("edited document does not parse (seed \(seed))")
            return
        }
        for index in original.clauses.indices {
            let same = original.clauses[index].fingerprint == edited.clauses[index].fingerprint
            #expect(same == (index != target), "clause \(index), target \(target), seed \(seed):\n\(editedText)")
        }
    }

    /// Reflows paragraphs, swaps quote and dash forms, bullets, case and heading/list numbers.
    static func editorialVariant(of text: String, random: inout DocumentGenerator.SplitMix) -> String {
        var out: [String] = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(line)
            if line.hasPrefix("```") { inFence.toggle() }
            if inFence || line.hasPrefix("```") || line.isEmpty {
                out.append(line)
                continue
            }
            if line.hasPrefix("|") {
                // A table row: padding is editorial, a line break is not (it ends the table).
                out.append(Bool.random(using: &random) ? line.replacingEvery(" | ", with: "|").replacingEvery("| ", with: "|") : line)
                continue
            }
            if line.hasPrefix("#") {
                guard let id = line.range(of: " {#") else {
                    out.append(line)  // the title
                    continue
                }
                // Renumber the heading: every digit before the id becomes a 7.
                let number = line[..<id.lowerBound].map { $0.isASCII && $0.isNumber ? "7" : String($0) }.joined()
                out.append(number + line[id.lowerBound...])
                continue
            }
            line = line.replacingFirst("- ", with: "* ", onlyAtStart: true).replacingFirst("* [x] ", with: "* [X] ", onlyAtStart: true)
            if let first = line.first, first.isNumber, let dot = line.firstIndex(of: ".") {
                line = "1" + line[dot...]
            }
            line = line.replacingEvery(" *data* ", with: " _data_ ").replacingEvery(" *risk* ", with: " _risk_ ")
            line = line.replacingEvery("“quoted”", with: "\"quoted\"").replacingEvery("‘single’", with: "'single'")
                .replacingEvery(" — ", with: " -- ").replacingEvery("should", with: "SHOULD")
            // Reflow: break before a word that begins with a letter, after one that ends with a letter,
            // but not between two Chinese or Japanese characters, where a space is seen and a line break is not.
            var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            func wide(_ character: Character?) -> Bool { character?.unicodeScalars.first.map(Script.isWide) ?? false }
            for index in words.indices.dropFirst(2) where Bool.random(using: &random)
                && words[index].first?.isLetter == true && words[index - 1].last?.isLetter == true
                && !(wide(words[index].first) && wide(words[index - 1].last)) {
                words[index] = "\n" + words[index]
            }
            out.append(words.joined(separator: " ").replacingEvery(" \n", with: "\n"))
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String, onlyAtStart: Bool = false) -> String {
        guard let range = range(of: target), !onlyAtStart || range.lowerBound == startIndex else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    func replacingEvery(_ target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}

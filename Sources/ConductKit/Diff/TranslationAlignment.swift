/// How the headings of a translation were paired with the clauses of its source.
public struct TranslationAlignment: Sendable, Hashable {
    public enum Method: String, Sendable { case carried, structure }
    public struct Pair: Sendable, Hashable {
        /// The source clause id the translated heading maps to.
        public var id: String
        /// The translated heading's 1-based line.
        public var line: Int
        public var method: Method
    }
    /// In translation order.
    public var pairs: [Pair]
    /// Source clause ids with no counterpart (allowed only when asked for).
    public var missing: [String]
}

/// One reason a translation cannot be aligned.
public struct AlignmentProblem: Sendable, Hashable {
    public enum Kind: String, Sendable { case ambiguous, missing, extra, unknownID }
    public var kind: Kind
    public var line: Int?
    public var heading: String?
    public var sourceID: String?
    public var detail: String
}

public struct AlignmentFailure: Error, Sendable {
    public var problems: [AlignmentProblem]
    public var explanation: String {
        problems.map { problem in
            let place = problem.line.map { "line \($0)" } ?? problem.sourceID.map { "source clause \($0)" } ?? ""
            return "  \(problem.kind.rawValue): \(place)\(problem.heading.map { " \"\($0)\"" } ?? ""): \(problem.detail)"
        }.joined(separator: "\n")
            + "\nwrite the source's id after each translated heading that is not found, e.g. '## 3. … {#transparency}'"
    }
}

extension Document {
    /// What a pair of clauses scores when they agree on nothing: leaving a clause unpaired costs
    /// this much, so two clauses at one place are paired unless their structure contradicts it.
    static let alignmentGap = 1.5
    /// Two alignments closer than this in score are taken as equally good, and the clause whose
    /// partner they disagree on as ambiguous: about a quarter of one sign's weight, since a
    /// translator's lengths and sentences vary by that much; naming a tie costs the user one
    /// `{#id}` written by hand, a wrong guess a translation judged by the wrong clause.
    static let alignmentTolerance = 0.25

    /// This text, a translation of `source`, with every heading given the id of the source clause
    /// it translates, written into the stored text, and how each was found.
    ///
    /// A heading that carries a `{#id}` of the source keeps it (an id the source lacks is refused).
    /// The carried ids that stand in the source's order are anchors; between two anchors the other
    /// headings are paired with the remaining source clauses by a sequence alignment over their
    /// structure (`StructureSignature`: heading levels and numbers in any script, the numbers,
    /// links, code and lists of the text, its length), so a dropped or an added clause is found
    /// where it is, not just counted. Every clause it cannot pair is reported: `ambiguous` (two
    /// choices as good), `extra` (no source clause), `missing` (a source clause with no
    /// counterpart, accepted with `allowIncomplete` and listed in `missing`).
    public func aligningTranslation(to source: Document, allowIncomplete: Bool = false)
        throws(AlignmentFailure) -> (document: Document, alignment: TranslationAlignment) {
        let sourceIndex = Dictionary(source.clauses.enumerated().compactMap { index, clause in clause.id.map { ($0, index) } },
                                     uniquingKeysWith: { first, _ in first })
        // A heading written right under an HTML line (`<div dir="rtl">`) is HTML text, not a clause.
        var problems = hiddenHeadings().map { line, heading in
            AlignmentProblem(kind: .missing, line: line, heading: heading, sourceID: nil,
                             detail: "this heading is inside an HTML block (an HTML line right above it, such as '<div dir=\"rtl\">', "
                                + "and no blank line between), so it is text and no clause: leave a blank line after the HTML line")
        }
        if clauses.isEmpty, !source.clauses.isEmpty {
            if problems.isEmpty {
                problems.append(.init(kind: .missing, line: nil, heading: nil, sourceID: nil,
                                      detail: "the translation has no heading, the source \(source.clauses.count.counting("clause"))"))
            }
            throw AlignmentFailure(problems: problems)
        }
        // Translated clause index → source clause index.
        var partner = [Int?](repeating: nil, count: clauses.count)
        var method = [TranslationAlignment.Method](repeating: .structure, count: clauses.count)
        var taken = Set<Int>()
        var carried: [(translated: Int, source: Int)] = []
        for (index, clause) in clauses.enumerated() {
            guard let id = clause.id else { continue }
            if let found = sourceIndex[id] {
                partner[index] = found
                method[index] = .carried
                taken.insert(found)
                carried.append((index, found))
            } else {
                problems.append(.init(kind: .unknownID, line: clause.lines.lowerBound, heading: clause.heading.plainText, sourceID: id,
                                      detail: "the source has no clause '\(id)'; correct the id or drop it to let the heading be aligned"))
            }
        }

        // Anchors: the longest run of carried ids in the source's order; the headings between two
        // anchors can only translate the source clauses between them.
        let anchors = Document.increasingRun(carried)
        let sourceSignatures = StructureSignature.signatures(of: source)
        let signatures = StructureSignature.signatures(of: self)
        var ambiguousSources = Set<Int>()
        var extra: [Int] = []
        let bounds = [(translated: -1, source: -1)] + anchors + [(translated: clauses.count, source: source.clauses.count)]
        for (lower, upper) in zip(bounds, bounds.dropFirst()) {
            let open = ((lower.source + 1)..<max(lower.source + 1, upper.source)).filter { !taken.contains($0) }
            let bare = ((lower.translated + 1)..<max(lower.translated + 1, upper.translated)).filter { clauses[$0].id == nil }
            guard !bare.isEmpty else { continue }
            guard !open.isEmpty else { extra += bare; continue }
            let aligner = SequenceAligner(firstCount: open.count, secondCount: bare.count, gap: Document.alignmentGap)
            let result = aligner.align { sourceSignatures[open[$0]].similarity(to: signatures[bare[$1]]) }
            var ambiguous = Set<Int>()
            for alternative in result.ambiguous(within: Document.alignmentTolerance) {
                let index = bare[alternative.second]
                // In the source's order, so the message reads as the document does.
                let choices = [alternative.chosen, alternative.next].sorted { ($0 ?? .max) < ($1 ?? .max) }
                ambiguous.insert(index)
                let ids = choices.map { $0.flatMap { source.clauses[open[$0]].id } }
                for case let choice? in choices { ambiguousSources.insert(open[choice]) }
                let named = ids.compactMap { $0 }
                let options = named.map { "{#\($0)}" }.joined(separator: " or ")
                problems.append(.init(
                    kind: .ambiguous, line: clauses[index].lines.lowerBound, heading: clauses[index].heading.plainText,
                    sourceID: named.first,
                    detail: (ids.contains(nil) ? "it may translate \(named.map { "'\($0)'" }.joined()) or no source clause at all"
                                                : "it may translate \(named.map { "'\($0)'" }.joined(separator: " or ")) equally well")
                        + "; write \(options) after the heading"))
            }
            var paired = Set<Int>()
            for (first, second) in result.pairs where !ambiguous.contains(bare[second]) {
                partner[bare[second]] = open[first]
                paired.insert(second)
            }
            extra += bare.indices.filter { !paired.contains($0) && !ambiguous.contains(bare[$0]) }.map { bare[$0] }
        }
        // With a second level-1 heading no heading is the title: the translated title becomes a clause.
        let titles = clauses.filter { $0.level == 1 }.count
        for index in extra.sorted() {
            var detail = "no clause of the source answers it (the translation has \(clauses.count.counting("clause")), the source "
                + "\(source.clauses.count)); if it translates one, write that clause's {#id} after the heading, else remove it"
            if clauses[index].level == 1, titles > 1, source.titleHeading != nil {
                detail += "; the translation has \(titles) level-1 headings, so none of them is its title as the source's is: "
                    + "is one of the others meant to be '##'?"
            }
            problems.append(.init(kind: .extra, line: clauses[index].lines.lowerBound, heading: clauses[index].heading.plainText,
                                  sourceID: nil, detail: detail))
        }
        let aligned = Set(partner.compactMap { $0 })
        let missing = source.clauses.indices.filter { !aligned.contains($0) }
        if !allowIncomplete {
            for index in missing where !ambiguousSources.contains(index) {
                let clause = source.clauses[index]
                problems.append(.init(
                    kind: .missing, line: nil, heading: clause.heading.plainText, sourceID: clause.id,
                    detail: "no translated clause answers it; write {#\(clause.id ?? "")} after the heading that translates it, "
                        + "or accept a translation without it (--allow-incomplete)"))
            }
        }
        guard problems.isEmpty else { throw AlignmentFailure(problems: problems) }

        var lines = text.lines.map(String.init)
        var pairs: [TranslationAlignment.Pair] = []
        for (index, clause) in clauses.enumerated() {
            guard let found = partner[index], let id = source.clauses[found].id else { continue }
            if clause.id == nil {
                let line = Document.headingTextLine(lines, startingAt: clause.lines.lowerBound)
                lines[line - 1] = Document.appendingID(id, toHeadingLine: lines[line - 1])
            }
            pairs.append(.init(id: id, line: clause.lines.lowerBound, method: method[index]))
        }
        let document: Document
        do {
            document = try Document.parse(text: lines.joined(separator: "\n"))
        } catch {
            throw AlignmentFailure(problems: [.init(kind: .ambiguous, line: nil, heading: nil, sourceID: nil,
                                                    detail: "the ids could not be written: \(error.explanation)")])
        }
        if let clause = document.clauses.first(where: { $0.id == nil }) {
            throw AlignmentFailure(problems: [.init(kind: .ambiguous, line: clause.lines.lowerBound, heading: clause.heading.plainText,
                                                    sourceID: nil, detail: "the id could not be written after this heading")])
        }
        return (document, TranslationAlignment(pairs: pairs, missing: missing.compactMap { source.clauses[$0].id }))
    }

    /// Lines of HTML blocks that read as ATX headings, with their line numbers: a heading the
    /// writer meant, swallowed by the HTML line above it.
    func hiddenHeadings() -> [(line: Int, heading: String)] {
        var hidden: [String] = []
        func scan(_ block: Block) {
            guard case .html(let html) = block else { return }
            // "\r\n" is one Character: CRLF text splits at it too.
            for line in html.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                let trimmed = line.drop { $0 == " " }
                let marks = trimmed.prefix { $0 == "#" }
                if (1...6).contains(marks.count), line.count - trimmed.count <= 3,
                   trimmed.dropFirst(marks.count).first.map({ $0 == " " || $0 == "\t" }) == true {
                    hidden.append(String(line))
                }
            }
        }
        preamble.forEach(scan)
        for clause in clauses { clause.blocks.forEach(scan) }
        guard !hidden.isEmpty else { return [] }
        let lines = text.lines.map { $0.utf8.last == 13 ? $0.dropLast() : $0 }
        var found: [(line: Int, heading: String)] = []
        var from = 0
        for heading in hidden {
            guard let index = lines[from...].firstIndex(where: { $0 == heading }) else { continue }
            found.append((index + 1, String(heading.drop { $0 == " " || $0 == "#" })))
            from = index + 1
        }
        return found
    }

    /// The longest subsequence of `pairs` (in translation order) whose source indices increase.
    static func increasingRun(_ pairs: [(translated: Int, source: Int)]) -> [(translated: Int, source: Int)] {
        guard !pairs.isEmpty else { return [] }
        // Patience sorting: tails[k] is the index of the smallest last element of a run of length k + 1.
        var tails: [Int] = [], previous = [Int](repeating: -1, count: pairs.count)
        for (index, pair) in pairs.enumerated() {
            var low = 0, high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if pairs[tails[middle]].source < pair.source { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[index] = tails[low - 1] }
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var run: [(translated: Int, source: Int)] = []
        var current = tails.last ?? -1
        while current >= 0 {
            run.append(pairs[current])
            current = previous[current]
        }
        return run.reversed()
    }
}

/// Random Markdown documents for property tests, reproducible from a seed.
struct DocumentGenerator {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var random: SplitMix
    /// Footnote labels used so far: each is defined once, in the clause that references it.
    var footnotes = 0

    init(seed: UInt64) { random = SplitMix(state: seed) }

    static let words = [
        "organisations", "should", "publish", "reports", "risk", "AI", "systems", "before", "deployment", "the",
        "and", "of", "data", "security", "don't", "users'", "e.g.", "3.5", "snake_case", "a*b", "[note]",
        "<tag>", "AT&T", "&amp;", "50%", "x_y_z", "#hash", "back\\slash", "C++", "naïve", "Été", "数据", "👩‍💻",
        "“quoted”", "‘single’", "well-known", "non‑breaking", "—", "–", "...", "…", "(see", "below)", "!", "?",
    ]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// A word safe to begin a line with (so reflowing cannot start a block).
    mutating func letterWord() -> String {
        pick(["organisations", "should", "publish", "reports", "risk", "systems", "before", "data", "security", "naïve"])
    }

    mutating func sentence() -> String {
        var parts = [letterWord()]
        for _ in 0..<count(3...12) {
            let word = pick(Self.words)
            switch count(0...12) {
            case 0: parts.append("*\(letterWord())*")
            case 1: parts.append("**\(letterWord())**")
            case 2: parts.append("`\(word)`")
            case 3: parts.append("[\(letterWord())](https://example.org/\(letterWord()))")
            case 10: parts.append("~~\(letterWord())~~")
            case 11: parts.append("www.example.org/\(letterWord())")
            default: parts.append(word)
            }
        }
        return parts.joined(separator: " ") + "."
    }

    mutating func paragraph() -> String {
        (0..<count(1...3)).map { _ in sentence() }.joined(separator: " ")
    }

    mutating func list(depth: Int) -> String {
        let ordered = chance(40)
        var lines: [String] = []
        for index in 0..<count(1...4) {
            let marker = ordered ? "\(index + 1)." : "-"
            let indent = String(repeating: " ", count: marker.count + 1)
            lines.append(marker + " " + sentence())
            if depth < 3, chance(20) {
                lines.append(contentsOf: list(depth: depth + 1).split(separator: "\n").map { indent + $0 })
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A GitHub table: a header row, a delimiter row with alignments, one to three body rows.
    mutating func table() -> String {
        let columns = count(1...3)
        func cell() -> String {
            switch count(0...5) {
            case 0: return "*\(letterWord())*"
            case 1: return "~~\(letterWord())~~"
            case 2: return "`\(letterWord())`"
            default: return (0..<count(1...3)).map { _ in pick(Self.words.filter { !$0.contains("|") && !$0.contains("\\") }) }.joined(separator: " ")
            }
        }
        var lines = ["| " + (0..<columns).map { _ in letterWord() }.joined(separator: " | ") + " |"]
        lines.append("|" + (0..<columns).map { _ in pick([" --- |", " :-- |", " :-: |", " --: |"]) }.joined())
        for _ in 0..<count(1...3) { lines.append("| " + (0..<columns).map { _ in cell() }.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    mutating func taskList() -> String {
        (0..<count(1...4)).map { _ in (chance(50) ? "- [x] " : "- [ ] ") + sentence() }.joined(separator: "\n")
    }

    /// A paragraph that references a footnote, and the footnote's definition.
    mutating func footnote() -> String {
        footnotes += 1
        return paragraph() + " See[^n\(footnotes)] too.\n\n[^n\(footnotes)]: " + sentence()
    }

    mutating func block() -> String {
        switch count(0...12) {
        case 0...4: return paragraph()
        case 5, 6: return list(depth: 0)
        case 7: return "> " + sentence()
        case 8: return "```\n" + sentence() + "\n```"
        case 9: return table()
        case 10: return taskList()
        case 11: return footnote()
        default: return paragraph()
        }
    }

    mutating func document() -> String {
        var parts = ["# Code " + letterWord()]
        if chance(70) { parts.append(paragraph()) }
        let numbering = pick(["n.", "Article n", "§ n", "n)", ""])
        for index in 0..<count(1...8) {
            let level = index == 0 ? 2 : pick([2, 2, 3])
            let number = numbering.replacingOccurrences(of: "n", with: String(index + 1))
            let heading = (number.isEmpty ? "" : number + " ") + letterWord().capitalized + " " + letterWord()
            parts.append(String(repeating: "#", count: level) + " " + heading + " {#c\(index)}")
            for _ in 0..<count(0...3) { parts.append(block()) }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }
}

extension String {
    /// Foundation's method for this target's files, which need not import Foundation; any target string.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        replacing(target, with: replacement)
    }
    var capitalized: String { prefix(1).uppercased() + dropFirst() }
}

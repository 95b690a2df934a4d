
/// The parts of a clause heading: `## 3. Publish transparency reports {#transparency}` has the
/// number `3.`, the text `Publish transparency reports` and the id `transparency`.
public struct HeadingText: Sendable, Hashable {
    public var number: String?
    public var text: String
    public var id: String?
    /// What stood inside `{#…}`, valid or not (nil when the heading has no attribute).
    public var rawID: String?

    /// Splits canonical heading Markdown into number, text and id.
    public init(parsing heading: String) {
        var rest = Substring(heading).trimmingSuffix(while: \.isWhitespace)
        rawID = nil
        if rest.last == "}", let brace = rest.lastIndex(of: "{"), rest.index(after: brace) < rest.endIndex, rest[rest.index(after: brace)] == "#" {
            let open = brace..<rest.index(brace, offsetBy: 2)
            let inner = rest[open.upperBound..<rest.index(before: rest.endIndex)]
            if !inner.contains(where: { $0 == "}" || $0 == "{" }) {
                rawID = HeadingText.unescaped(inner)
                rest = rest[..<open.lowerBound].trimmingSuffix(while: \.isWhitespace)
            }
        }
        id = rawID.flatMap { HeadingText.isValidID($0) ? $0 : nil }
        let (number, text) = HeadingText.splitNumber(rest)
        self.number = number
        self.text = text
    }

    /// The heading as canonical Markdown text (without the `#` marks).
    public var markdown: String {
        var parts: [String] = []
        if let number { parts.append(number) }
        if !text.isEmpty { parts.append(text) }
        if let rawID { parts.append("{#\(rawID)}") }
        return parts.joined(separator: " ")
    }

    /// Removes the backslashes the canonical renderer put before punctuation.
    static func unescaped(_ text: Substring) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if !escaping, character == "\\" {
                escaping = true
                continue
            }
            escaping = false
            out.append(character)
        }
        return out
    }

    /// The longest id, in UTF-8 bytes: a file name on the site (`clauses/ID.html`) stays short.
    public static let maximumIDBytes = 200

    /// Ids are letters (of any script, either case), marks, digits, `-`, `_` and `.`, starting
    /// with a letter or digit, without `..` and not ending in `.`: `transparency`, `Our-Pledge`
    /// (pandoc writes capitals), `行動規範`, `आचार-संहिता`. So an id never holds white space, a
    /// slash, a comma, a colon or a control character, and is safe as a file name, in a URL
    /// (percent-encoded), in a list `--clauses a,b` and in the store's records.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, isLetterOrDigit(first), id.utf8.count <= maximumIDBytes,
              id.utf8.last != UInt8(ascii: "."), !id.contains("..") else { return false }
        return id.unicodeScalars.allSatisfy { scalar in
            scalar == "-" || scalar == "_" || scalar == "." || isLetterOrDigit(scalar) || isMark(scalar)
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static let numberWords: Set<String> = [
        "article", "art.", "section", "sec.", "clause", "action", "principle", "part", "chapter", "rule", "commitment",
    ]

    /// Separates a leading number such as `1.`, `1.2`, `3)`, `Article 3`, `§ 2`, `IV.` or `A.`.
    static func splitNumber(_ heading: Substring) -> (String?, String) {
        let words = heading.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard let first = words.first else { return (nil, String(heading)) }
        // Most headings start with a letter that no number form begins with.
        if let initial = first.first, initial.isLetter, !initial.isUppercase || first.count > 8 || initial == "§" {
            if !numberWords.contains(first.lowercased()) { return (nil, String(heading)) }
        }
        var numberWordCount = 0
        if isNumberToken(first) {
            numberWordCount = 1
        } else if words.count >= 2, numberWords.contains(first.lowercased()) || first.allSatisfy({ $0 == "§" }),
                  isNumberToken(words[1]) || isPlainNumber(words[1]) {
            numberWordCount = 2
        } else if first.first == "§", isPlainNumber(first.drop { $0 == "§" }) {
            numberWordCount = 1
        }
        guard numberWordCount > 0 else { return (nil, String(heading)) }
        // A number alone is the whole heading: keep it as text.
        guard words.count > numberWordCount else { return (nil, String(heading)) }
        var number = words[0..<numberWordCount].joined(separator: " ")
        var text = words[numberWordCount...].joined(separator: " ")
        // "Article 3 — Transparency", "Article 3: Transparency".
        if number.last != ":", let separator = text.first, "—–-:".contains(separator) {
            let after = text.dropFirst()
            if after.first == " " {
                number += " " + String(separator)
                text = String(after.dropFirst())
            }
        }
        return (number, text)
    }

    /// `1.`, `1.2`, `1.2.`, `3)`, `IV.`, `A.`: a number token that must be followed by text.
    private static func isNumberToken(_ token: Substring) -> Bool {
        var body = token
        var terminated = false
        if let last = body.last, last == "." || last == ")" || last == ":" {
            body = body.dropLast()
            terminated = true
        }
        guard !body.isEmpty else { return false }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        if parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
            return terminated || parts.count > 1
        }
        guard terminated else { return false }
        if isRoman(body) { return true }
        return body.count == 1 && body.first.map { $0.isASCII && $0.isUppercase } == true
    }

    private static func isPlainNumber(_ token: Substring) -> Bool {
        var body = token
        if let last = body.last, ".):".contains(last) { body = body.dropLast() }
        return !body.isEmpty && body.split(separator: ".", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    private static func isRoman(_ token: Substring) -> Bool {
        guard !token.isEmpty, token.count <= 8, token.allSatisfy({ "IVXLCDM".contains($0) }) else { return false }
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
        var total = 0
        let digits = token.compactMap { values[$0] }
        for (index, value) in digits.enumerated() {
            if index + 1 < digits.count, value < digits[index + 1] { total -= value } else { total += value }
        }
        return toRoman(total) == String(token)
    }

    private static func toRoman(_ value: Int) -> String {
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = value, out = ""
        for (amount, letters) in table { while rest >= amount { out += letters; rest -= amount } }
        return out
    }

    /// The ASCII letters a Latin letter is written with when its marks are dropped: `é` → `e`,
    /// `Ø` → `o`, `ß` → `ss`; digits and ASCII letters as themselves (lowercase); nil otherwise.
    static func latinBase(_ scalar: Unicode.Scalar) -> String? {
        if scalar.isASCII {
            let character = Character(scalar)
            return character.isLetter || character.isNumber ? character.lowercased() : nil
        }
        if scalar == "ß" { return "ss" }
        guard let name = scalar.properties.name else { return nil }
        for prefix in ["LATIN SMALL LETTER ", "LATIN CAPITAL LETTER "] where name.hasPrefix(prefix) {
            let letter = name.dropFirst(prefix.count).prefix { $0 != " " }
            if letter.count == 1, let first = letter.first, first.isASCII { return first.lowercased() }
            if letter.count == 2, letter.allSatisfy(\.isASCII) { return letter.lowercased() }  // Æ → ae, Œ → oe
        }
        return nil
    }

    /// The heading as a reader sees it: link text without its URL, no backslash escapes, no
    /// emphasis or code marks, no HTML tags. `[CNCF](https://cncf.io) \*events\*` → `CNCF *events*`.
    public var plainText: String { HeadingText.plainText(text) }

    /// The visible text of canonical inline Markdown.
    public static func plainText(_ markdown: String) -> String {
        // Most headings hold no markup at all.
        guard markdown.utf8.contains(where: { CanonicalRenderer.specialBytes[Int($0)] || $0 == UInt8(ascii: "!") }) else {
            return markdown
        }
        guard let blocks = try? MarkdownParser.parse(markdown) else { return markdown }
        var out = ""
        func inlines(_ content: [Inline]) {
            for inline in content {
                switch inline {
                case .text(let text), .code(let text): out += text
                case .softBreak, .lineBreak: out += " "
                case .html, .footnoteReference: break
                case .emphasis(let inner), .strong(let inner), .strikethrough(let inner): inlines(inner)
                case .link(_, _, let inner), .image(_, _, let inner): inlines(inner)
                }
            }
        }
        // Text such as `- x` or `> x` reads as a list or a quote when parsed alone: walk every block.
        func walk(_ block: Block) {
            if !out.isEmpty, out.last != " " { out += " " }
            switch block {
            case .paragraph(let content), .heading(_, let content): inlines(content)
            case .list(let list): list.items.forEach { $0.blocks.forEach(walk) }
            case .quote(let inner), .footnoteDefinition(_, let inner): inner.forEach(walk)
            case .code(_, let literal): out += literal
            case .table(let table): (table.header + table.rows.joined()).forEach { inlines($0); out += " " }
            case .verbatim(_, let block): walk(block)
            case .html, .thematicBreak: break
            }
        }
        blocks.forEach { walk($0.block) }
        return String(out.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace))
    }

    /// A slug for minting an id from a heading's visible text, as GitHub makes its anchors:
    /// lowercase, letters, marks and digits of every script kept, everything else between words
    /// one hyphen. Latin letters lose their accents (`Über uns` → `uber-uns`, `ß` → `ss`);
    /// other scripts stay as written (`行動規範`, `cncfイベント`, `आचार-संहिता`). Apostrophes
    /// and characters that render as nothing are dropped.
    public static func slug(_ text: String, maximumLength: Int = 48) -> String {
        var slug = ""
        var pendingHyphen = false
        var afterLatin = false
        for scalar in text.unicodeScalars {
            if let base = latinBase(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug += base
                afterLatin = true
            } else if isMark(scalar) {
                // A Latin letter's accent goes with it; the vowel signs of Devanagari or Arabic stay.
                if !afterLatin, !slug.isEmpty, !pendingHyphen { slug.unicodeScalars.append(scalar) }
            } else if scalar == "'" || scalar == "’" || Script.isInvisible(scalar) {
                continue
            } else if isLetterOrDigit(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug += scalar.properties.changesWhenLowercased ? scalar.properties.lowercaseMapping : String(scalar)
                afterLatin = false
            } else {
                pendingHyphen = true
                afterLatin = false
            }
        }
        // Cut at a word where there is one, never inside a character; keep room for a `-N` suffix.
        if slug.count > maximumLength {
            let cut = slug.prefix(maximumLength)
            slug = cut.lastIndex(of: "-").map { String(cut[..<$0]) } ?? String(cut)
        }
        while slug.utf8.count > maximumIDBytes - 8 { slug.removeLast() }
        while slug.last == "-" { slug.removeLast() }
        return slug
    }
}

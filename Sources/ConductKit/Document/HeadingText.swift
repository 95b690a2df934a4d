
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

    /// Ids are lowercase ASCII letters, digits and hyphens, starting with a letter or digit.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.utf8.first, isIDByte(first), first != UInt8(ascii: "-") else { return false }
        return id.utf8.count <= 100 && id.utf8.allSatisfy(isIDByte)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
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

    /// A lowercase slug for minting an id: `Publish transparency reports` → `publish-transparency-reports`.
    public static func slug(_ text: String, maximumLength: Int = 48) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            if let base = latinBase(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug += base
            } else if scalar.properties.generalCategory == .nonspacingMark || scalar == "'" || scalar == "’" {
                continue
            } else {
                pendingHyphen = true
            }
        }
        if slug.count > maximumLength {
            let cut = slug.prefix(maximumLength)
            slug = cut.lastIndex(of: "-").map { String(cut[..<$0]) } ?? String(cut)
        }
        return slug
    }
}

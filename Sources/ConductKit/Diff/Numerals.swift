/// Numbers as translations write them, read to one value: ASCII `3`, full-width `３`,
/// Arabic-Indic `٣`, Extended Arabic-Indic `۳`, Devanagari `३` (any Unicode decimal digit),
/// CJK numerals `三`, `十二`, `第三条`, and Roman numerals `IV.` in a heading's number.
///
/// A translated heading keeps its source's number in its own script far more often than it
/// keeps any word, so the number is the strongest language-independent sign of which clause
/// it translates.
enum Numerals {
    /// The value of a decimal digit of any script, else nil.
    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.value >= 0x30, scalar.value <= 0x39 { return Int(scalar.value - 0x30) }
        guard scalar.value >= 0x80, scalar.properties.numericType == .decimal,
              let value = scalar.properties.numericValue else { return nil }
        return Int(value)
    }

    /// The value of a CJK numeral character (`〇一二…九`, `十百千`, `两`, the formal `壹貳參`), else nil;
    /// `isUnit` tells the multipliers.
    static func cjkNumeral(_ scalar: Unicode.Scalar) -> (value: Int, isUnit: Bool)? {
        switch scalar {
        case "〇", "零": return (0, false)
        case "一", "壹": return (1, false)
        case "二", "两", "兩", "貳", "贰": return (2, false)
        case "三", "參", "叁": return (3, false)
        case "四", "肆": return (4, false)
        case "五", "伍": return (5, false)
        case "六", "陸", "陆": return (6, false)
        case "七", "柒": return (7, false)
        case "八", "捌": return (8, false)
        case "九", "玖": return (9, false)
        case "十", "拾": return (10, true)
        case "百", "佰": return (100, true)
        case "千", "仟": return (1000, true)
        default: return nil
        }
    }

    /// The value of a run of CJK numerals: `三` 3, `十二` 12, `二十三` 23, `百五` 105, `一〇` 10.
    static func cjkValue(_ scalars: [Unicode.Scalar]) -> Int? {
        let values = scalars.compactMap(cjkNumeral)
        guard !values.isEmpty, values.count == scalars.count else { return nil }
        if !values.contains(where: \.isUnit) {
            // Positional, digit by digit: `一〇` is 10.
            return values.reduce(0) { $0 * 10 + $1.value }
        }
        var total = 0, pending: Int?
        for (value, isUnit) in values {
            if isUnit {
                total += (pending ?? 1) * value
                pending = nil
            } else {
                pending = (pending ?? 0) * 10 + value
            }
        }
        return total + (pending ?? 0)
    }

    /// What may stand after a number before the heading's text: `3.`, `３．`, `3)`, `三、`, `٣-`.
    private static let terminators: Set<Unicode.Scalar> = [
        ".", "．", ")", "）", ":", "：", "、", "。", "-", "–", "—", "٫", "۔", "·",
    ]
    /// Between the parts of a number: `1.2`, `１．２`, `١٫٢`.
    private static let separators: Set<Unicode.Scalar> = [".", "．", "٫"]
    /// After `第` and a number: `第三条`, `第2章`, `第一節`.
    private static let counters: Set<Unicode.Scalar> = ["条", "條", "章", "節", "节", "項", "项", "部", "款", "篇", "편", "장", "조"]
    private static let openers: Set<Unicode.Scalar> = ["(", "（", "["]

    /// The number a heading starts with, as its parts (`1.2` → [1, 2]), in any of the scripts
    /// above; `number` is the ASCII number `HeadingText` split off, if any (`Article 3`, `IV.`).
    /// Nil when the heading has no number, or the number is the whole heading.
    static func headingNumber(number: String?, text: String) -> [Int]? {
        if let number {
            let parts = number.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if !parts.isEmpty { return parts }
            let roman = number.filter { "IVXLCDM".contains($0) }
            if !roman.isEmpty, let value = romanValue(roman) { return [value] }
            if let letter = number.first(where: \.isLetter), let ascii = letter.asciiValue, letter.isUppercase {
                return [Int(ascii) - 64]
            }
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func skipSpaces() { while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 } }
        skipSpaces()
        if index < scalars.count, openers.contains(scalars[index]) { index += 1 }
        // 第三条, 第 3 章
        if index < scalars.count, scalars[index] == "第" {
            index += 1
            skipSpaces()
            let start = index
            while index < scalars.count, digit(scalars[index]) != nil || cjkNumeral(scalars[index]) != nil { index += 1 }
            let run = Array(scalars[start..<index])
            skipSpaces()
            guard !run.isEmpty, index < scalars.count, counters.contains(scalars[index]) else { return nil }
            return value(of: run).map { [$0] }
        }
        var parts: [Int] = []
        var terminated = false
        while index < scalars.count {
            let start = index
            while index < scalars.count, digit(scalars[index]) != nil { index += 1 }
            if index == start {
                while index < scalars.count, cjkNumeral(scalars[index]) != nil { index += 1 }
                // A CJK numeral is a number only with a mark after it: `三、`, not `三つの原則`.
                guard index > start, index < scalars.count, terminators.contains(scalars[index]) || scalars[index] == " " else {
                    return parts.isEmpty ? nil : parts
                }
            }
            guard index > start, let part = value(of: Array(scalars[start..<index])) else { break }
            parts.append(part)
            if index < scalars.count, separators.contains(scalars[index]), index + 1 < scalars.count,
               digit(scalars[index + 1]) != nil || cjkNumeral(scalars[index + 1]) != nil {
                index += 1
                continue
            }
            if index < scalars.count, terminators.contains(scalars[index]) || scalars[index] == "）" { terminated = true; index += 1 }
            break
        }
        guard !parts.isEmpty else { return nil }
        skipSpaces()
        // A number alone is the heading's text, not its number; `2023 …` without a mark is text too.
        guard index < scalars.count, terminated || parts.count > 1 || index > 0 && scalars[index - 1] == " " else { return nil }
        if !terminated, parts.count == 1, parts[0] >= 1000 { return nil }
        return parts
    }

    /// A run of digits of one script, or of CJK numerals.
    private static func value(of run: [Unicode.Scalar]) -> Int? {
        guard !run.isEmpty, run.count <= 9 else { return nil }
        if run.allSatisfy({ digit($0) != nil }) { return run.reduce(0) { $0 * 10 + digit($1)! } }
        return cjkValue(run)
    }

    private static func romanValue(_ token: String) -> Int? {
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000]
        let digits = token.compactMap { values[$0] }
        guard digits.count == token.count else { return nil }
        var total = 0
        for (index, value) in digits.enumerated() {
            if index + 1 < digits.count, value < digits[index + 1] { total -= value } else { total += value }
        }
        return total > 0 ? total : nil
    }

    /// Every number written with decimal digits in `text` (any script, one script per run), as
    /// ASCII values without leading zeros: `18`, `٩٠` → `90`, `２０２３` → `2023`.
    static func numbers(in text: String) -> [String] {
        var out: [String] = []
        var current = 0, length = 0
        func flush() {
            if length > 0, length <= 18 { out.append(String(current)) }
            current = 0
            length = 0
        }
        for scalar in text.unicodeScalars {
            if let value = digit(scalar) {
                if length < 18 { current = current * 10 + value }
                length += 1
            } else {
                flush()
            }
        }
        flush()
        return out
    }
}

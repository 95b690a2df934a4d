import Crypto

/// Normalisation and hashing behind clause fingerprints.
///
/// Two texts fold alike when they differ only in ways a reader does not see as a change of
/// meaning: line breaks and runs of white space, straight or curly quotes, dash forms,
/// non-breaking spaces, letter case, characters that render as nothing (directional marks,
/// zero-width spaces, soft hyphens: `Script.isInvisible`), a line break between two Chinese or
/// Japanese characters (which joins them without a space), and Markdown spellings that render
/// alike (the canonical renderer has already unified those). Every word and every other
/// punctuation mark counts.
public enum Fingerprint {
    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Folds typographic variants, white space and case. Spacing that is typography rather than
    /// text folds away: a space between a Chinese or Japanese character and a character of another
    /// script (`使用 GitHub`, `骚扰 (harassment)`), and a space before `:`, `;`, `!` or `?` outside
    /// code (French spacing). A space between two words, or between two wide characters, stays.
    /// With `lines`, a run of white space that
    /// holds a line break folds to one line break rather than a space, followed by the spaces
    /// that indent the next line: canonical Markdown breaks lines only between blocks, items,
    /// rows and code lines, and indents them by a fixed width (`#.` stands for every ordinal),
    /// so there a line break and its indentation are structure (`- a` on a line of its own is a
    /// list item, indented it is nested in the item above; after a space it is text).
    public static func fold(_ text: String, lines: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        // Line breaks in the pending white space (CR LF counts once), and whether the last character kept was wide.
        var pendingBreaks = 0
        // With `lines`: the spaces and tabs since the last line break of the pending white space.
        var pendingIndent = 0
        var lastWasCR = false
        var lastWasWide = false
        var lastWasDash = false
        // Inside a code span (odd backticks since the line began), where every space counts.
        var inCode = false
        var lastWasBackslash = false

        /// Drops pending horizontal white space (a line break kept as structure stays).
        func dropTypographicSpace() {
            guard pendingSpace, !out.isEmpty, !inCode, !(lines && pendingBreaks > 0) else { return }
            pendingSpace = false
            pendingBreaks = 0
            pendingIndent = 0
        }

        func emit(_ byte: UInt8) {
            if byte == UInt8(ascii: "-") {
                // "--", "---" and "—" are one dash.
                if lastWasDash, !pendingSpace { return }
                lastWasDash = true
            } else {
                lastWasDash = false
            }
            if pendingSpace, !out.isEmpty {
                if lines, pendingBreaks > 0 {
                    out.append(UInt8(ascii: "\n"))
                    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pendingIndent))
                } else {
                    out.append(UInt8(ascii: " "))
                }
            }
            pendingSpace = false
            pendingBreaks = 0
            pendingIndent = 0
            out.append(byte)
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                defer { lastWasCR = value == 0x0D }
                defer { lastWasBackslash = value == 0x5C && !lastWasBackslash }
                if value == 0x60, !lastWasBackslash { inCode.toggle() }
                if value == 0x0A { inCode = false }
                if value > 0x20, lastWasWide || value == 0x3A || value == 0x3B || value == 0x21 || value == 0x3F { dropTypographicSpace() }
                switch value {
                case 0x0A, 0x0D:
                    pendingSpace = true
                    pendingIndent = 0
                    if !(value == 0x0A && lastWasCR) { pendingBreaks += 1 }
                case 0x20, 0x09:
                    pendingSpace = true
                    if pendingBreaks > 0 { pendingIndent += value == 0x09 ? 4 : 1 }
                case 0x0B, 0x0C: pendingSpace = true
                case 0x41...0x5A: emit(UInt8(value + 0x20)); lastWasWide = false
                default: emit(UInt8(value)); lastWasWide = false
                }
                continue
            }
            lastWasCR = false
            if Script.isInvisible(scalar) { continue }
            let wide = Script.isWide(scalar)
            // One line break between two wide characters is no space at all (a reflowed paragraph);
            // a blank line, which parts paragraphs, stays a space.
            if !lines, wide, lastWasWide, pendingBreaks == 1 { pendingSpace = false; pendingBreaks = 0 }
            if wide != lastWasWide, !isSpace(value) { dropTypographicSpace() }
            lastWasBackslash = false
            if !isSpace(value) { lastWasWide = wide }
            switch value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: emit(UInt8(ascii: "'"))
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: emit(UInt8(ascii: "\""))
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: emit(UInt8(ascii: "-"))
            case _ where isSpace(value): pendingSpace = true
            case 0x2026:
                emit(UInt8(ascii: ".")); emit(UInt8(ascii: ".")); emit(UInt8(ascii: "."))
            default:
                let lower = scalar.properties.changesWhenLowercased ? scalar.properties.lowercaseMapping : String(scalar)
                var first = true
                for byte in lower.utf8 {
                    if first { emit(byte); first = false } else { out.append(byte) }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// White space beyond ASCII: no-break and typographic spaces, the ideographic space, line and paragraph separators.
    private static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x00A0, 0x2007, 0x202F, 0x2000...0x200A, 0x3000, 0x0085, 0x1680, 0x2028, 0x2029, 0x205F: return true
        default: return false
        }
    }
}

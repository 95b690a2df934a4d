/// What the diff, the fingerprint and the renderer need to know of a character's writing system.
///
/// Chinese, Japanese and Thai put no spaces between words, so text in them is cut per
/// character (per grapheme cluster) wherever words would be cut: a one-word change is a
/// change of a few characters, not of the whole sentence. Hangul is written with spaces
/// between words but is cut per syllable as well, so a change inside a long word shows as such.
/// The rules are the code points' blocks: no dictionary and no segmenter library.
enum Script {
    /// Han, Kana, Hangul syllables, Thai, Lao, Khmer and Myanmar letters, Bopomofo and Yi:
    /// characters that stand for a word or part of one without spaces around them.
    static func isSpaceless(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF,           // Thai, Lao
             0x1000...0x109F,           // Myanmar
             0x1780...0x17FF,           // Khmer
             0x1100...0x11FF,           // Hangul Jamo
             0x2E80...0x2FDF,           // CJK and Kangxi radicals
             0x3005...0x3007,           // 々 〆 〇
             0x3021...0x3029, 0x3031...0x3035, 0x303B, 0x303C,
             0x3040...0x30FF,           // Hiragana, Katakana (with ー)
             0x3100...0x312F, 0x3131...0x318F, 0x31A0...0x31BF, 0x31F0...0x31FF,
             0x3400...0x4DBF,           // CJK extension A
             0x4E00...0x9FFF,           // CJK unified ideographs
             0xA000...0xA4CF,           // Yi
             0xA960...0xA97F, 0xAC00...0xD7FF,  // Hangul
             0xF900...0xFAFF,           // CJK compatibility ideographs
             0xFF66...0xFF9F,           // half-width Katakana
             0x20000...0x3FFFF:         // CJK extensions B and later
            // Marks (Thai vowel signs, the kana voicing marks) belong to the character before them.
            return !isMark(scalar)
        default:
            return false
        }
    }

    /// A character that joins the one before it into one grapheme: a combining mark.
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.value == 0x200D || scalar.value == 0x200C
        }
    }

    /// East Asian wide and full-width characters other than Hangul: Han, Kana, CJK punctuation
    /// and full-width forms. A line break between two of them is no space at all (the rule of
    /// CSS Text for segment breaks), so a Japanese or Chinese paragraph can be reflowed freely.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x2FDF, 0x2FF0...0x303E, 0x3040...0x30FF, 0x3100...0x312F, 0x3190...0x31FF,
             0x3200...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFF:
            return true
        case 0xFF61...0xFF9F:  // half-width Katakana and punctuation: East Asian "H", as CSS Text counts them
            return true
        default:
            return false
        }
    }

    /// Characters that render as nothing: directional marks, embeddings, overrides and isolates,
    /// zero-width space, zero-width (non-)joiner, word joiner, soft hyphen and the byte order mark
    /// inside text. Adding or removing them is editorial.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }
}

extension StringProtocol {
    /// The text without the characters that render as nothing (`Script.isInvisible`).
    public var withoutInvisibles: String {
        guard unicodeScalars.contains(where: Script.isInvisible) else { return String(self) }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars where !Script.isInvisible(scalar) { out.append(scalar) }
        return String(out)
    }
}

/// One run of a word-level diff: text that both sides share, or that only one side has.
public struct WordEdit: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Codable { case equal, delete, insert }
    public var operation: Operation
    public var text: String

    public init(_ operation: Operation, _ text: String) {
        self.operation = operation
        self.text = text
    }
}

/// Word-level diff of two texts.
///
/// Texts are cut into tokens — a word with the white space after it, a punctuation mark with
/// the white space after it, one character of a script written without spaces (Han, Kana,
/// Hangul, Thai: `Script.isSpaceless`) or an emoji — never inside a grapheme cluster. A
/// character that renders as nothing (`Script.isInvisible`) belongs to the token it touches, so
/// a directional mark added or removed changes one token, and `isInvisibleChange` tells a
/// redline to show that change as editorial.
/// The edit script is Myers' O(ND) shortest edit script over the tokens after their common
/// prefix and suffix are trimmed, computed in linear space. When the script would cost more
/// than `costCap` edits, the diff gives up and reports the whole text as replaced, so the
/// worst case stays bounded.
public enum WordDiff {
    public static let defaultCostCap = 4_000

    /// Texts whose differing middles are larger than this are not diffed by word.
    public static let defaultByteLimit = 256 * 1024

    /// The edit script, or nil when it would cost more than `costCap` or the differing middles
    /// of the texts are longer than `byteLimit` bytes.
    public static func diff(_ old: String, _ new: String, costCap: Int = defaultCostCap,
                            byteLimit: Int = defaultByteLimit, cleanup: Bool = true) -> [WordEdit]? {
        // Trim what both share at either end (at token boundaries) before cutting into tokens,
        // so one changed word in a long paragraph costs little.
        let (prefix, oldMiddle, newMiddle, suffix) = trimCommonEnds(old, new)
        guard oldMiddle.utf8.count <= byteLimit, newMiddle.utf8.count <= byteLimit else { return nil }
        guard var edits = middleDiff(oldMiddle, newMiddle, costCap: costCap) else { return nil }
        if !prefix.isEmpty { edits.insert(WordEdit(.equal, prefix), at: 0) }
        if !suffix.isEmpty { edits.append(WordEdit(.equal, suffix)) }
        edits = normalise(edits)
        return cleanup ? normalise(semanticCleanup(edits)) : edits
    }

    /// The common prefix and suffix of two texts, each ending or starting at a token boundary
    /// (after white space, before a non-space; or beside a character of a script without
    /// spaces), and the middles between them.
    static func trimCommonEnds(_ old: String, _ new: String) -> (String, String, String, String) {
        let a = Array(old.utf8), b = Array(new.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        func boundary(_ bytes: [UInt8], _ position: Int) -> Bool {
            if position == 0 || position == bytes.count { return true }
            if isSpace(bytes[position]) { return false }
            if isSpace(bytes[position - 1]) { return true }
            // Beside a Han, Kana, Hangul or Thai character, unless a mark joins the next one to it.
            guard bytes[position] & 0xC0 != 0x80, let after = scalar(bytes, at: position),
                  let before = scalar(bytes, endingAt: position) else { return false }
            if Script.isMark(after) || before.value == 0x200D || Script.isInvisible(after) { return false }
            return Script.isSpaceless(before) || Script.isSpaceless(after)
        }
        var prefix = 0
        let shorter = min(a.count, b.count)
        while prefix < shorter, a[prefix] == b[prefix] { prefix += 1 }
        if prefix == a.count, prefix == b.count { return (old, "", "", "") }
        while prefix > 0, !(boundary(a, prefix) && boundary(b, prefix)) { prefix -= 1 }
        var suffix = 0
        while suffix < shorter - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        while suffix > 0, !(boundary(a, a.count - suffix) && boundary(b, b.count - suffix)) { suffix -= 1 }
        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        return (text(a[0..<prefix]), text(a[prefix..<(a.count - suffix)]), text(b[prefix..<(b.count - suffix)]),
                text(a[(a.count - suffix)...]))
    }

    /// The scalar whose UTF-8 starts at `position`.
    private static func scalar(_ bytes: [UInt8], at position: Int) -> Unicode.Scalar? {
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self).unicodeScalars.first
    }

    /// The scalar whose UTF-8 ends just before `position`.
    private static func scalar(_ bytes: [UInt8], endingAt position: Int) -> Unicode.Scalar? {
        var start = position - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self).unicodeScalars.first
    }

    private static func middleDiff(_ old: String, _ new: String, costCap: Int) -> [WordEdit]? {
        let oldTokens = tokenize(old), newTokens = tokenize(new)
        var table: [String: Int] = [:]
        func intern(_ tokens: [Substring]) -> [Int] {
            tokens.map { token in
                let key = String(token)
                if let id = table[key] { return id }
                let id = table.count
                table[key] = id
                return id
            }
        }
        let a = intern(oldTokens), b = intern(newTokens)
        guard let script = TokenDiff.script(a, b, costCap: costCap) else { return nil }
        var edits: [WordEdit] = []
        var i = 0, j = 0
        for step in script {
            switch step {
            case .equal(let count):
                append(.equal, oldTokens[i..<i + count], to: &edits)
                i += count; j += count
            case .delete(let count):
                append(.delete, oldTokens[i..<i + count], to: &edits)
                i += count
            case .insert(let count):
                append(.insert, newTokens[j..<j + count], to: &edits)
                j += count
            }
        }
        return edits
    }

    private static func append(_ operation: WordEdit.Operation, _ tokens: ArraySlice<Substring>, to edits: inout [WordEdit]) {
        guard !tokens.isEmpty else { return }
        let text = tokens.joined()
        if let last = edits.last, last.operation == operation {
            edits[edits.count - 1].text += text
        } else {
            edits.append(WordEdit(operation, text))
        }
    }

    // MARK: Tokens

    /// Cuts text into tokens; joining them gives the text back.
    public static func tokenize(_ text: String) -> [Substring] {
        let tokens = cut(text)
        // A character that renders as nothing belongs to the token before it (or after it, at the start).
        guard tokens.count > 1, text.unicodeScalars.contains(where: Script.isInvisible) else { return tokens }
        var result: [Substring] = []
        result.reserveCapacity(tokens.count)
        var pendingStart: String.Index?
        for token in tokens {
            if isInvisible(token) {
                if let last = result.last {
                    result[result.count - 1] = text[last.startIndex..<token.endIndex]
                } else if pendingStart == nil {
                    pendingStart = token.startIndex
                }
            } else if let start = pendingStart {
                result.append(text[start..<token.endIndex])
                pendingStart = nil
            } else {
                result.append(token)
            }
        }
        if let start = pendingStart { result.append(text[start...]) }
        return result
    }

    /// Whether a token holds only characters that render as nothing (and white space).
    private static func isInvisible(_ token: Substring) -> Bool {
        token.unicodeScalars.contains(where: Script.isInvisible)
            && token.unicodeScalars.allSatisfy { Script.isInvisible($0) || $0.properties.isWhitespace }
    }

    private static func cut(_ text: String) -> [Substring] {
        cutASCII(text) ?? cutCharacters(text)
    }

    /// `cutCharacters` for text that is all ASCII, reading bytes rather than characters (most
    /// codes of conduct are ASCII, and reading characters is most of a word diff's work); nil
    /// when the text holds another byte. In ASCII a character is a byte, but for CR LF, which
    /// is white space either way.
    static func cutASCII(_ text: String) -> [Substring]? {
        var text = text
        let ends: [Int]? = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            func space(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            func digit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            func word(_ byte: UInt8) -> Bool {
                digit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            }
            var ends: [Int] = []
            var index = 0
            // Leading white space is a token of its own.
            while index < bytes.count, space(bytes[index]) { index += 1 }
            if index > 0 { ends.append(index) }
            while index < bytes.count {
                var end = index + 1
                if word(bytes[index]) {
                    while end < bytes.count {
                        let next = bytes[end]
                        if word(next) {
                            end += 1
                            continue
                        }
                        let following = end + 1
                        guard following < bytes.count else { break }
                        let joins: Bool
                        switch next {
                        case UInt8(ascii: "'"), UInt8(ascii: "-"): joins = word(bytes[following])  // don't, well-known
                        case UInt8(ascii: "."), UInt8(ascii: ","): joins = digit(bytes[end - 1]) && digit(bytes[following])  // 3.5, 1,000
                        default: joins = false
                        }
                        guard joins else { break }
                        end = following + 1
                    }
                }
                while end < bytes.count, space(bytes[end]) { end += 1 }
                ends.append(end)
                index = end
            }
            return ends
        }
        guard let ends else { return nil }
        var tokens: [Substring] = []
        tokens.reserveCapacity(ends.count)
        var start = text.startIndex
        var offset = 0
        for end in ends {
            let next = text.utf8.index(start, offsetBy: end - offset)
            tokens.append(text[start..<next])
            start = next
            offset = end
        }
        return tokens
    }

    /// Cuts text into words (with the white space after them), and each other character alone.
    static func cutCharacters(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        // Leading white space is a token of its own.
        while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
        if index > start {
            tokens.append(text[start..<index])
            start = index
        }
        while index < text.endIndex {
            let character = text[index]
            var end = text.index(after: index)
            if isWordCharacter(character), !isStandalone(character) {
                while end < text.endIndex {
                    let next = text[end]
                    if isWordCharacter(next), !isStandalone(next) {
                        end = text.index(after: end)
                        continue
                    }
                    // A soft hyphen or zero-width space inside a word keeps it one word.
                    if next.unicodeScalars.allSatisfy(Script.isInvisible) {
                        let following = text.index(after: end)
                        if following < text.endIndex, isWordCharacter(text[following]), !isStandalone(text[following]) {
                            end = text.index(after: following)
                            continue
                        }
                    }
                    let following = text.index(after: end)
                    guard following < text.endIndex else { break }
                    let previous = text[text.index(before: end)]
                    let joins: Bool
                    switch next {
                    case "'", "’", "-", "\u{2011}":  // don't, well-known
                        joins = isWordCharacter(text[following]) && !isStandalone(text[following])
                    case ".", ",":  // 3.5, 1,000
                        joins = previous.isNumber && text[following].isNumber
                    default:
                        joins = false
                    }
                    guard joins else { break }
                    end = text.index(after: following)
                }
            }
            while end < text.endIndex, text[end].isWhitespace { end = text.index(after: end) }

            tokens.append(text[index..<end])
            index = end
        }
        return tokens
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x61 && ascii <= 0x7A) || ascii == 0x5F
        }
        return character.isLetter || character.isNumber
    }

    /// Characters of scripts without spaces and emoji are tokens by themselves: such text diffs by character.
    private static func isStandalone(_ character: Character) -> Bool {
        if character.isASCII { return false }
        guard let scalar = character.unicodeScalars.first else { return false }
        if Script.isSpaceless(scalar) { return true }
        return scalar.properties.isEmojiPresentation || character.unicodeScalars.count > 1 && scalar.properties.isEmoji
    }

    /// Whether a deletion and the insertion after it differ only in characters that render as
    /// nothing (directional marks, zero-width spaces, soft hyphens): a change no reader sees.
    public static func isInvisibleChange(_ deleted: String, _ inserted: String) -> Bool {
        deleted != inserted && deleted.withoutInvisibles == inserted.withoutInvisibles
    }

    /// For each edit, whether it belongs to an invisible change (`isInvisibleChange`).
    public static func invisibleChanges(_ edits: [WordEdit]) -> [Bool] {
        var marks = [Bool](repeating: false, count: edits.count)
        for index in edits.indices.dropLast() where edits[index].operation == .delete && edits[index + 1].operation == .insert
            && isInvisibleChange(edits[index].text, edits[index + 1].text) {
            marks[index] = true
            marks[index + 1] = true
        }
        // A mark only added or only removed.
        for index in edits.indices where !marks[index] && edits[index].operation != .equal
            && !edits[index].text.isEmpty && edits[index].text.withoutInvisibles.isEmpty {
            let other = edits[index].operation == .delete ? index + 1 : index - 1
            if other < 0 || other >= edits.count || edits[other].operation == .equal { marks[index] = true }
        }
        return marks
    }

    // MARK: Cleanup

    /// Folds short equalities caught between changes into the changes around them, so a
    /// redline reads as whole phrases ("[-the old-]{+a new+}" rather than alternating words).
    static func semanticCleanup(_ edits: [WordEdit]) -> [WordEdit] {
        var result = edits
        var changed = true
        while changed {
            changed = false
            var index = 1
            while index + 1 < result.count {
                let equal = result[index]
                guard equal.operation == .equal else { index += 1; continue }
                let before = changeLength(result, around: index, direction: -1)
                let after = changeLength(result, around: index, direction: 1)
                let equalWords = tokenize(equal.text).count
                if equalWords <= 1, before > 0, after > 0, equal.text.count <= max(before, after) {
                    result[index] = WordEdit(.delete, equal.text)
                    result.insert(WordEdit(.insert, equal.text), at: index + 1)
                    result = normalise(result)
                    changed = true
                    index = 1
                } else {
                    index += 1
                }
            }
        }
        return result
    }

    private static func changeLength(_ edits: [WordEdit], around index: Int, direction: Int) -> Int {
        var total = 0
        var cursor = index + direction
        while cursor >= 0, cursor < edits.count, edits[cursor].operation != .equal {
            total += edits[cursor].text.count
            cursor += direction
        }
        return total
    }

    /// Merges neighbours of one kind and orders each change run as deletions then insertions.
    static func normalise(_ edits: [WordEdit]) -> [WordEdit] {
        var result: [WordEdit] = []
        var deleted = "", inserted = ""
        func flush() {
            if !deleted.isEmpty { result.append(WordEdit(.delete, deleted)) }
            if !inserted.isEmpty { result.append(WordEdit(.insert, inserted)) }
            deleted = ""; inserted = ""
        }
        for edit in edits where !edit.text.isEmpty {
            switch edit.operation {
            case .delete: deleted += edit.text
            case .insert: inserted += edit.text
            case .equal:
                flush()
                if let last = result.last, last.operation == .equal {
                    result[result.count - 1].text += edit.text
                } else {
                    result.append(edit)
                }
            }
        }
        flush()
        return result
    }
}

extension WordDiff {
    /// Words in `text`: runs of letters and digits, read from the bytes (any non-ASCII byte
    /// counts as a letter), with each character of a script written without spaces (Chinese,
    /// Japanese, Thai: `Script.isSpaceless`) a word of its own.
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        var index = text.utf8.startIndex
        let bytes = text.utf8
        while index < bytes.endIndex {
            let byte = bytes[index]
            // Scripts without spaces start at U+0E00, three bytes in UTF-8 (lead byte 0xE0 and up).
            if byte >= 0xE0 {
                let scalar = text.unicodeScalars[index]
                if Script.isSpaceless(scalar) {
                    count += 1
                    inWord = false
                    index = text.unicodeScalars.index(after: index)
                    continue
                }
            }
            let isWordByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
            if isWordByte, !inWord { count += 1 }
            inWord = isWordByte
            index = bytes.index(after: index)
        }
        return count
    }
}

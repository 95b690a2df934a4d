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
/// the white space after it, a CJK ideograph or an emoji — never inside a grapheme cluster.
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
    /// (after white space, before a non-space), and the middles between them.
    static func trimCommonEnds(_ old: String, _ new: String) -> (String, String, String, String) {
        let a = Array(old.utf8), b = Array(new.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        func boundary(_ bytes: [UInt8], _ position: Int) -> Bool {
            position == 0 || position == bytes.count || (isSpace(bytes[position - 1]) && !isSpace(bytes[position]))
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

    /// Ideographs and emoji are tokens by themselves: scripts without spaces diff by character.
    private static func isStandalone(_ character: Character) -> Bool {
        if character.isASCII { return false }
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3040...0x30FF: return true
        default: return scalar.properties.isEmojiPresentation || character.unicodeScalars.count > 1 && scalar.properties.isEmoji
        }
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
    /// Words in `text`: tokens that hold a letter or digit.
    /// Runs of letters and digits, read from the bytes (any non-ASCII byte counts as a letter).
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            let isWordByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
            if isWordByte, !inWord { count += 1 }
            inWord = isWordByte
        }
        return count
    }
}

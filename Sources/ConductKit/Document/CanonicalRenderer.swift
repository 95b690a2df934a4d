/// Renders blocks back to Markdown in one canonical spelling.
///
/// Markup that renders alike is written one way: `*` emphasis, `**` strong (`_`/`__` only where
/// a same-kind delimiter would otherwise touch), `~~` strikethrough, `-` bullets, `- [ ]`/`- [x]`
/// tasks, fenced code, ATX headings, inline links, one line per paragraph (soft breaks become
/// spaces), ordinals from the list's start, tables with one space of padding, `[^label]: …`
/// footnotes. Rendering is a fixed point: parsing the output and rendering again gives the same
/// text, which is what makes the canonical text usable for comparison; `FaithfulBlocks` checks
/// that it also means the same.
struct CanonicalRenderer {
    /// When false, ordered lists are written with `#.` instead of their ordinals (for fingerprints).
    var ordinals = true

    func render(_ blocks: [Block], tight: Bool = false) -> String {
        pieces(blocks).joined(separator: tight ? "\n" : "\n\n")
    }

    /// Each block's canonical text, as `render(_:tight:)` joins them: two adjacent lists of
    /// one kind are given different markers so that they stay two lists.
    func pieces(_ blocks: [Block]) -> [String] {
        var parts: [String] = []
        parts.reserveCapacity(blocks.count)
        var previousList: (ordered: Bool, alternate: Bool)?
        for block in blocks {
            switch block {
            case .list(let list):
                let alternate = previousList.map { $0.ordered == list.ordered && !$0.alternate } ?? false
                parts.append(renderList(list, alternate: alternate))
                previousList = (list.ordered, alternate)
            case .verbatim(let source, .list(let list)):
                // The next list must not take this one's marker.
                parts.append(render(block))
                let marker = source.drop { $0 == " " }.first { !$0.isNumber }
                previousList = (list.ordered, marker == "*" || marker == "+" || marker == ")")
            default:
                parts.append(render(block))
                previousList = nil
            }
        }
        return parts
    }

    func render(_ block: Block) -> String {
        switch block {
        case .paragraph(let content):
            return Self.inlineText(content, lineStart: true)
        case .heading(let level, let content):
            return heading(level: level, text: Self.inlineText(content, lineStart: false))
        case .list(let list):
            return renderList(list, alternate: false)
        case .quote(let blocks):
            let inner = render(blocks)
            if inner.isEmpty { return ">" }
            return inner.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }
                .joined(separator: "\n")
        case .code(let info, let literal):
            let body = literal.hasSuffix("\n") || literal.isEmpty ? literal : literal + "\n"
            let fenceCharacter: Character = info.contains("`") ? "~" : "`"
            let fence = String(repeating: fenceCharacter, count: max(3, Self.longestRun(of: fenceCharacter, in: literal) + 1))
            return fence + info + "\n" + body + fence
        case .html(let literal):
            return String(literal.trimmingSuffix { $0 == "\n" })
        case .thematicBreak:
            return "***"
        case .table(let table):
            return renderTable(table)
        case .footnoteDefinition(let label, let blocks):
            let content = render(blocks)
            let opening = "[^" + label + "]:"
            if content.isEmpty { return opening }
            let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
            return opening + " " + lines[0] + lines.dropFirst().map { "\n" + ($0.isEmpty ? "" : "    " + $0) }.joined()
        case .verbatim(let source, _):
            return String(source.trimmingSuffix { $0 == "\n" || $0 == "\r" })
        }
    }

    /// A table as `|`-delimited rows, the delimiter row carrying each column's alignment.
    private func renderTable(_ table: MarkdownTable) -> String {
        func row(_ cells: [[Inline]]) -> String {
            "|" + cells.map { cell in
                let text = Self.inlineText(cell, lineStart: false, inTable: true)
                return text.isEmpty ? "  |" : " " + text + " |"
            }.joined()
        }
        let delimiter = "|" + table.alignments.map { alignment -> String in
            switch alignment {
            case .none: return " --- |"
            case .left: return " :-- |"
            case .center: return " :-: |"
            case .right: return " --: |"
            }
        }.joined()
        return ([row(table.header), delimiter] + table.rows.map(row)).joined(separator: "\n")
    }

    /// An ATX heading line; text ending in `#` after a space is escaped so it is not a closing sequence.
    func heading(level: Int, text: String) -> String {
        var text = text
        // A closing sequence is a run of `#` at the end, after a space or alone.
        let run = text.reversed().prefix { $0 == "#" }.count
        if run > 0, run == text.count || text.dropLast(run).hasSuffix(" ") || text.dropLast(run).hasSuffix("\t") {
            text = String(text.dropLast(run)) + "\\" + String(repeating: "#", count: run)
        }
        let marks = String(repeating: "#", count: max(1, min(6, level)))
        return text.isEmpty ? marks : marks + " " + text
    }

    private func renderList(_ list: MarkdownList, alternate: Bool) -> String {
        var items: [String] = []
        for (index, item) in list.items.enumerated() {
            var marker: String
            if list.ordered {
                let delimiter = alternate ? ")" : "."
                marker = (ordinals ? String(list.start + index) : "#") + delimiter
            } else {
                marker = alternate ? "*" : "-"
            }
            let indent = String(repeating: " ", count: marker.count + 1)
            switch item.task {
            case .unchecked?: marker += " [ ]"
            case .checked?: marker += " [x]"
            case nil: break
            }
            let content = render(item.blocks, tight: list.tight)
            if content.isEmpty {
                // A task needs the space after its box, or it is the text "[ ]".
                items.append(item.task == nil ? marker : marker + " ")
                continue
            }
            let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
            var text = marker + " " + lines[0]
            for line in lines.dropFirst() {
                text += "\n" + (line.isEmpty ? "" : indent + line)
            }
            items.append(text)
        }
        return items.joined(separator: list.tight ? "\n" : "\n\n")
    }

    // MARK: Inlines

    /// Inline content as canonical Markdown; `lineStart` escapes what would open a block, and
    /// `inTable` every `|` (a table row is split at pipes before its cells are parsed).
    /// Text that does not start a line follows a heading's or a list's marker or a table's `|`:
    /// it must stay on one line, so a hard break there is written `<br />`.
    static func inlineText(_ content: [Inline], lineStart: Bool, inTable: Bool = false) -> String {
        var writer = InlineWriter(atLineStart: lineStart, inTable: inTable, singleLine: !lineStart || inTable)
        writer.append(content)
        return writer.out
    }

    /// Writes inline content, keeping what the next character needs to know.
    private struct InlineWriter {
        var out = ""
        var atLineStart: Bool
        let inTable: Bool
        let singleLine: Bool

        init(atLineStart: Bool, inTable: Bool, singleLine: Bool) {
            self.atLineStart = atLineStart
            self.inTable = inTable
            self.singleLine = singleLine
        }

        /// Text that is written as it is (code, raw HTML, destinations): only pipes in a table.
        mutating func raw(_ text: String) {
            out += inTable && text.contains("|") ? text.replacingAll(["|": "\\|"]) : text
            atLineStart = false
        }

        /// `within`: the content stands between `*` (1) or `**` (2) delimiters, so emphasis of the
        /// same kind at its edges is written with `_` (else `*_a_*` would be read as `**a**`).
        mutating func append(_ content: [Inline], within: Int = 0) {
            for (index, inline) in content.enumerated() {
                let edge = index == 0 || index == content.count - 1
                let star: Bool
                switch inline {
                case .emphasis: star = !(edge && within == 1)
                case .strong: star = !(edge && within == 2)
                default: star = true
                }
                switch inline {
                case .text(let text):
                    var escaped = CanonicalRenderer.breakingAutolinks(CanonicalRenderer.escape(text, atLineStart: atLineStart))
                    // "!" before a link would make it an image.
                    if escaped.hasSuffix("!"), index + 1 < content.count, case .link = content[index + 1] {
                        escaped = String(escaped.dropLast()) + "\\!"
                    }
                    out += inTable && escaped.contains("|") ? escaped.replacingAll(["|": "\\|"]) : escaped
                    if !text.isEmpty { atLineStart = false }
                case .softBreak:
                    out += CanonicalRenderer.softBreak(content, at: index)
                case .lineBreak where singleLine:
                    raw("<br />")
                case .lineBreak:
                    out += "\\\n"
                    atLineStart = true
                case .code(let literal):
                    let fence = String(repeating: "`", count: CanonicalRenderer.longestRun(of: "`", in: literal) + 1)
                    let pad = literal.hasPrefix("`") || literal.hasSuffix("`")
                        || (literal.hasPrefix(" ") && literal.hasSuffix(" ") && !literal.allSatisfy { $0 == " " })
                    raw(fence + (pad ? " " + literal + " " : literal) + fence)
                case .html(let literal):
                    // A line break inside a tag is white space there; where the text must stay on
                    // one line it is written as a space (elsewhere as written: joined, a tag alone on
                    // its line would open an HTML block).
                    raw(singleLine && literal.contains("\n") ? literal.replacingAll(["\n": " "]) : literal)
                case .emphasis(let inner):
                    out += star ? "*" : "_"; atLineStart = false
                    append(inner, within: star ? 1 : 0)
                    out += star ? "*" : "_"
                case .strong(let inner):
                    out += star ? "**" : "__"; atLineStart = false
                    append(inner, within: star ? 2 : 0)
                    out += star ? "**" : "__"
                case .strikethrough(let inner):
                    out += "~~"; atLineStart = false
                    append(inner)
                    out += "~~"
                case .footnoteReference(let label):
                    raw("[^" + label + "]")
                case .link(let destination, let title, let inner):
                    if title.isEmpty, case .text(let shown)? = inner.first, inner.count == 1 {
                        if shown == destination, CanonicalRenderer.isAutolink(destination) {
                            raw("<" + destination + ">")
                            continue
                        }
                        if destination == "mailto:" + shown, CanonicalRenderer.isEmail(shown) {
                            raw("<" + shown + ">")
                            continue
                        }
                        // The autolink extension's www. links: written as found.
                        if destination == "http://" + shown, shown.hasPrefix("www."),
                           CanonicalRenderer.escape(shown, atLineStart: atLineStart) == shown {
                            raw(shown)
                            continue
                        }
                    }
                    out += "["; atLineStart = false
                    append(inner)
                    raw("](" + CanonicalRenderer.linkTarget(destination, title: title) + ")")
                case .image(let source, let title, let alt):
                    out += "!["; atLineStart = false
                    append(alt)
                    raw("](" + CanonicalRenderer.linkTarget(source, title: title) + ")")
                }
            }
        }
    }

    /// An address CommonMark's `<…>` autolink takes as an e-mail address.
    private static func isEmail(_ text: String) -> Bool {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex else { return false }
        let local = text[..<at], domain = text[text.index(after: at)...]
        return local.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".!#$%&'*+/=?^_`{|}~-".contains($0)) }
            && !domain.isEmpty && domain.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }

    private static func isAutolink(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":"), colon != destination.startIndex else { return false }
        let scheme = destination[..<colon]
        return scheme.count >= 2 && scheme.count <= 32
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
            && scheme.first?.isLetter == true
            && !destination.contains { $0 == " " || $0 == "<" || $0 == ">" || $0.isNewline || $0 == "\\" }
    }

    private static func linkTarget(_ destination: String, title: String) -> String {
        var target: String
        if destination.isEmpty || destination.contains(where: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" || $0.isNewline }) {
            target = "<" + destination.replacingAll(["\\": "\\\\", "<": "\\<", ">": "\\>"]) + ">"
        } else {
            target = destination.replacingAll(["\\": "\\\\"])
        }
        if !title.isEmpty {
            target += " \"" + title.replacingAll(["\\": "\\\\", "\"": "\\\""]) + "\""
        }
        return target
    }

    /// Escapes what would otherwise be read as markup.
    static func escape(_ text: String, atLineStart: Bool) -> String {
        // Most text needs no escape at all: check its bytes before walking its characters.
        let special = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { CanonicalRenderer.specialBytes[Int($0)] }
        } ?? true
        if !special {
            guard atLineStart, let first = text.utf8.first else { return text }
            let plainStart = (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z"))
                || first >= 0x80 || first == UInt8(ascii: "(") || first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")
            if plainStart { return text }
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let characters = Array(text)
        var index = 0
        if atLineStart {
            // Leading white space would be stripped or start an indented code block: only a
            // character reference puts it there.
            while index < characters.count, characters[index] == " " || characters[index] == "\t" {
                out += characters[index] == " " ? "&#32;" : "&#9;"
                index += 1
            }
            if index < characters.count {
                let first = characters[index]
                if "#>-+=~|".contains(first) {
                    out += "\\" + String(first)
                    index += 1
                } else if first.isASCII, first.isNumber {
                    // "12. " or "3) " would start an ordered list.
                    var end = index
                    while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                    if end < characters.count, characters[end] == "." || characters[end] == ")" {
                        out += String(characters[index..<end]) + "\\" + String(characters[end])
                        index = end + 1
                    }
                }
            }
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", "~":
                out += "\\" + String(character)
            case "&":
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                out += (next.isLetter || next.isNumber || next == "#") ? "\\&" : "&"
            case "\n":
                out += " "
            default:
                out.append(character)
            }
            index += 1
        }
        return out
    }

    /// Text that the autolink extension would turn into a link, were it written as it is (the
    /// original text was no link, because of what stood around it): an escaped `:`, `.` or `@`
    /// breaks the pattern without changing the text.
    static func breakingAutolinks(_ escaped: String) -> String {
        // One pass over the bytes finds whether any pattern is there at all: most text holds none,
        // and a generic substring search per pattern cost most of a long document's parse.
        var scheme = false, www = false, at = false
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in escaped.utf8 {
            switch byte {
            case UInt8(ascii: "/") where previous.2 == UInt8(ascii: "/") && previous.1 == UInt8(ascii: ":"): scheme = true
            case UInt8(ascii: ".") where previous == (UInt8(ascii: "w"), UInt8(ascii: "w"), UInt8(ascii: "w")): www = true
            case UInt8(ascii: "@"): at = true
            default: break
            }
            previous = (previous.1, previous.2, byte)
        }
        guard scheme || www || at else { return escaped }
        var out = escaped
        if scheme { out = out.replacing("://", with: "\\://") }
        if www { out = out.replacing("www.", with: "www\\.") }
        if at {
            // An address needs a word before the `@` and a dot after it.
            let characters = Array(out)
            var result = ""
            for (index, character) in characters.enumerated() {
                if character == "@", index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber || "._-+".contains(characters[index - 1]),
                   characters[(index + 1)...].prefix(while: { !$0.isWhitespace }).contains(".") {
                    result += "\\@"
                } else {
                    result.append(character)
                }
            }
            out = result
        }
        return out
    }

    /// Bytes that may need an escape anywhere in text.
    static let specialBytes: [Bool] = (0..<256).map { byte in
        "\\`*_[]<&~\n".utf8.contains(UInt8(byte))
    }

    /// A soft break is a space, or nothing between two wide (Chinese, Japanese) characters:
    /// a line break inside such a paragraph joins its lines without a space.
    static func softBreak(_ content: [Inline], at position: Int) -> String {
        func edge(_ inline: Inline, last: Bool) -> Unicode.Scalar? {
            switch inline {
            case .text(let text), .code(let text): return last ? text.unicodeScalars.last : text.unicodeScalars.first
            case .emphasis(let inner), .strong(let inner), .strikethrough(let inner), .link(_, _, let inner):
                return (last ? inner.last : inner.first).flatMap { edge($0, last: last) }
            default: return nil
            }
        }
        guard position > 0, position + 1 < content.count,
              let before = edge(content[position - 1], last: true), let after = edge(content[position + 1], last: false),
              Script.isWide(before), Script.isWide(after) else { return " " }
        return ""
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for c in text {
            if c == character { current += 1; longest = max(longest, current) } else { current = 0 }
        }
        return longest
    }
}

extension String {
    /// Replaces each character that is a key of `table` by its value, in one pass.
    public func replacingAll(_ table: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            if let replacement = table[character] { out += replacement } else { out.append(character) }
        }
        return out
    }
}

extension StringProtocol {
    /// The text without the characters at its end that satisfy `predicate`.
    public func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}

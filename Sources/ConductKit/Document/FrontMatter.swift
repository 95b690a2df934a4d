/// Metadata at the very start of a document, as static site generators read it: YAML between
/// `---` lines or TOML between `+++` lines (after an optional byte order mark).
///
/// It is a part of its own, never Markdown: the reader below takes its top-level keys, each
/// with its value as a reader of the data would compare it (quotes, spacing and comments
/// dropped), so that a reordered or respelled key is an editorial change and a changed, added
/// or removed value a substantive one. Nested and multi-line values are compared as
/// normalised text; no YAML or TOML beyond that is interpreted.
public struct FrontMatter: Sendable, Hashable {
    public enum Format: String, Sendable, Codable { case yaml, toml }

    /// One top-level key.
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// The value, unquoted when it is one scalar, else its normalised text.
        public var value: String
        /// The key's lines as stored (without the line break after the last one).
        public var raw: String
    }

    public let format: Format
    /// The stored text, both delimiter lines included, without the line break after the last.
    public let raw: String
    /// How many lines of the document it takes, delimiters included.
    public let lineCount: Int
    public let entries: [Entry]

    /// The value of the first entry named `key`.
    public subscript(key: String) -> String? { entries.first { $0.key == key }?.value }

    /// SHA-256 of the entries in key order: equal when only their order or spelling changed.
    public var fingerprint: String {
        let lines = entries.map { Fingerprint.fold($0.key) + "\u{1F}" + $0.value }.sorted()
        return Fingerprint.sha256(lines.joined(separator: "\n"))
    }

    /// The front matter at the start of `text`, if it has one: a first line `---` (YAML) or
    /// `+++` (TOML), and a closing line `---` or `...` (YAML) or `+++` (TOML). YAML is taken
    /// only when every line that is not indented reads as a key, a list item or a comment, so
    /// a document that merely begins with a thematic break stays Markdown.
    static func read(_ text: String) -> FrontMatter? {
        var bytes = Substring(text).utf8[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard bytes.starts(with: Array("---".utf8)) || bytes.starts(with: Array("+++".utf8)) else { return nil }
        // The lines up to the closing delimiter only: a long document is not split whole.
        var lines: [String] = []
        var start = text.utf8.startIndex
        var closed = false
        let stops: Set<String> = bytes.starts(with: Array("+++".utf8)) ? ["+++"] : ["---", "..."]
        while start <= text.utf8.endIndex, !closed {
            let end = text.utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.utf8.endIndex
            let line = String(decoding: text.utf8[start..<end], as: UTF8.self)
            lines.append(line)
            let content = line.utf8.last == 13 ? String(line.dropLast()) : line
            if lines.count > 1, stops.contains(String(content.trimmingSuffix(while: { $0 == " " || $0 == "\t" }))) { closed = true }
            if end == text.utf8.endIndex { break }
            start = text.utf8.index(after: end)
        }
        guard lines.count >= 2 else { return nil }
        func bare(_ line: String) -> String {
            var line = Substring(line)
            if line.unicodeScalars.first == "\u{FEFF}" { line = Substring(line.unicodeScalars.dropFirst()) }
            return String(line.trimmingSuffix(while: { $0 == " " || $0 == "\t" || $0 == "\r" }))
        }
        let format: Format
        switch bare(lines[0]) {
        case "---": format = .yaml
        case "+++": format = .toml
        default: return nil
        }
        let closers: Set<String> = format == .yaml ? ["---", "..."] : ["+++"]
        guard let close = lines.indices.dropFirst().first(where: { closers.contains(bare(lines[$0])) }) else { return nil }
        let body = lines[1..<close].map { String($0.trimmingSuffix(while: { $0 == "\r" })) }
        let entries = format == .yaml ? yamlEntries(body) : tomlEntries(body)
        guard let entries else { return nil }
        return FrontMatter(format: format, raw: lines[0...close].joined(separator: "\n"), lineCount: close + 1, entries: entries)
    }

    // MARK: YAML

    /// Top-level `key: value` entries, each with the indented or `- ` lines under it; nil when a
    /// line at the margin is none of a key, a list item, a comment or blank.
    private static func yamlEntries(_ lines: [String]) -> [Entry]? {
        var entries: [(key: String, inline: String, more: [String], raw: [String])] = []
        for line in lines {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let atMargin = trimmed.count == line.count
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                if !entries.isEmpty { entries[entries.count - 1].raw.append(line) }
                continue
            }
            if atMargin, !line.hasPrefix("- "), line != "-", let (key, rest) = yamlKey(Substring(line)) {
                entries.append((key, rest, [], [line]))
            } else if !entries.isEmpty, !atMargin || line.hasPrefix("- ") || line == "-" {
                entries[entries.count - 1].more.append(line)
                entries[entries.count - 1].raw.append(line)
            } else {
                return nil
            }
        }
        return entries.map { entry in
            var raw = entry.raw
            while let last = raw.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) || last.drop(while: { $0 == " " }).hasPrefix("#") {
                raw.removeLast()
            }
            let inline = stripComment(entry.inline, yaml: true)
            let value: String
            if entry.more.isEmpty {
                value = scalar(inline, yaml: true)
            } else {
                let text = ([inline] + entry.more.map { stripComment($0, yaml: true) }).joined(separator: "\n")
                value = normalised(text, yaml: true)
            }
            return Entry(key: entry.key, value: value, raw: raw.joined(separator: "\n"))
        }
    }

    /// `key: rest` with the key unquoted; nil when the line is not a mapping key.
    private static func yamlKey(_ line: Substring) -> (String, String)? {
        if let quote = line.first, quote == "\"" || quote == "'" {
            guard let (key, end) = quoted(line, quote: quote) else { return nil }
            let after = line[end...].drop { $0 == " " }
            guard after.first == ":" else { return nil }
            return (key, String(after.dropFirst()))
        }
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == ":" {
                let next = line.index(after: index)
                if next == line.endIndex || line[next] == " " || line[next] == "\t" {
                    let key = line[..<index].trimmingSuffix(while: { $0 == " " })
                    guard !key.isEmpty else { return nil }
                    return (String(key), String(line[next...]))
                }
            }
            if line[index] == "#", index > line.startIndex, line[line.index(before: index)] == " " { return nil }
            index = line.index(after: index)
        }
        return nil
    }

    // MARK: TOML

    /// Top-level `key = value` entries (a value may run on over lines: arrays, multi-line
    /// strings); under a `[table]` header the keys are named `table.key`, and each `[[array]]`
    /// header's lines are one entry named `array` (several in a row are joined).
    private static func tomlEntries(_ lines: [String]) -> [Entry]? {
        var entries: [Entry] = []
        var table = ""
        var index = 0
        var arrayEntry: Int?
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            index += 1
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[[") {
                let name = trimmed.dropFirst(2).prefix { $0 != "]" }.trimmingSuffix(while: { $0 == " " }).drop { $0 == " " }
                if let existing = entries.lastIndex(where: { $0.key == String(name) }), existing == arrayEntry {
                    entries[existing].raw += "\n" + line
                    entries[existing].value += "\n" + normalised(String(trimmed), yaml: false)
                } else {
                    entries.append(Entry(key: String(name), value: normalised(String(trimmed), yaml: false), raw: line))
                    arrayEntry = entries.count - 1
                }
                table = ""
                continue
            }
            if trimmed.hasPrefix("[") {
                table = String(trimmed.dropFirst().prefix { $0 != "]" }.trimmingSuffix(while: { $0 == " " }).drop { $0 == " " })
                arrayEntry = nil
                continue
            }
            guard let equals = keyEnd(trimmed) else { return nil }
            var key = tomlKey(trimmed[..<equals])
            if !table.isEmpty { key = table + "." + key }
            var valueText = String(trimmed[trimmed.index(after: equals)...])
            var raw = [line]
            // A value runs on while a bracket or a triple-quoted string is open.
            while !isComplete(valueText), index < lines.count {
                valueText += "\n" + lines[index]
                raw.append(lines[index])
                index += 1
            }
            let entry = Entry(key: key, value: scalar(stripComment(valueText, yaml: false), yaml: false), raw: raw.joined(separator: "\n"))
            if let arrayEntry {
                entries[arrayEntry].raw += "\n" + entry.raw
                entries[arrayEntry].value += "\n" + entry.key + "=" + entry.value
            } else {
                entries.append(entry)
            }
        }
        return entries
    }

    /// Where the `=` of a TOML key line stands, outside quoted key parts.
    private static func keyEnd(_ line: Substring) -> Substring.Index? {
        var quote: Character?
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "=" {
                return line[..<index].allSatisfy({ $0 == " " }) ? nil : index
            }
        }
        return nil
    }

    /// A TOML key, dotted parts unquoted and trimmed: `"a b" . c` → `a b.c`.
    private static func tomlKey(_ key: Substring) -> String {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in key {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace).description)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace).description)
        return parts.joined(separator: ".")
    }

    /// Whether a TOML value has closed every bracket and triple-quoted string it opened.
    private static func isComplete(_ value: String) -> Bool {
        var depth = 0
        var index = value.startIndex
        while index < value.endIndex {
            let rest = value[index...]
            if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
                let fence = rest.prefix(3)
                var cursor = value.index(index, offsetBy: 3)
                while cursor < value.endIndex, !value[cursor...].hasPrefix(fence) { cursor = value.index(after: cursor) }
                guard cursor < value.endIndex else { return false }
                index = value.index(cursor, offsetBy: 3)
                continue
            }
            let character = value[index]
            if character == "\"" || character == "'" {
                guard let (_, end) = quoted(rest, quote: character) else { return true }
                index = end
                continue
            }
            if character == "#" { break }
            if character == "[" || character == "{" { depth += 1 }
            if character == "]" || character == "}" { depth -= 1 }
            index = value.index(after: index)
        }
        return depth <= 0
    }

    // MARK: Values

    /// The text up to a comment: `#` outside quotes (in YAML only at the start or after white space).
    private static func stripComment(_ text: String, yaml: Bool) -> String {
        var quote: Character?
        var previous: Character = " "
        var out = ""
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if (character == "\"" || character == "'") && (!yaml || previous.isWhitespace || "[{,:".contains(previous)) {
                quote = character
            } else if character == "#", !yaml || previous.isWhitespace {
                break
            }
            out.append(character)
            previous = character
        }
        return String(out.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace))
    }

    /// One value: a lone quoted string is its content; anything else its normalised text.
    private static func scalar(_ text: String, yaml: Bool) -> String {
        let text = Substring(text.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace))
        if let quote = text.first, quote == "\"" || quote == "'" || text.hasPrefix("\"\"\"") || text.hasPrefix("'''") {
            if text.hasPrefix("\"\"\"") || text.hasPrefix("'''"), text.count >= 6, text.hasSuffix(text.prefix(3)) {
                var inner = text.dropFirst(3).dropLast(3)
                if inner.first == "\n" { inner = inner.dropFirst() }
                return String(inner)
            }
            if let (content, end) = quoted(text, quote: quote), end == text.endIndex { return content }
        }
        return normalised(String(text), yaml: yaml)
    }

    /// Tokens of a value joined in one spelling: quoted strings unquoted and written with
    /// double quotes, punctuation (`[]{},:=`) without spaces around it, other runs of text
    /// separated by one space.
    static func normalised(_ text: String, yaml: Bool) -> String {
        var out = ""
        var lastWasWord = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
                continue
            }
            if character == "\"" || character == "'", let (content, end) = quoted(text[index...], quote: character) {
                out += "\"" + content.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
                lastWasWord = false
                index = end
                continue
            }
            if "[]{},=".contains(character) || (character == ":" && !yaml) {
                out.append(character)
                lastWasWord = false
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, !text[end].isWhitespace, !"[]{},".contains(text[end]) { end = text.index(after: end) }
            if lastWasWord { out += " " }
            out += text[index..<end]
            lastWasWord = true
            index = end
        }
        return out
    }

    /// The content of the quoted string at the start of `text` and the index after it. Double
    /// quotes take backslash escapes; in single quotes `''` is one quote (YAML's rule).
    private static func quoted(_ text: Substring, quote: Character) -> (String, Substring.Index)? {
        var content = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if quote == "\"", character == "\\" {
                let next = text.index(after: index)
                guard next < text.endIndex else { return nil }
                switch text[next] {
                case "n": content.append("\n")
                case "t": content.append("\t")
                case "\"": content.append("\"")
                case "\\": content.append("\\")
                case "/": content.append("/")
                default: content.append("\\"); content.append(text[next])
                }
                index = text.index(after: next)
                continue
            }
            if character == quote {
                let next = text.index(after: index)
                if quote == "'", next < text.endIndex, text[next] == "'" {
                    content.append("'")
                    index = text.index(after: next)
                    continue
                }
                return (content, next)
            }
            content.append(character)
            index = text.index(after: index)
        }
        return nil
    }
}

extension FrontMatter {
    /// The front matter as a part of a change summary: no heading, its fingerprint over the entries.
    var digest: ClauseDigest {
        let raw = Fingerprint.sha256(self.raw)
        return ClauseDigest(key: Document.frontMatterKey, rawDigest: raw, fingerprint: fingerprint, bodyFingerprint: fingerprint,
                            bodyRawDigest: raw, number: nil, heading: "", normalizedHeading: "")
    }

    /// The stored text with "\n" line breaks, as `show` prints it.
    public var canonicalText: String {
        String(String.UnicodeScalarView(raw.unicodeScalars.drop(while: { $0 == "\u{FEFF}" }))).utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
            .joined(separator: "\n")
    }
}

private extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}

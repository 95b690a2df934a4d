/// Raw HTML split into text and tags, and its character references decoded: what the
/// sanitizer in RawHTML.swift walks.
extension RawHTML {
    enum Token {
        case text(String)
        case start(name: String, attributes: [(String, String)], selfClosing: Bool, source: String)
        case end(String)
    }

    /// Splits raw HTML into text and tags; comments, declarations and processing instructions are left out.
    static func tokens(_ literal: String) -> [Token] {
        let characters = Array(literal.unicodeScalars)
        var tokens: [Token] = []
        var text = String.UnicodeScalarView()
        var index = 0
        func flush() {
            if !text.isEmpty { tokens.append(.text(String(text))); text = String.UnicodeScalarView() }
        }
        func find(_ needle: String, from start: Int) -> Int? {
            let pattern = Array(needle.unicodeScalars)
            var position = start
            while position + pattern.count <= characters.count {
                if Array(characters[position..<position + pattern.count]) == pattern { return position }
                position += 1
            }
            return nil
        }
        func isNameStart(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.isAlphabetic }
        func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
        }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" }

        while index < characters.count {
            let scalar = characters[index]
            guard scalar == "<", index + 1 < characters.count else {
                text.append(scalar)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "!" || next == "?" {
                // A comment, CDATA section, declaration or processing instruction: dropped.
                let close: String = find("<!--", from: index) == index ? "-->" : find("<![CDATA[", from: index) == index ? "]]>" : next == "?" ? "?>" : ">"
                flush()
                index = (find(close, from: index + 2).map { $0 + close.unicodeScalars.count }) ?? characters.count
                continue
            }
            let closing = next == "/"
            var position = index + (closing ? 2 : 1)
            guard position < characters.count, isNameStart(characters[position]) else {
                text.append(scalar)
                index += 1
                continue
            }
            var name = ""
            while position < characters.count, isNameCharacter(characters[position]) {
                name.unicodeScalars.append(characters[position])
                position += 1
            }
            var attributes: [(String, String)] = []
            var selfClosing = false
            var complete = false
            while position < characters.count {
                while position < characters.count, isSpace(characters[position]) { position += 1 }
                guard position < characters.count else { break }
                let current = characters[position]
                if current == ">" { complete = true; position += 1; break }
                if current == "/", position + 1 < characters.count, characters[position + 1] == ">" {
                    selfClosing = true; complete = true; position += 2; break
                }
                var key = ""
                while position < characters.count, !isSpace(characters[position]), characters[position] != ">", characters[position] != "=",
                      !(characters[position] == "/" && position + 1 < characters.count && characters[position + 1] == ">") {
                    key.unicodeScalars.append(characters[position])
                    position += 1
                }
                if key.isEmpty { position += 1; continue }
                while position < characters.count, isSpace(characters[position]) { position += 1 }
                var value = ""
                if position < characters.count, characters[position] == "=" {
                    position += 1
                    while position < characters.count, isSpace(characters[position]) { position += 1 }
                    if position < characters.count, characters[position] == "\"" || characters[position] == "'" {
                        let quote = characters[position]
                        position += 1
                        while position < characters.count, characters[position] != quote {
                            value.unicodeScalars.append(characters[position])
                            position += 1
                        }
                        position += 1
                    } else {
                        while position < characters.count, !isSpace(characters[position]), characters[position] != ">" {
                            value.unicodeScalars.append(characters[position])
                            position += 1
                        }
                    }
                }
                attributes.append((key.lowercased(), value))
            }
            guard complete else {
                // Not a tag after all, and no later `<` can be one either (no `>` follows):
                // the rest is text as written.
                text.append(contentsOf: characters[index...])
                index = characters.count
                continue
            }
            flush()
            let source = String(String.UnicodeScalarView(characters[index..<position]))
            tokens.append(closing ? .end(name.lowercased()) : .start(name: name.lowercased(), attributes: attributes, selfClosing: selfClosing, source: source))
            index = position
        }
        flush()
        return tokens
    }

    /// Character references decoded: numeric ones, and the named ones common in prose; any
    /// other `&name;` stays as written (and shows as such).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            guard let semicolon = after.prefix(34).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var decoded: String?
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                if let value {
                    decoded = Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : String($0) } ?? "\u{FFFD}"
                }
            } else {
                decoded = namedEntities[String(name)]
            }
            if let decoded {
                out += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "shy": "\u{AD}", "zwj": "\u{200D}", "zwnj": "\u{200C}", "lrm": "\u{200E}", "rlm": "\u{200F}",
        "euro": "€", "times": "×", "divide": "÷", "deg": "°", "middot": "·", "bull": "•", "para": "¶", "sect": "§",
        "emsp": "\u{2003}", "ensp": "\u{2002}", "thinsp": "\u{2009}",
    ]
}

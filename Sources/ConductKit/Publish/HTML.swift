/// A small HTML writer: every piece of text goes through `text` or an attribute value and is
/// escaped there, so nothing read from a store can open an element, an attribute or a script.
struct HTML {
    private(set) var output = ""

    init(capacity: Int = 4096) {
        output.reserveCapacity(capacity)
    }

    /// Markup the caller wrote itself (never text from a store).
    mutating func raw(_ markup: String) {
        output += markup
    }

    /// Text content, escaped.
    mutating func text(_ text: String) {
        output += HTML.escape(text, quotes: false)
    }

    /// `<name attributes>`; an attribute whose value is nil is left out.
    mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        output += "<" + name
        for (key, value) in attributes {
            guard let value else { continue }
            output += " " + key + "=\"" + HTML.escape(value, quotes: true) + "\""
        }
        output += ">"
    }

    mutating func close(_ name: String) {
        output += "</" + name + ">"
    }

    /// An element holding `text`, escaped.
    mutating func element(_ name: String, _ attributes: [(String, String?)] = [], text: String) {
        open(name, attributes)
        self.text(text)
        close(name)
    }

    /// An element whose content `body` writes.
    mutating func element(_ name: String, _ attributes: [(String, String?)] = [], _ body: (inout HTML) throws -> Void) rethrows {
        open(name, attributes)
        try body(&self)
        close(name)
    }

    /// A link to `href` (a relative URL this site made) with `text` as its content.
    mutating func link(_ href: String, _ text: String, _ attributes: [(String, String?)] = []) {
        element("a", [("href", href)] + attributes, text: text)
    }

    /// Escapes `&`, `<` and `>` (and quotes for attribute values); code points HTML forbids
    /// (controls other than white space, noncharacters) become U+FFFD.
    static func escape(_ text: String, quotes: Bool) -> String {
        var needs = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte < 0x20 || byte == 0x7F
            || byte == 0xEF || byte == 0xC2 || byte >= 0xF0 {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += "\n"
            default:
                if isForbidden(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func isForbidden(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// `%E8%A1%8C` → `行`: a URL's escapes read back (the text as it is when they do not make UTF-8).
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        func digit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count, let high = digit(utf8[index + 1]), let low = digit(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? text
    }

    /// A relative path (`ja/clauses/行動規範.html`) as a URL: each segment percent-encoded, the slashes kept.
    static func pathSegments(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { pathSegment(String($0)) }.joined(separator: "/")
    }

    /// A relative URL path segment: letters, digits and `-._~` pass, everything else is percent-encoded.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }
        }
        return out
    }
}

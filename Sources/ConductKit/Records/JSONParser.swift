/// A strict JSON parser for records: objects, arrays, strings, whole numbers, booleans, null.
///
/// Faster than decoding through `Codable` (records are read by the thousand), and stricter: a
/// fraction, an exponent, a duplicate key or trailing text is refused.
///
/// In canonical mode the parser accepts only the exact bytes `JSONValue.canonicalBytes` would
/// write (no white space, keys in ascending byte order, only the escapes the writer uses), so
/// a stored record is checked for canonical form while it is read, without writing it again.
struct JSONParser {
    private let bytes: [UInt8]
    private let canonical: Bool
    private var index = 0
    private var depth = 0
    static let maximumDepth = RecordLimits.maximumDepth
    /// The record limit the bytes went over, when that is why they did not parse.
    private var overLimit: String?

    private init(_ bytes: [UInt8], canonical: Bool) {
        self.bytes = bytes
        self.canonical = canonical
    }

    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONParser(bytes, canonical: false)
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.index == bytes.count ? value : nil
    }

    /// The record limit (`RecordLimits`) that keeps `bytes` from parsing, if that is what does.
    static func limitProblem(_ bytes: [UInt8]) -> String? {
        var parser = JSONParser(bytes, canonical: false)
        _ = parser.value()
        return parser.overLimit
    }

    /// The value of `bytes` when they are exactly its canonical form, else nil.
    static func parseCanonical(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONParser(bytes, canonical: true)
        guard let value = parser.value() else { return nil }
        return parser.index == bytes.count ? value : nil
    }

    private mutating func skipSpace() {
        guard !canonical else { return }
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { return nil }
        index += expected.count
        return value
    }

    private mutating func value() -> JSONValue? {
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return integer()
        }
    }

    private mutating func integer() -> JSONValue? {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        guard index > digits, index - digits <= 18 else { return nil }
        // No leading zeros, no fraction, no exponent.
        if index - digits > 1, bytes[digits] == 0x30 { return nil }
        if canonical, digits > start, index - digits == 1, bytes[digits] == 0x30 { return nil }  // "-0"
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            return nil
        }
        return Int64(String(decoding: bytes[start..<index], as: UTF8.self)).map(JSONValue.integer)
    }

    private mutating func string() -> String? {
        index += 1  // the opening quote
        // Most strings hold no escape: take them in one piece.
        let start = index
        while index < bytes.count, bytes[index] >= 0x20, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            index += 1
        }
        guard index < bytes.count, bytes[index] >= 0x20 else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            guard index - 1 - start <= RecordLimits.maximumStringBytes else {
                overLimit = RecordLimits.stringProblem(index - 1 - start)
                return nil
            }
            return String(validating: bytes[start..<index - 1], as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard out.count <= RecordLimits.maximumStringBytes else {
                    overLimit = RecordLimits.stringProblem(out.count)
                    return nil
                }
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(escape)
                case UInt8(ascii: "/") where !canonical: out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u") where canonical:
                    // The writer uses \u00xx (lower-case hex) for control characters it has no short escape for.
                    guard let scalar = hex4(), scalar < 0x20, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar),
                          bytes[index - 2...index - 1].allSatisfy({ !(0x41...0x46).contains($0) }) else { return nil }
                    out.append(UInt8(scalar))
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    return nil
                }
            case 0x00..<0x20:
                return nil  // control characters must be escaped
            default:
                out.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func array() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { overLimit = RecordLimits.depthProblem; return nil }
        index += 1
        var values: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(values) }
        while true {
            guard let element = value() else { return nil }
            values.append(element)
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(values) }
            return nil
        }
    }

    private mutating func object() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { overLimit = RecordLimits.depthProblem; return nil }
        index += 1
        var members: [String: JSONValue] = [:]
        var previousKey: String?
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            if canonical {
                // Keys in strictly ascending order of their UTF-8 bytes, as the writer sorts them.
                if let previousKey, !previousKey.utf8.lexicographicallyPrecedes(key.utf8) { return nil }
                previousKey = key
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let element = value(), members[key] == nil else { return nil }
            members[key] = element
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            return nil
        }
    }
}

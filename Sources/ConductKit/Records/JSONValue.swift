#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A JSON value, kept exactly: records are hashed over their canonical form, so they are read
/// and written without passing through types that could lose or reorder anything.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Records hold whole numbers only: a canonical form for fractions is not worth the doubt.
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }
}

extension JSONValue {
    /// The canonical form: keys sorted by their UTF-8 bytes, no insignificant white space,
    /// strings escaped only where JSON requires (quote, backslash, control characters).
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// Appends the canonical form to `out`.
    public func writeCanonical(to out: inout [UInt8]) {
        write(to: &out)
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    fileprivate static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value a record may hold (fractions are not allowed)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON bytes; nil when they are not JSON or hold what records may not (a fraction,
    /// an exponent, a duplicate key, nesting deeper than 64).
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        JSONParser.parse(bytes)
    }

    /// Parses bytes that must be exactly a value's canonical form; nil otherwise.
    public static func parseCanonical(_ bytes: [UInt8]) -> JSONValue? {
        JSONParser.parseCanonical(bytes)
    }
}

extension JSONValue {
    /// How an empty array or object is written: `[]` and `{}`, or opened on a blank line and
    /// closed at the member's indentation (`[\n\n  ]`), as the listings that were once written
    /// by Foundation's JSONEncoder have always printed them.
    public enum EmptyContainers: Sendable {
        case closed, open
    }

    /// Writes indented JSON for people and tools alike (two spaces, keys sorted, `"key" : value`,
    /// the same escapes as the canonical form) to `sink` in pieces of about `chunkSize` bytes, so
    /// that a large listing is never held whole as bytes.
    public func writePretty(chunkSize: Int = 1 << 16, empty: EmptyContainers = .closed, to sink: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + chunkSize / 4)
        writePretty(to: &out, indent: 0, empty: empty) { buffer in
            guard buffer.count >= chunkSize else { return }
            sink(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        if !out.isEmpty { sink(out) }
    }

    private func writePretty(to out: inout [UInt8], indent: Int, empty: EmptyContainers, flush: (inout [UInt8]) -> Void) {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
        }
        switch self {
        case .array(let values) where !values.isEmpty:
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                value.writePretty(to: &out, indent: indent + 1, empty: empty, flush: flush)
                flush(&out)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONValue.writeString(member.key, to: &out)
                out.append(contentsOf: " : ".utf8)
                member.value.writePretty(to: &out, indent: indent + 1, empty: empty, flush: flush)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        case .array, .object:
            guard empty == .open else { return write(to: &out) }
            let (open, close) = if case .array = self { (UInt8(ascii: "["), UInt8(ascii: "]")) } else { (UInt8(ascii: "{"), UInt8(ascii: "}")) }
            out.append(open)
            out.append(UInt8(ascii: "\n"))
            newline(indent)
            out.append(close)
        default:
            write(to: &out)
        }
    }
}

/// Reads the SSH wire encoding (RFC 4251 §5): big-endian `uint32`, and `string` as a
/// `uint32` length followed by that many bytes.
///
/// Every read checks the bytes that remain first and throws the error `malformed` makes, so
/// a length field from untrusted input can never read past the end or ask for a huge buffer.
/// `malformed` lets the caller say *what* was damaged (a key, a signature) in its own error.
struct SSHReader {
    private let bytes: [UInt8]
    private var offset: Int
    private let malformed: (String) -> SigningError

    init(_ bytes: [UInt8], malformed: @escaping (String) -> SigningError) {
        self.bytes = bytes
        offset = 0
        self.malformed = malformed
    }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    /// Exactly `count` raw bytes; `field` names them in the error when they are missing.
    mutating func bytes(_ count: Int, _ field: String) throws(SigningError) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw malformed("it ends inside its \(field)") }
        let out = Array(bytes[offset..<offset + count])
        offset += count
        return out
    }

    mutating func uint32(_ field: String) throws(SigningError) -> UInt32 {
        let four = try bytes(4, field)
        return four.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A length-prefixed `string`, as bytes.
    mutating func string(_ field: String) throws(SigningError) -> [UInt8] {
        let length = try uint32(field)
        // On a 32-bit platform a length above Int.max is simply more than remains.
        guard let count = Int(exactly: length) else { throw malformed("it ends inside its \(field)") }
        return try bytes(count, field)
    }

    /// A length-prefixed `string` that must be UTF-8 text.
    mutating func text(_ field: String) throws(SigningError) -> String {
        let raw = try string(field)
        guard let text = String(validating: raw, as: UTF8.self) else { throw malformed("its \(field) is not UTF-8 text") }
        return text
    }

    /// Throws unless every byte has been read: trailing bytes mean the layout was misread.
    func expectEnd(_ what: String) throws(SigningError) {
        guard isAtEnd else { throw malformed("\(remaining) unexpected bytes follow \(what)") }
    }
}

/// Writes the SSH wire encoding; the counterpart of `SSHReader`.
struct SSHWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ more: some Sequence<UInt8>) {
        bytes.append(contentsOf: more)
    }

    mutating func uint32(_ value: UInt32) {
        bytes.append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)])
    }

    /// A length-prefixed `string`. Everything conduct writes is far below 4 GiB.
    mutating func string(_ value: some Collection<UInt8>) {
        uint32(UInt32(truncatingIfNeeded: value.count))
        raw(value)
    }

    mutating func string(_ value: String) {
        string(Array(value.utf8))
    }
}

enum SSHWire {
    /// Renders a name read from untrusted input for an error message: printable ASCII only,
    /// at most 40 characters, so a damaged file cannot fill the terminal with junk.
    static func printable(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes.prefix(40) {
            out.append(byte >= 0x20 && byte < 0x7f ? Character(Unicode.Scalar(byte)) : "?")
        }
        if bytes.count > 40 { out += "…" }
        return out.isEmpty ? "(empty)" : out
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The text armour OpenSSH wraps around binary keys and signatures:
/// a `-----BEGIN LABEL-----` line, base64 wrapped at 70 columns, and `-----END LABEL-----`.
///
/// Reading is lenient about what mail and editors do to text (CR LF line ends, indentation,
/// blank lines around the block) and strict about everything else.
enum SSHArmor {
    /// OpenSSH wraps the base64 of both private keys and SSHSIG signatures at 70 columns.
    static let width = 70

    /// The armoured text of `bytes`, ending with a newline after the END line.
    static func encode(_ bytes: [UInt8], label: String) -> String {
        let base64 = Array(Data(bytes).base64EncodedString().utf8)
        var text = "-----BEGIN \(label)-----\n"
        var start = 0
        while start < base64.count {
            let end = min(start + width, base64.count)
            text += String(decoding: base64[start..<end], as: UTF8.self) + "\n"
            start = end
        }
        return text + "-----END \(label)-----\n"
    }

    /// The bytes inside the armour. Throws `notArmoured` when the text does not begin with
    /// the BEGIN line (it is something else altogether), and what `malformed` makes when it
    /// does but the rest cannot be read.
    static func decode(
        _ text: String, label: String, notArmoured: SigningError, malformed: (String) -> SigningError
    ) throws(SigningError) -> [UInt8] {
        var lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(trimmed)
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, first.elementsEqual("-----BEGIN \(label)-----".utf8) else { throw notArmoured }
        guard lines.count >= 2, let last = lines.last, last.elementsEqual("-----END \(label)-----".utf8) else {
            throw malformed("it has no -----END \(label)----- line")
        }
        let base64 = lines[1..<lines.count - 1].reduce(into: [UInt8]()) { $0.append(contentsOf: $1) }
        guard !base64.isEmpty else { throw malformed("there is nothing between its BEGIN and END lines") }
        guard let data = Data(base64Encoded: Data(base64)) else { throw malformed("its body is not valid base64") }
        return Array(data)
    }

    /// `line` without surrounding spaces, tabs and carriage returns.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0d]
        guard let start = line.firstIndex(where: { !blank.contains($0) }),
              let end = line.lastIndex(where: { !blank.contains($0) }) else { return [] }
        return line[start...end]
    }
}

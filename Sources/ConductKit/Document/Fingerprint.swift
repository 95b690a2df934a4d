import Crypto

/// Normalisation and hashing behind clause fingerprints.
///
/// Two texts fold alike when they differ only in ways a reader does not see as a change of
/// meaning: line breaks and runs of white space, straight or curly quotes, dash forms,
/// non-breaking spaces, letter case, and Markdown spellings that render alike (the canonical
/// renderer has already unified those). Every word and every other punctuation mark counts.
public enum Fingerprint {
    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Folds typographic variants, white space and case.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var lastWasDash = false
        for scalar in text.unicodeScalars {
            var mapped: Unicode.Scalar = scalar
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: mapped = "'"
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: mapped = "\""
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: mapped = "-"
            case 0x00A0, 0x2007, 0x202F, 0x2000...0x200A, 0x3000: mapped = " "
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: continue  // invisible
            case 0x2026:
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                lastWasDash = false
                out.append(contentsOf: "...".unicodeScalars)
                continue
            default: break
            }
            if mapped.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if mapped == "-" {
                // "--", "---" and "—" are one dash.
                if lastWasDash, !pendingSpace { continue }
                lastWasDash = true
            } else {
                lastWasDash = false
            }
            if pendingSpace, !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(mapped)
        }
        return String(out).lowercased()
    }
}

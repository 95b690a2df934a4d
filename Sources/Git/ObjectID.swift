/// A 20-byte SHA-1 object id, held by value (no libgit2 memory).
///
/// The bytes are packed big-endian into three integers, so comparing the integers
/// in order compares the ids byte by byte, the same order as `git_oid_cmp`.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0–7.
    private let word0: UInt64
    /// Bytes 8–15.
    private let word1: UInt64
    /// Bytes 16–19.
    private let word2: UInt32

    /// Number of raw bytes in an id.
    static let byteCount = 20

    /// Builds an id from exactly 20 raw bytes; `nil` for any other count. No libgit2 call.
    init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == ObjectID.byteCount else { return nil }
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var w2: UInt32 = 0
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 0..<8: w0 = w0 << 8 | UInt64(byte)
            case 8..<16: w1 = w1 << 8 | UInt64(byte)
            default: w2 = w2 << 8 | UInt32(byte)
            }
        }
        word0 = w0
        word1 = w1
        word2 = w2
    }

    /// Parses exactly 40 hexadecimal characters (either case); `nil` for anything else.
    /// Pure Swift, no libgit2 call.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 2 * ObjectID.byteCount else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ObjectID.byteCount)
        var index = 0
        while index < utf8.count {
            guard let high = ObjectID.nibble(utf8[index]), let low = ObjectID.nibble(utf8[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes: bytes)
    }

    /// The 20 raw bytes, most significant first. No libgit2 call.
    var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(ObjectID.byteCount)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word0 >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word1 >> UInt64(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word2 >> UInt32(shift))) }
        return result
    }

    /// The id as 40 lowercase hexadecimal characters. No libgit2 call.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var characters: [UInt8] = []
        characters.reserveCapacity(2 * ObjectID.byteCount)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Same as `hex`. No libgit2 call.
    public var description: String { hex }

    /// The all-zero id git uses for "no object" (e.g. the old value of a newly created ref in a reflog).
    public static let zero = ObjectID(word0: 0, word1: 0, word2: 0)

    /// `true` for the all-zero id. No libgit2 call.
    public var isZero: Bool { self == ObjectID.zero }

    /// Byte-wise ordering, the same as `git_oid_cmp`. No libgit2 call.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.word0, lhs.word1, lhs.word2) < (rhs.word0, rhs.word1, rhs.word2)
    }

    /// Memberwise initialiser for the packed words.
    private init(word0: UInt64, word1: UInt64, word2: UInt32) {
        self.word0 = word0
        self.word1 = word1
        self.word2 = word2
    }

    /// Value of one ASCII hexadecimal digit, or `nil`.
    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

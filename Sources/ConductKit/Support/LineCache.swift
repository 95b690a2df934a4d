#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Lines kept under the store's git directory (never in a ref), keyed by a content hash, so an
/// entry never goes stale. Lines are appended whole; a line that does not parse is ignored, so
/// a torn write or a damaged file costs only a recomputation.
struct LineCache {
    let url: URL
    /// Files of earlier rules this one replaced, removed by the first write: never read again.
    private let replaced: [URL]
    /// The lines added since opening, each ending in a newline.
    private var pending: [UInt8] = []

    init(gitDirectory: String, name: String, replacing replaced: [String] = []) {
        let folder = URL(fileURLWithPath: gitDirectory).appendingPathComponent("conduct-cache")
        url = folder.appendingPathComponent(name)
        self.replaced = replaced.map { folder.appendingPathComponent($0) }
    }

    /// Every line of the file (split on bytes: a cache can hold a hundred thousand lines).
    func lines() -> [Substring] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        return Substring(String(decoding: data, as: UTF8.self)).split(byte: UInt8(ascii: "\n"), keepingEmpty: false)
    }

    /// Adds a line, written by the next `flush`, or now once a megabyte is waiting.
    mutating func append(_ line: String) {
        pending += line.utf8
        pending.append(UInt8(ascii: "\n"))
        if pending.count >= 1 << 20 { flush() }
    }

    /// Appends what was added since opening; failures are ignored (the cache is an optimisation).
    mutating func flush() {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        // The folder exists only in a store conduct made or adopted (Store.makeCacheFolder).
        let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = pending.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        for file in replaced { unlink(file.path) }
    }
}

/// Ids of signed records whose signature was found to hold over their content. Record ids are
/// content hashes: the verdict cannot go stale. Whose key it is, and whether that key was valid
/// at the signing time, is checked again on every read.
struct VerifiedSignatures {
    private var cache: LineCache
    /// The ids the cache held when it was opened, as digests, not strings: a store of a hundred
    /// thousand signatories has twice as many. Only these answer `check`.
    private var ids: Set<RecordDigest>
    /// The ids remembered since, by their first 64 bits: enough to write each line once, and
    /// eight bytes an id where a first read of a large ledger remembers every one. Two ids that
    /// share them (a chance of about one in 10^9 at 200,000 ids) leave the second unwritten, so
    /// it is checked again next time; nothing is ever taken as verified on these bits.
    private var written: Set<UInt64> = []

    init(gitDirectory: String) {
        cache = LineCache(gitDirectory: gitDirectory, name: "signatures-v1")
        ids = Set(cache.lines().compactMap(RecordDigest.init(hex:)))
    }

    /// Why the record's signature does not hold (nil: it holds), from the cache or computed; a
    /// good verdict is kept with `remember` (checks may run on several threads at once).
    func check(_ record: Record) -> String? {
        if let digest = RecordDigest(hex: record.id), ids.contains(digest) { return nil }
        return SignatureVerdicts.intrinsicProblem(record)
    }

    /// Notes that the signature of record `id` holds.
    mutating func remember(_ id: String) {
        guard let digest = RecordDigest(hex: id), !ids.contains(digest), written.insert(digest.prefix).inserted else { return }
        cache.append(id)
    }

    mutating func flush() { cache.flush() }
}

extension Substring {
    /// The text split on an ASCII byte, scanning bytes: splitting on characters is many times
    /// slower, and caches hold hundreds of thousands of fields.
    func split(byte: UInt8, keepingEmpty: Bool) -> [Substring] {
        let utf8 = self.utf8
        let offsets: [Int]? = utf8.withContiguousStorageIfAvailable { bytes in
            var found: [Int] = []
            for offset in bytes.indices where bytes[offset] == byte { found.append(offset) }
            return found
        }
        guard let offsets else {
            return utf8.split(separator: byte, omittingEmptySubsequences: !keepingEmpty).map { Substring($0) }
        }
        var parts: [Substring] = []
        parts.reserveCapacity(offsets.count + 1)
        var start = 0
        for end in offsets + [utf8.count] {
            if keepingEmpty || end > start {
                parts.append(self[utf8.index(startIndex, offsetBy: start)..<utf8.index(startIndex, offsetBy: end)])
            }
            start = end + 1
        }
        return parts
    }
}

/// A record id, 64 lower-case hex digits, as its 32 bytes.
struct RecordDigest: Hashable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// Nil unless `hex` is 64 lower-case hex digits.
    init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64 else { return nil }
        var bytes = hex.utf8.makeIterator()
        // The next 16 digits as one word.
        func word() -> UInt64? {
            var word: UInt64 = 0
            for _ in 0..<16 {
                guard let byte = bytes.next() else { return nil }
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): word = word << 4 | UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): word = word << 4 | UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
            }
            return word
        }
        guard let first = word(), let second = word(), let third = word(), let fourth = word() else { return nil }
        words = (first, second, third, fourth)
    }

    static func == (left: RecordDigest, right: RecordDigest) -> Bool { left.words == right.words }

    /// The first 64 bits.
    var prefix: UInt64 { words.0 }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

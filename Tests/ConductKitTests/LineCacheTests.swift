import Foundation
import Testing
@testable import ConductKit

/// The caches under a store's git directory: lines appended whole, a megabyte at a time, and
/// the verified-signature ids read back as the digests they were written from.
@Suite("Line caches")
struct LineCacheTests {
    @Test func aRecordIdIsReadAsItsDigestAndNothingElseIs() {
        let id = String(repeating: "0123456789abcdef", count: 4)
        #expect(RecordDigest(hex: id) == RecordDigest(hex: Substring(id)))
        #expect(RecordDigest(hex: id) != RecordDigest(hex: String(id.dropLast()) + "0"))
        for bad in [String(id.dropLast()), id + "0", id.uppercased(), String(id.dropLast()) + "g", ""] {
            #expect(RecordDigest(hex: bad) == nil, "\(bad)")
        }
    }

    @Test func verdictsAndLinesSurviveAWriteOfMoreThanAMegabyte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("line-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("conduct-cache"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 20,000 ids of 64 digits: more than a megabyte, so some are written before the flush.
        let ids = (0..<20_000).map { Fingerprint.sha256(Array("record \($0)".utf8)) }
        var verified = VerifiedSignatures(gitDirectory: folder.path)
        ids.forEach { verified.remember($0) }
        ids.prefix(10).forEach { verified.remember($0) }  // once each
        verified.flush()
        let cache = LineCache(gitDirectory: folder.path, name: "signatures-v1")
        #expect(cache.lines().map(String.init) == ids)
        // Read back, every id is known: remembering them again writes nothing, a new one a line.
        var again = VerifiedSignatures(gitDirectory: folder.path)
        ids.forEach { again.remember($0) }
        again.remember(Fingerprint.sha256(Array("one more".utf8)))
        again.flush()
        #expect(LineCache(gitDirectory: folder.path, name: "signatures-v1").lines().count == ids.count + 1)
    }
}

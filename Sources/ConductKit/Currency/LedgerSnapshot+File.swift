#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension LedgerSnapshot {
    // MARK: Writing

    /// Encodes entries one at a time, in name order, so that a rebuild holds the encoded
    /// snapshot rather than every part on its own.
    struct Writer {
        private var body = Encoder()
        private var count = 0
        private var problems: [LedgerProblem] = []

        mutating func append(_ entry: Entry) {
            problems += LedgerSnapshot.problems(entry.signatory) + LedgerSnapshot.problems(entry.attestations)
            count += 1
            let start = body.bytes.count
            body.u32(0)
            body.string(entry.name)
            for part in [entry.signatory, entry.attestations] {
                body.byte(part.state.rawValue)
                body.string(part.tree)
                body.u32(part.payload.count)
                body.bytes += part.payload
            }
            let length = UInt32(body.bytes.count - start - 4)
            for shift in 0..<4 { body.bytes[start + shift] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(shift))) }
        }

        /// Makes room for `total` entries in all, judged by the size of those appended so far, so
        /// that the encoded snapshot (tens of megabytes for a hundred thousand signatories) is
        /// not copied each time it outgrows its buffer.
        mutating func expect(_ total: Int) {
            guard count > 0, total > count else { return }
            body.bytes.reserveCapacity(body.bytes.count / count * total * 11 / 10)
        }

        mutating func finish(signatoryRoot: String?, attestationRoot: String?, attestationsKnown: Bool) -> LedgerSnapshot {
            var header = Encoder()
            header.bytes += LedgerSnapshot.magic
            header.string(signatoryRoot ?? "")
            header.string(attestationRoot ?? "")
            header.byte(attestationsKnown ? 1 : 0)
            header.problems(problems)
            header.u32(count)
            // The header goes in front of the body in its own buffer, which has room to spare
            // as it grew: a hundred thousand entries are tens of megabytes, not copied again.
            var bytes = body.bytes
            body = Encoder()
            bytes.insert(contentsOf: header.bytes, at: 0)
            let sum = LedgerSnapshot.checksum(bytes[...])
            for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(shift)))) }
            return LedgerSnapshot(bytes: bytes)!
        }
    }

    /// Replaces the file under `gitDirectory`: written aside, then renamed over, so a reader
    /// sees the old file or the new one. Failures are ignored (it is a cache).
    func write(gitDirectory: String) {
        let folder = gitDirectory + "/conduct-cache"
        // The folder exists only in a store conduct made or adopted (Store.makeCacheFolder).
        let temporary = folder + "/.\(Self.fileName).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { return }
        var written = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                guard result > 0 else { return }
                written += result
            }
        }
        close(descriptor)
        if written != bytes.count || rename(temporary, folder + "/" + Self.fileName) != 0 { unlink(temporary) }
        for name in Self.replaced { unlink(folder + "/" + name) }
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let result = read(descriptor, buffer.baseAddress! + done, size - done)
                guard result > 0 else { break }
                done += result
            }
            complete = done == size
            count = done
        }
        return complete ? bytes : nil
    }

    /// A 64-bit checksum, eight bytes at a time: it catches a torn or damaged file, not an adversary
    /// (whoever can write the git directory can move its references too).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            var offset = 0
            while offset + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                hash = (hash ^ word) &* 0x0000_0100_0000_01B3
                hash ^= hash >> 29
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* 0x0000_0100_0000_01B3
                offset += 1
            }
            return hash ^ (hash >> 32)
        }
    }
}

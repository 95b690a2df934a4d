#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `status` reads of the ledger, kept in one binary file under the git directory: for
/// every signatory (sorted by id), the fold of its `signatories/<id>/` folder and the checked
/// attestations of its `attestations/<id>/` folder, each with the folder's tree id and the
/// problems found in it.
///
/// Each part is a pure function of its folder's tree id, so a part whose tree id is unchanged
/// is reused as it is, and one that changed is read again. The header names the tree ids of
/// the two top-level folders: when both are unchanged, a read lists no folder and decodes
/// entries one at a time while they are rendered. The file is replaced whole (written aside,
/// then renamed), and a checksum over it catches a torn or damaged file, which costs only a
/// rebuild.
struct LedgerSnapshot {
    static let fileName = "ledger-v3"
    private static let magic = Array("conduct-ledger-v3\n".utf8)

    /// The tree ids of `signatories/` and `attestations/` the entries were read from (nil:
    /// the folder is absent); `attestationsKnown` is false when the attestation parts were
    /// not read (a reader that wanted signatories only).
    var signatoryRoot: String?
    var attestationRoot: String?
    var attestationsKnown: Bool
    var problems: [Store.LedgerProblem]
    /// The whole file, and where each entry starts (one past the last at the end).
    private let bytes: [UInt8]
    private let offsets: [Int]

    var count: Int { offsets.count - 1 }

    /// One folder's part of an entry, as stored.
    struct Part {
        enum State: UInt8 { case absent = 0, present = 1, unknown = 2 }
        var state: State
        /// The folder's tree id (hex); empty unless present.
        var tree: String
        /// The encoded fold (see `Encoder`), reused byte for byte while the tree id holds.
        var payload: ArraySlice<UInt8>

        static let absent = Part(state: .absent, tree: "", payload: [])
        static let unknown = Part(state: .unknown, tree: "", payload: [])
    }

    struct Entry {
        var name: String
        var signatory: Part
        var attestations: Part
    }

    // MARK: Reading

    /// The snapshot kept under `gitDirectory`, or nil when there is none or it is damaged.
    init?(gitDirectory: String) {
        let path = gitDirectory + "/conduct-cache/" + Self.fileName
        guard let bytes = Self.readFile(path) else { return nil }
        self.init(bytes: bytes)
    }

    init?(bytes: [UInt8]) {
        guard bytes.count >= Self.magic.count + 8, bytes.starts(with: Self.magic) else { return nil }
        let body = bytes.count - 8
        guard Self.checksum(bytes[..<body]) == bytes.withUnsafeBytes({ UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: body, as: UInt64.self)) }) else {
            return nil
        }
        var header: (String?, String?, Bool, [Store.LedgerProblem], Int)?
        var offsets: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer, from: Self.magic.count, to: body)
            guard let signatoryRoot = reader.string(), let attestationRoot = reader.string(), let known = reader.byte(),
                  let problems = reader.problems(), let count = reader.u32() else { return }
            header = (signatoryRoot.isEmpty ? nil : signatoryRoot, attestationRoot.isEmpty ? nil : attestationRoot, known == 1, problems, Int(count))
            offsets.reserveCapacity(Int(count) + 1)
            for _ in 0..<count {
                offsets.append(reader.offset)
                guard let length = reader.u32(), reader.skip(Int(length)) else { return }
            }
            offsets.append(reader.offset)
        }
        guard let header, offsets.count == header.4 + 1, offsets.last == body else { return nil }
        (signatoryRoot, attestationRoot, attestationsKnown, problems) = (header.0, header.1, header.2, header.3)
        self.bytes = bytes
        self.offsets = offsets
    }

    /// The entry at `index` as stored, or nil when it does not read.
    func entry(at index: Int) -> Entry? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer, from: offsets[index] + 4, to: offsets[index + 1])
            guard let name = reader.string(), let signatory = reader.part(), let attestations = reader.part() else { return nil }
            return Entry(name: name, signatory: part(signatory), attestations: part(attestations))
        }
    }

    /// The name of the entry at `index` only.
    func name(at index: Int) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer, from: offsets[index] + 4, to: offsets[index + 1])
            return reader.string()
        }
    }

    /// The index of the entry named `name` (entries are sorted by name).
    func index(of name: String) -> Int? {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            guard let found = self.name(at: middle) else { return nil }
            if found == name { return middle }
            if found < name { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func part(_ raw: (state: Part.State, tree: String, range: Range<Int>)) -> Part {
        Part(state: raw.state, tree: raw.tree, payload: bytes[raw.range])
    }

    // MARK: Decoding parts

    /// The signatory a part holds (nil: the folder holds no registration), or nil when it does not read.
    static func signatory(_ part: Part) -> Signatory?? {
        guard part.state == .present else { return .some(nil) }
        return part.payload.withUnsafeBufferPointer { buffer -> Signatory?? in
            var reader = Reader(buffer, from: 0, to: buffer.count)
            guard reader.problems() != nil, let has = reader.byte() else { return nil }
            guard has == 1 else { return .some(nil) }
            guard let id = reader.string(), let name = reader.string(), let kindByte = reader.string(),
                  let kind = Signatory.Kind(rawValue: kindByte), let registered = reader.time(),
                  let representativeCount = reader.u32() else { return nil }
            var representatives: [Identity] = []
            for _ in 0..<representativeCount {
                guard let name = reader.string(), let email = reader.string() else { return nil }
                representatives.append(Identity(name: name, email: email))
            }
            guard let keyCount = reader.u32() else { return nil }
            var keys: [Signatory.Key] = []
            for _ in 0..<keyCount {
                guard let line = reader.string(), let fingerprint = reader.string(), let added = reader.time(),
                      let revoked = reader.optionalTime() else { return nil }
                keys.append(Signatory.Key(line: line, fingerprint: fingerprint, added: added, revoked: revoked))
            }
            return .some(Signatory(id: id, name: name, kind: kind, representatives: representatives, registered: registered, keys: keys))
        }
    }

    /// The checked attestations a part holds, or nil when it does not read.
    static func attestations(_ part: Part) -> [CheckedAttestation]? {
        guard part.state == .present else { return [] }
        return part.payload.withUnsafeBufferPointer { buffer -> [CheckedAttestation]? in
            var reader = Reader(buffer, from: 0, to: buffer.count)
            guard reader.problems() != nil, let count = reader.u32() else { return nil }
            var result: [CheckedAttestation] = []
            result.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let id = reader.string(), let signatory = reader.string(), let time = reader.time(),
                      let revision = reader.string(), let version = reader.optionalString(), let document = reader.string(),
                      let fingerprints = reader.string(), let scope = reader.optionalStrings(),
                      let statement = reader.optionalString(), let name = reader.string(), let email = reader.string(),
                      let key = reader.string(), let problem = reader.optionalString(), let withdrawalCount = reader.u32() else { return nil }
                var withdrawals: [Attestation.Withdrawal] = []
                var verdicts: [String?] = []
                for _ in 0..<withdrawalCount {
                    guard let id = reader.string(), let time = reader.time(), let key = reader.string(),
                          let verdict = reader.optionalString() else { return nil }
                    withdrawals.append(Attestation.Withdrawal(id: id, time: time, key: key))
                    verdicts.append(verdict)
                }
                let attestation = Attestation(id: id, signatory: signatory, time: time, revision: revision, version: version,
                                              document: document, fingerprints: fingerprints, scope: scope, statement: statement,
                                              by: Identity(name: name, email: email), key: key, withdrawals: withdrawals)
                result.append(CheckedAttestation(attestation: attestation, problem: problem, withdrawalProblems: verdicts))
            }
            return result
        }
    }

    /// The problems recorded in a part.
    static func problems(_ part: Part) -> [Store.LedgerProblem] {
        guard part.state == .present else { return [] }
        return part.payload.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer, from: 0, to: buffer.count)
            return reader.problems() ?? []
        }
    }

    // MARK: Encoding parts

    static func encode(signatory: Signatory?, problems: [Store.LedgerProblem]) -> [UInt8] {
        var out = Encoder()
        out.problems(problems)
        guard let signatory else {
            out.byte(0)
            return out.bytes
        }
        out.byte(1)
        out.string(signatory.id)
        out.string(signatory.name)
        out.string(signatory.kind.rawValue)
        out.time(signatory.registered)
        out.u32(signatory.representatives.count)
        for representative in signatory.representatives {
            out.string(representative.name)
            out.string(representative.email)
        }
        out.u32(signatory.keys.count)
        for key in signatory.keys {
            out.string(key.line)
            out.string(key.fingerprint)
            out.time(key.added)
            out.optionalTime(key.revoked)
        }
        return out.bytes
    }

    static func encode(attestations: [CheckedAttestation], problems: [Store.LedgerProblem]) -> [UInt8] {
        var out = Encoder()
        out.problems(problems)
        out.u32(attestations.count)
        for checked in attestations {
            let a = checked.attestation
            out.string(a.id)
            out.string(a.signatory)
            out.time(a.time)
            out.string(a.revision)
            out.optionalString(a.version)
            out.string(a.document)
            out.string(a.fingerprints)
            out.optionalStrings(a.scope)
            out.optionalString(a.statement)
            out.string(a.by.name)
            out.string(a.by.email)
            out.string(a.key)
            out.optionalString(checked.problem)
            out.u32(a.withdrawals.count)
            for (withdrawal, verdict) in zip(a.withdrawals, checked.withdrawalProblems) {
                out.string(withdrawal.id)
                out.time(withdrawal.time)
                out.string(withdrawal.key)
                out.optionalString(verdict)
            }
        }
        return out.bytes
    }

    // MARK: Writing

    /// Encodes entries one at a time, in name order, so that a rebuild holds the encoded
    /// snapshot rather than every part on its own.
    struct Writer {
        private var body = Encoder()
        private var count = 0
        private var problems: [Store.LedgerProblem] = []

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

        consuming func finish(signatoryRoot: String?, attestationRoot: String?, attestationsKnown: Bool) -> LedgerSnapshot {
            var out = Encoder()
            out.bytes.reserveCapacity(body.bytes.count + 4_096)
            out.bytes += LedgerSnapshot.magic
            out.string(signatoryRoot ?? "")
            out.string(attestationRoot ?? "")
            out.byte(attestationsKnown ? 1 : 0)
            out.problems(problems)
            out.u32(count)
            out.bytes += body.bytes
            body = Encoder()
            let sum = LedgerSnapshot.checksum(out.bytes[...])
            for shift in 0..<8 { out.bytes.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(shift)))) }
            return LedgerSnapshot(bytes: out.bytes)!
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
        // The text cache this file replaced.
        unlink(folder + "/folders-v2")
    }

    private static func readFile(_ path: String) -> [UInt8]? {
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

/// Little-endian lengths and numbers, strings as a length and UTF-8.
private struct Encoder {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: Int) {
        let value = UInt32(truncatingIfNeeded: value)
        for shift in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift)))) }
    }

    mutating func i64(_ value: Int64) {
        let value = UInt64(bitPattern: value)
        for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            u32(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ text: String?) {
        byte(text == nil ? 0 : 1)
        if let text { string(text) }
    }

    mutating func optionalStrings(_ list: [String]?) {
        byte(list == nil ? 0 : 1)
        guard let list else { return }
        u32(list.count)
        list.forEach { string($0) }
    }

    mutating func time(_ time: Timestamp) {
        i64(time.seconds)
        u32(time.milliseconds)
        u32(Int(time.offsetMinutes))
    }

    mutating func optionalTime(_ time: Timestamp?) {
        byte(time == nil ? 0 : 1)
        if let time { self.time(time) }
    }

    mutating func problems(_ problems: [Store.LedgerProblem]) {
        u32(problems.count)
        for problem in problems {
            string(problem.path)
            string(problem.problem)
        }
    }
}

/// Reads what `Encoder` wrote; every read is bounds-checked and gives nil past the end.
private struct Reader {
    let buffer: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int
    let end: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, from offset: Int, to end: Int) {
        self.buffer = buffer
        self.offset = offset
        self.end = min(end, buffer.count)
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= end - offset else { return false }
        offset += count
        return true
    }

    mutating func byte() -> UInt8? {
        guard offset < end else { return nil }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func u32() -> UInt32? {
        guard end - offset >= 4 else { return nil }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(buffer[offset + shift]) << (8 * UInt32(shift)) }
        offset += 4
        return value
    }

    mutating func i64() -> Int64? {
        guard end - offset >= 8 else { return nil }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(buffer[offset + shift]) << (8 * UInt64(shift)) }
        offset += 8
        return Int64(bitPattern: value)
    }

    mutating func string() -> String? {
        guard let length = u32(), Int(length) <= end - offset else { return nil }
        defer { offset += Int(length) }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<(offset + Int(length))]), as: UTF8.self)
    }

    mutating func optionalString() -> String?? {
        guard let flag = byte() else { return nil }
        guard flag == 1 else { return .some(nil) }
        return string().map { .some($0) }
    }

    mutating func optionalStrings() -> [String]?? {
        guard let flag = byte() else { return nil }
        guard flag == 1 else { return .some(nil) }
        guard let count = u32(), Int(count) <= end - offset else { return nil }
        var list: [String] = []
        for _ in 0..<count {
            guard let item = string() else { return nil }
            list.append(item)
        }
        return .some(list)
    }

    mutating func time() -> Timestamp? {
        guard let seconds = i64(), let milliseconds = u32(), let offset = u32() else { return nil }
        return Timestamp(seconds: seconds, milliseconds: Int(milliseconds), offsetMinutes: Int32(bitPattern: offset))
    }

    mutating func optionalTime() -> Timestamp?? {
        guard let flag = byte() else { return nil }
        guard flag == 1 else { return .some(nil) }
        return time().map { .some($0) }
    }

    mutating func problems() -> [Store.LedgerProblem]? {
        guard let count = u32(), Int(count) <= end - offset else { return nil }
        var problems: [Store.LedgerProblem] = []
        for _ in 0..<count {
            guard let path = string(), let problem = string() else { return nil }
            problems.append(Store.LedgerProblem(path: path, problem: problem))
        }
        return problems
    }

    mutating func part() -> (state: LedgerSnapshot.Part.State, tree: String, range: Range<Int>)? {
        guard let raw = byte(), let state = LedgerSnapshot.Part.State(rawValue: raw), let tree = string(),
              let length = u32(), Int(length) <= end - offset else { return nil }
        let range = offset..<(offset + Int(length))
        offset += Int(length)
        return (state, tree, range)
    }
}

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
    /// v4: an attestation carries the language, translation record and translation digest read.
    static let fileName = "ledger-v4"
    static let magic = Array("conduct-ledger-v4\n".utf8)
    /// The files this one replaced, removed when it is written: they are never read again.
    static let replaced = ["folders-v2", "ledger-v3"]

    /// The tree ids of `signatories/` and `attestations/` the entries were read from (nil:
    /// the folder is absent); `attestationsKnown` is false when the attestation parts were
    /// not read (a reader that wanted signatories only).
    var signatoryRoot: String?
    var attestationRoot: String?
    var attestationsKnown: Bool
    var problems: [LedgerProblem]
    /// The whole file, and where each entry starts (one past the last at the end).
    let bytes: [UInt8]
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
        var header: (String?, String?, Bool, [LedgerProblem], Int)?
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
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Crypto

/// An Ed25519 public key as OpenSSH writes it: the form signatories register and
/// `ssh-keygen -Y verify` reads from an allowed-signers file.
///
/// A key *is* its 32 bytes: two values with the same bytes are equal whatever their comments,
/// so the key inside a signature (which carries no comment) matches the registered one.
public struct SSHPublicKey: Hashable, Sendable {
    /// The only key type conduct signs or verifies with.
    static let type = "ssh-ed25519"

    /// The 32-byte Ed25519 public key.
    public let raw: [UInt8]
    /// A label for people (often `user@host`); no part of the key's identity.
    public var comment: String

    public init(raw: [UInt8], comment: String = "") throws(SigningError) {
        guard raw.count == 32 else {
            throw .malformedPublicKey("an Ed25519 key is 32 bytes, this one is \(raw.count)")
        }
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw .malformedPublicKey("its 32 bytes are not an Ed25519 key")
        }
        self.raw = raw
        self.comment = comment
    }

    /// A key swift-crypto derived, whose length it guarantees; input from outside goes
    /// through the throwing initialisers instead.
    init(derived raw: [UInt8], comment: String) {
        self.raw = raw
        self.comment = comment
    }

    /// Reads a line such as `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… alice@example.org`.
    ///
    /// The type word must be `ssh-ed25519` and agree with the type encoded in the blob, so a
    /// line that was edited by hand cannot pass one key off as another.
    public init(openSSHLine: String) throws(SigningError) {
        let line = Array(openSSHLine.utf8)
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d || $0 == 0x0a }
        guard let start = line.firstIndex(where: { !isBlank($0) }),
              let end = line.lastIndex(where: { !isBlank($0) }) else {
            throw .malformedPublicKey("the line is empty")
        }
        let content = line[start...end]
        guard !content.contains(0x0a), !content.contains(0x0d) else {
            throw .malformedPublicKey("it spans more than one line")
        }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let fields = content.split(maxSplits: 2, omittingEmptySubsequences: true, whereSeparator: isSpace)
        guard let typeField = fields.first else { throw .malformedPublicKey("the line is empty") }
        let type = Array(typeField)
        guard type.elementsEqual(Self.type.utf8) else {
            // A known-looking type word is another kind of key; anything else is not a key line.
            if type.starts(with: "ssh-".utf8) || type.starts(with: "ecdsa-".utf8) || type.starts(with: "sk-".utf8) {
                throw .unsupportedKeyType(SSHWire.printable(type))
            }
            throw .malformedPublicKey("it starts with \(SSHWire.printable(type)), not ssh-ed25519")
        }
        guard fields.count >= 2 else { throw .malformedPublicKey("the key's base64 is missing after ssh-ed25519") }
        guard let blob = Data(base64Encoded: Data(fields[1])) else {
            throw .malformedPublicKey("the key after ssh-ed25519 is not valid base64")
        }
        let comment = fields.count == 3 ? String(decoding: fields[2], as: UTF8.self) : ""
        try self.init(wireBlob: Array(blob), comment: comment, malformed: SigningError.malformedPublicKey)
    }

    /// Reads the wire encoding (`string "ssh-ed25519"`, `string key`) that key files and
    /// signatures embed; `malformed` makes the error for the container being read.
    init(wireBlob: [UInt8], comment: String = "", malformed: @escaping (String) -> SigningError) throws(SigningError) {
        var reader = SSHReader(wireBlob, malformed: malformed)
        let type = try reader.string("key type")
        guard type.elementsEqual(Self.type.utf8) else { throw .unsupportedKeyType(SSHWire.printable(type)) }
        let raw = try reader.string("public key")
        try reader.expectEnd("the public key")
        guard raw.count == 32 else { throw malformed("its Ed25519 public key is \(raw.count) bytes, not 32") }
        try self.init(raw: raw, comment: comment)
    }

    /// `ssh-ed25519 <base64> <comment>`, the line of a `.pub` file and of an allowed-signers
    /// entry (after the principal); no trailing space when there is no comment.
    public var openSSHLine: String {
        let key = "\(Self.type) \(Data(wireBlob).base64EncodedString())"
        return comment.isEmpty ? key : "\(key) \(comment)"
    }

    /// The SSH wire encoding of the key: `string "ssh-ed25519"`, `string raw`.
    public var wireBlob: [UInt8] {
        var writer = SSHWriter()
        writer.string(Self.type)
        writer.string(raw)
        return writer.bytes
    }

    /// `SHA256:` and the unpadded base64 of the SHA-256 of `wireBlob`, exactly as
    /// `ssh-keygen -l` prints it, so people can compare keys across tools.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: wireBlob)).base64EncodedString()
        return "SHA256:" + digest.filter { $0 != "=" }
    }

    /// Whether `signature` is this key's Ed25519 signature of exactly `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }

    public static func == (lhs: SSHPublicKey, rhs: SSHPublicKey) -> Bool { lhs.raw == rhs.raw }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

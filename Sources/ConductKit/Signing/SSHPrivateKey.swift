import Crypto

/// An Ed25519 private key in OpenSSH's own file format (`openssh-key-v1`, PROTOCOL.key), the
/// format `ssh-keygen -t ed25519` writes, so signatories can sign with the keys they have.
///
/// Only unencrypted files are read: conduct never asks for a passphrase.
public struct SSHPrivateKey: Sendable {
    static let label = "OPENSSH PRIVATE KEY"
    static let magic = Array("openssh-key-v1\u{0}".utf8)
    /// The cipher block size for "none": the private section is padded to a multiple of it.
    static let blockSize = 8

    private let key: Curve25519.Signing.PrivateKey
    /// The key's public half, carrying the file's comment.
    public let publicKey: SSHPublicKey
    /// The random value OpenSSH writes twice to detect a wrong passphrase; kept so that a
    /// key read from a file is written back byte for byte.
    private let checkint: UInt32

    private init(key: Curve25519.Signing.PrivateKey, comment: String, checkint: UInt32) {
        self.key = key
        publicKey = SSHPublicKey(derived: Array(key.publicKey.rawRepresentation), comment: comment)
        self.checkint = checkint
    }

    /// A new random key.
    public static func generate(comment: String) -> SSHPrivateKey {
        SSHPrivateKey(key: Curve25519.Signing.PrivateKey(), comment: comment, checkint: UInt32.random(in: .min ... .max))
    }

    /// Reads the text of an OpenSSH private key file.
    ///
    /// Checks everything PROTOCOL.key lets a reader check: one key, no cipher, matching
    /// check integers, the public key in the header equal to the one inside, the stored
    /// public half equal to the one the seed derives, and the 1, 2, 3, … padding.
    public init(openSSHText: String) throws(SigningError) {
        let malformed = SigningError.malformedPrivateKey
        let bytes = try SSHArmor.decode(openSSHText, label: Self.label, notArmoured: .notAPrivateKey, malformed: malformed)
        var file = SSHReader(bytes, malformed: malformed)
        guard try file.bytes(Self.magic.count, "openssh-key-v1 header") == Self.magic else {
            throw malformed("it does not start with openssh-key-v1")
        }
        let cipher = try file.string("cipher name")
        let kdf = try file.string("key derivation name")
        let kdfOptions = try file.string("key derivation options")
        guard cipher.elementsEqual("none".utf8), kdf.elementsEqual("none".utf8) else { throw .encryptedKey }
        guard kdfOptions.isEmpty else { throw malformed("it has key derivation options but no key derivation") }
        let count = try file.uint32("number of keys")
        guard count == 1 else { throw malformed("it holds \(count) keys; conduct reads files holding exactly one") }
        let outerPublic = try SSHPublicKey(wireBlob: try file.string("public key"), malformed: malformed)
        let section = try file.string("private section")
        try file.expectEnd("the private section")

        guard !section.isEmpty, section.count % Self.blockSize == 0 else {
            throw malformed("its private section is \(section.count) bytes, not a multiple of \(Self.blockSize)")
        }
        var inner = SSHReader(section, malformed: malformed)
        let check1 = try inner.uint32("check integer")
        let check2 = try inner.uint32("check integer")
        guard check1 == check2 else { throw malformed("its check integers differ") }
        let type = try inner.string("private key type")
        guard type.elementsEqual(SSHPublicKey.type.utf8) else { throw .unsupportedKeyType(SSHWire.printable(type)) }
        let innerPublic = try inner.string("private key's public half")
        let secret = try inner.string("private key")
        guard let comment = String(validating: try inner.string("comment"), as: UTF8.self) else {
            throw malformed("its comment is not UTF-8; set a new one with `ssh-keygen -c -C COMMENT -f FILE`")
        }
        let padding = try inner.bytes(inner.remaining, "padding")
        // Padding only ever completes a block, so it is shorter than one.
        guard padding.count < Self.blockSize,
              padding.enumerated().allSatisfy({ $0.element == UInt8(truncatingIfNeeded: $0.offset + 1) }) else {
            throw malformed("its padding is not 1, 2, 3, … up to the next multiple of \(Self.blockSize) bytes")
        }

        // OpenSSH stores the 32-byte seed followed by the 32-byte public key.
        guard secret.count == 64 else { throw malformed("its Ed25519 private key is \(secret.count) bytes, not 64") }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: secret[0..<32]) else {
            throw malformed("its Ed25519 seed is not usable")
        }
        let derived = Array(key.publicKey.rawRepresentation)
        guard Array(secret[32..<64]) == derived, innerPublic == derived else {
            throw malformed("its public half does not belong to its private key")
        }
        guard outerPublic.raw == derived else {
            throw malformed("the public key in its header does not belong to its private key")
        }
        self.init(key: key, comment: comment, checkint: check1)
    }

    /// The `openssh-key-v1` text of this key, which `ssh-keygen -y -f FILE` reads:
    /// no cipher, no key derivation, base64 wrapped at 70 columns.
    public var openSSHText: String {
        let seed = Array(key.rawRepresentation)
        var section = SSHWriter()
        section.uint32(checkint)
        section.uint32(checkint)
        section.string(SSHPublicKey.type)
        section.string(publicKey.raw)
        section.string(seed + publicKey.raw)
        section.string(publicKey.comment)
        var pad: UInt8 = 1
        while section.bytes.count % Self.blockSize != 0 {
            section.raw([pad])
            pad += 1
        }

        var file = SSHWriter()
        file.raw(Self.magic)
        file.string("none")
        file.string("none")
        file.string([UInt8]())
        file.uint32(1)
        file.string(publicKey.wireBlob)
        file.string(section.bytes)
        return SSHArmor.encode(file.bytes, label: Self.label)
    }

    /// Signs `message` in the SSHSIG format for `namespace` (PROTOCOL.sshsig), hashing with
    /// SHA-512 as `ssh-keygen -Y sign` does, so `ssh-keygen -Y verify` accepts the result.
    public func signature(namespace: String, message: [UInt8]) throws(SigningError) -> SSHSignature {
        guard !namespace.isEmpty else { throw .emptyNamespace }
        let signedData = SSHSignature.signedData(namespace: namespace, hashAlgorithm: "sha512", message: message)
        let raw: [UInt8]
        do {
            raw = Array(try key.signature(for: signedData))
        } catch {
            throw .signingFailed("\(error)")
        }
        var publicKey = self.publicKey
        publicKey.comment = ""
        return SSHSignature(publicKey: publicKey, namespace: namespace, hashAlgorithm: "sha512", signature: raw)
    }
}

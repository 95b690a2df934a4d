import Crypto

/// A detached signature in OpenSSH's SSHSIG format (PROTOCOL.sshsig): what
/// `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` checks, so anyone can check an
/// attestation without conduct.
///
/// The namespace is signed too: a signature made for `conduct-attestation` is not valid for
/// any other purpose, and no other use of the same key yields a valid attestation.
public struct SSHSignature: Hashable, Sendable {
    static let label = "SSH SIGNATURE"
    static let magic = Array("SSHSIG".utf8)
    static let version: UInt32 = 1
    /// The hash algorithms PROTOCOL.sshsig allows; conduct signs with sha512.
    static let hashAlgorithms = ["sha256", "sha512"]

    /// The key that made the signature (without a comment: SSHSIG does not carry one).
    public let publicKey: SSHPublicKey
    /// What the signature is for, such as `conduct-attestation`.
    public let namespace: String
    /// How the message was hashed before signing: `sha512` or `sha256`.
    public let hashAlgorithm: String
    /// The raw 64-byte Ed25519 signature.
    public let signature: [UInt8]

    init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signature: [UInt8]) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signature = signature
    }

    /// Reads an armoured signature, as in a `.sig` file written by `ssh-keygen -Y sign`.
    ///
    /// Only Ed25519 signatures with an empty reserved field and a sha256 or sha512 hash are
    /// read: anything conduct could not verify is refused here, with the reason.
    public init(armored: String) throws(SigningError) {
        let malformed = SigningError.malformedSignature
        let blob = try SSHArmor.decode(armored, label: Self.label, notArmoured: malformed("it has no -----BEGIN SSH SIGNATURE----- line"),
                                       malformed: malformed)
        var reader = SSHReader(blob, malformed: malformed)
        guard try reader.bytes(Self.magic.count, "SSHSIG preamble") == Self.magic else {
            throw malformed("it does not start with SSHSIG")
        }
        let version = try reader.uint32("version")
        guard version == Self.version else { throw malformed("it is SSHSIG version \(version); conduct reads version 1") }
        let publicKey = try SSHPublicKey(wireBlob: try reader.string("public key"), malformed: malformed)
        let namespace = try reader.text("namespace")
        guard !namespace.isEmpty else { throw malformed("its namespace is empty") }
        guard try reader.string("reserved field").isEmpty else { throw malformed("its reserved field is not empty") }
        let hashAlgorithm = try reader.string("hash algorithm")
        guard let hashName = String(validating: hashAlgorithm, as: UTF8.self), Self.hashAlgorithms.contains(hashName) else {
            throw .unsupportedHashAlgorithm(SSHWire.printable(hashAlgorithm))
        }
        var inner = SSHReader(try reader.string("signature"), malformed: malformed)
        try reader.expectEnd("the signature")

        let type = try inner.string("signature type")
        guard type.elementsEqual(SSHPublicKey.type.utf8) else { throw .unsupportedKeyType(SSHWire.printable(type)) }
        let signature = try inner.string("Ed25519 signature")
        try inner.expectEnd("the Ed25519 signature")
        guard signature.count == 64 else { throw malformed("its Ed25519 signature is \(signature.count) bytes, not 64") }
        self.init(publicKey: publicKey, namespace: namespace, hashAlgorithm: hashName, signature: signature)
    }

    /// The armoured text, laid out exactly as `ssh-keygen -Y sign` writes it: base64 wrapped
    /// at 70 columns between the BEGIN and END lines, and a newline after the END line.
    public var armored: String {
        var signatureBlob = SSHWriter()
        signatureBlob.string(SSHPublicKey.type)
        signatureBlob.string(signature)

        var blob = SSHWriter()
        blob.raw(Self.magic)
        blob.uint32(Self.version)
        blob.string(publicKey.wireBlob)
        blob.string(namespace)
        blob.string([UInt8]())
        blob.string(hashAlgorithm)
        blob.string(signatureBlob.bytes)
        return SSHArmor.encode(blob.bytes, label: Self.label)
    }

    /// Whether this is `publicKey`'s signature of `message` for `namespace`.
    ///
    /// The layout (preamble, version 1, empty reserved field, `ssh-ed25519` signature type)
    /// was checked when the signature was read; this checks the namespace, the hash algorithm
    /// and the Ed25519 signature over the SSHSIG signed data. The caller still decides whether
    /// it trusts `publicKey`: this says only that the key signed these bytes for this purpose.
    public func isValid(for message: [UInt8], namespace: String) -> Bool {
        guard !namespace.isEmpty, namespace == self.namespace, Self.hashAlgorithms.contains(hashAlgorithm) else {
            return false
        }
        let signedData = Self.signedData(namespace: namespace, hashAlgorithm: hashAlgorithm, message: message)
        return publicKey.isValidSignature(signature, for: signedData)
    }

    /// The bytes the Ed25519 signature covers: the preamble, namespace, an empty reserved
    /// field, the hash algorithm and the hash of the message. There is no version field here:
    /// PROTOCOL.sshsig signs this blob, not the one it stores.
    static func signedData(namespace: String, hashAlgorithm: String, message: [UInt8]) -> [UInt8] {
        let digest: [UInt8] = hashAlgorithm == "sha256" ? Array(SHA256.hash(data: message)) : Array(SHA512.hash(data: message))
        var data = SSHWriter()
        data.raw(magic)
        data.string(namespace)
        data.string([UInt8]())
        data.string(hashAlgorithm)
        data.string(digest)
        return data.bytes
    }
}

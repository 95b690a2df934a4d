/// Why a key, a public key line or a signature cannot be used.
///
/// Every message names the problem and, where there is one, the way out: these reach the
/// user unchanged, and a signatory fixing a key file should not need to read the code.
public enum SigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not in the `openssh-key-v1` armour at all (a PEM key, a `.pub` file, …).
    case notAPrivateKey
    /// The key file is protected by a passphrase, which conduct does not ask for.
    case encryptedKey
    /// The key is of a type other than `ssh-ed25519`; the associated value names it.
    case unsupportedKeyType(String)
    /// The private key armour was recognised but its content is damaged; the value says how.
    case malformedPrivateKey(String)
    /// A public key line (`ssh-ed25519 AAAA… comment`) could not be read; the value says why.
    case malformedPublicKey(String)
    /// An armoured SSH signature could not be read; the value says why.
    case malformedSignature(String)
    /// The signature hashed its message with something other than SHA-256 or SHA-512.
    case unsupportedHashAlgorithm(String)
    /// SSHSIG requires a namespace, so that a signature for one purpose cannot serve another.
    case emptyNamespace
    /// Ed25519 signing itself failed (the cryptographic library refused).
    case signingFailed(String)

    public var description: String {
        switch self {
        case .notAPrivateKey:
            return "not an OpenSSH private key (expected -----BEGIN OPENSSH PRIVATE KEY-----); "
                + "give the private key file, not the .pub, and convert an older PEM key with `ssh-keygen -p -f FILE`"
        case .encryptedKey:
            return "the key file is encrypted with a passphrase; conduct reads unencrypted OpenSSH Ed25519 keys: "
                + "copy the file and remove the copy's passphrase with `ssh-keygen -p -N '' -f COPY`"
        case .unsupportedKeyType(let type):
            return "only ssh-ed25519 keys are supported, found \(type); make one with `ssh-keygen -t ed25519`"
        case .malformedPrivateKey(let why):
            return "the OpenSSH private key is damaged: \(why); check that the whole file was copied, "
                + "or make a new key with `ssh-keygen -t ed25519`"
        case .malformedPublicKey(let why):
            return "not an OpenSSH public key line (expected `ssh-ed25519 AAAA… comment`): \(why); "
                + "copy the line from the key's .pub file, or print it with `ssh-keygen -y -f FILE`"
        case .malformedSignature(let why):
            return "not a readable SSH signature (expected -----BEGIN SSH SIGNATURE----- … -----END SSH SIGNATURE-----): "
                + "\(why); check that the whole signature was copied"
        case .unsupportedHashAlgorithm(let name):
            return "the signature hashes its message with \(name); conduct checks sha256 and sha512 signatures, "
                + "as `ssh-keygen -Y sign` makes them"
        case .emptyNamespace:
            return "a signature needs a namespace (such as conduct-attestation) saying what it is for"
        case .signingFailed(let why):
            return "could not sign: \(why)"
        }
    }
}

/// The signature a secretariat act or a key change carries: `signer` (the signing key's OpenSSH
/// public line) and `signature` (an SSHSIG, namespace `conduct-record`, over the record's
/// canonical JSON without `signature`), so that `ssh-keygen -Y verify -n conduct-record` checks
/// it without this tool.
public enum RecordSignature {
    public static let namespace = "conduct-record"

    /// The record types that count only when signed by an authority the root allows.
    public static let signedTypes: Set<String> = [
        "signatory", "key-added", "key-revoked", "config", "proposal-adopted", "proposal-rejected",
        "translation",
    ]

    /// Whether records of `type` must carry a record signature.
    public static func isSigned(_ type: String) -> Bool { signedTypes.contains(type) }

    /// The bytes signed: the record's canonical JSON without its `signature` field.
    public static func payload(of value: JSONValue) -> [UInt8] { Attestation.payload(of: value) }

    /// `fields` with `signer` and an SSHSIG over the payload added as `signature`.
    static func sign(_ fields: [String: JSONValue], with key: SSHPrivateKey) throws(SigningError) -> [String: JSONValue] {
        var fields = fields
        fields["signature"] = nil
        fields["signer"] = .string(Store.bareLine(key.publicKey))
        let signature = try key.signature(namespace: namespace, message: JSONValue.object(fields).canonicalBytes)
        fields["signature"] = .string(signature.armored)
        return fields
    }

    /// The key that signed the record, when its signature holds over its content (the armor
    /// parses, the namespace is ours, the signing key is the `signer` it names); else why not.
    static func check(_ record: Record) -> Result<SSHPublicKey, Problem> {
        guard let line = record.value["signer"]?.stringValue else { return .failure(Problem("it is not signed (no 'signer')")) }
        guard let armored = record.value["signature"]?.stringValue else { return .failure(Problem("it is not signed (no 'signature')")) }
        let signer: SSHPublicKey
        do { signer = try SSHPublicKey(openSSHLine: line) } catch { return .failure(Problem("its 'signer' is not an Ed25519 public key: \(error)")) }
        let signature: SSHSignature
        do { signature = try SSHSignature(armored: armored) } catch { return .failure(Problem("its signature does not parse: \(error)")) }
        guard signature.namespace == namespace else {
            return .failure(Problem("its signature is for namespace '\(signature.namespace)', not '\(namespace)'"))
        }
        guard signature.publicKey.raw == signer.raw else {
            return .failure(Problem("it is signed by key \(signature.publicKey.fingerprint), not the signer it names (\(signer.fingerprint))"))
        }
        guard signature.isValid(for: payload(of: record.value), namespace: namespace) else {
            return .failure(Problem("its signature does not match its content"))
        }
        return .success(signer)
    }

    /// The key a record names as its signer, without checking the signature (for a record
    /// whose signature was found to hold before).
    static func signer(of record: Record) -> SSHPublicKey? {
        record.value["signer"]?.stringValue.flatMap { try? SSHPublicKey(openSSHLine: $0) }
    }

    struct Problem: Error, Sendable {
        var text: String
        init(_ text: String) { self.text = text }
    }
}

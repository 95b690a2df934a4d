/// A signatory's signed statement that it adheres to a revision, whole or in named clauses.
///
/// The signature is an SSHSIG (namespace `conduct-attestation`) over the record's canonical
/// JSON without its `signature` field. That payload binds the signatory, the revision's commit
/// id, the document's SHA-256, the digest of the clause fingerprints in scope, the time and the
/// statement, so `ssh-keygen -Y verify` can check it without this tool.
public struct Attestation: Sendable {
    public static let namespace = "conduct-attestation"

    /// The record id.
    public var id: String
    public var signatory: String
    public var time: Timestamp
    /// The commit id of the attested revision, and its version when it had one.
    public var revision: String
    /// `revision` as a commit id; nil when the record's text is not one.
    public var revisionID: CommitID? { CommitID(hex: revision) }
    public var version: String?
    /// SHA-256 of the document's bytes at that revision.
    public var document: String
    /// SHA-256 over one line `<clause id> <fingerprint>` per clause in scope, in document order.
    public var fingerprints: String
    /// The clauses attested; nil for the whole document.
    public var scope: [String]?
    public var statement: String?
    /// The language of the text the signatory read, when it was a translation, with the
    /// translation record it read and that text's SHA-256 (both signed with the rest).
    public var language: String?
    public var translation: String?
    public var translationSHA256: String?
    /// The representative who signed.
    public var by: Identity
    /// The fingerprint of the signing key.
    public var key: String
    /// Records withdrawing it, oldest first. Their signatures are checked by whoever reads them:
    /// one that does not hold neither withdraws the attestation nor hides one that does.
    public var withdrawals: [Withdrawal] = []

    /// A signed record withdrawing an attestation.
    public struct Withdrawal: Sendable {
        public var id: String
        public var time: Timestamp
        /// The fingerprint of the signing key.
        public var key: String
    }

    init?(_ record: Record) {
        let value = record.value
        guard record.type == "attestation",
              let signatory = value["signatory"]?.stringValue, let revision = value["revision"]?.stringValue,
              let document = value["document"]?.stringValue, let fingerprints = value["fingerprints"]?.stringValue,
              let key = value["key"]?.stringValue, let by = value["by"] else { return nil }
        switch value["scope"] {
        case .string("document"): scope = nil
        case .array(let items):
            let ids = items.compactMap(\.stringValue)
            guard ids.count == items.count, !ids.isEmpty else { return nil }
            scope = ids
        default: return nil
        }
        self.id = record.id
        self.signatory = signatory
        self.time = record.time
        self.revision = revision
        self.version = value["version"]?.stringValue
        self.document = document
        self.fingerprints = fingerprints
        self.statement = value["statement"]?.stringValue
        self.language = value["language"]?.stringValue
        self.translation = value["translation"]?.stringValue
        self.translationSHA256 = value["translationSha256"]?.stringValue
        self.by = Identity(name: by["name"]?.stringValue ?? "", email: by["email"]?.stringValue ?? "")
        self.key = key
    }

    init(id: String, signatory: String, time: Timestamp, revision: String, version: String?, document: String,
         fingerprints: String, scope: [String]?, statement: String?, language: String?, translation: String?,
         translationSHA256: String?, by: Identity, key: String, withdrawals: [Withdrawal]) {
        self.id = id
        self.signatory = signatory
        self.time = time
        self.revision = revision
        self.version = version
        self.document = document
        self.fingerprints = fingerprints
        self.scope = scope
        self.statement = statement
        self.language = language
        self.translation = translation
        self.translationSHA256 = translationSHA256
        self.by = by
        self.key = key
        self.withdrawals = withdrawals
    }

    /// What is wrong with the translation an attestation record says was read (nil: nothing, or
    /// it names none): `language`, `translation` and `translationSha256` come together, a tag in
    /// canonical case and two SHA-256 digests, so that none can be dropped or added unsigned.
    static func translationProblem(_ record: Record) -> String? {
        let value = record.value
        let fields = ["language", "translation", "translationSha256"]
        let present = fields.filter { value[$0] != nil }
        guard !present.isEmpty else { return nil }
        guard present.count == fields.count else {
            return "it names \(present.map { "'\($0)'" }.joined(separator: " and ")) without \(fields.filter { !present.contains($0) }.map { "'\($0)'" }.joined(separator: " and "))"
        }
        guard let tag = value["language"]?.stringValue, let language = try? LanguageTag(parsing: tag), language.value == tag else {
            return "its 'language' is not a BCP 47 tag in canonical case"
        }
        for field in ["translation", "translationSha256"] {
            guard let hex = value[field]?.stringValue, hex.utf8.count == 64,
                  hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                return "its '\(field)' is not a SHA-256 in lower-case hex"
            }
        }
        return nil
    }

    /// The bytes signed for a record: its canonical JSON without the `signature` field.
    public static func payload(of value: JSONValue) -> [UInt8] {
        guard case .object(var members) = value else { return value.canonicalBytes }
        members["signature"] = nil
        return JSONValue.object(members).canonicalBytes
    }

    /// The digest an attestation's `fingerprints` field holds for `clauses`, in document order.
    public static func fingerprintDigest(_ clauses: [(id: String, fingerprint: String)]) -> String {
        Fingerprint.sha256(clauses.map { "\($0.id) \($0.fingerprint)\n" }.joined())
    }

    /// Why a signed record's signature does not hold by itself (nil: it holds), before any
    /// question of whose key it is: the armor parses, the namespace is `namespace` (an
    /// attestation's by default), the signing key is the one the record names, and the signature
    /// is over the record's payload.
    public static func signatureProblem(_ record: Record, namespace: String = Attestation.namespace) -> String? {
        guard let armored = record.value["signature"]?.stringValue else { return "it has no signature" }
        guard let key = record.value["key"]?.stringValue else { return "it names no key" }
        let signature: SSHSignature
        do { signature = try SSHSignature(armored: armored) } catch { return "its signature does not parse: \(error)" }
        guard signature.namespace == namespace else {
            return "its signature is for namespace '\(signature.namespace)', not '\(namespace)'"
        }
        guard signature.publicKey.fingerprint == key else {
            return "it is signed by key \(signature.publicKey.fingerprint), not the key it names (\(key))"
        }
        guard signature.isValid(for: payload(of: record.value), namespace: namespace) else {
            return "its signature does not match its content"
        }
        return nil
    }

    /// Why the key with `fingerprint` does not count for `signatory` at `time` (nil: it counts).
    static func keyProblem(_ fingerprint: String?, at time: Timestamp, signatory: Signatory?) -> String? {
        guard let signatory else { return "its signatory is not registered" }
        guard let fingerprint, let key = signatory.key(fingerprint) else {
            return "key \(fingerprint ?? "(none)") is not registered for \(signatory.id)"
        }
        if key.added > time { return "key \(fingerprint) was registered for \(signatory.id) only at \(key.added), after the signing time \(time)" }
        if let revoked = key.revoked, revoked <= time {
            return "key \(fingerprint) of \(signatory.id) was revoked at \(revoked), before the signing time \(time)"
        }
        return nil
    }
}

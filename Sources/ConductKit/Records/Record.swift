/// Why bytes cannot be a ledger record.
public enum RecordProblem: Error, Sendable, Equatable {
    case notJSON
    case notAnObject
    case notCanonical
    case missingField(String)
    case invalidField(String, String)
    case nameMismatch(expected: String, actual: String)

    public var explanation: String {
        switch self {
        case .notJSON: return "it is not JSON a record may hold (whole numbers only)"
        case .notAnObject: return "it is not a JSON object"
        case .notCanonical: return "it is not in canonical form (sorted keys, no spaces)"
        case .missingField(let field): return "it has no '\(field)'"
        case .invalidField(let field, let why): return "its '\(field)' \(why)"
        case .nameMismatch(let expected, let actual): return "its content hashes to \(actual), not to its name \(expected)"
        }
    }
}

/// One immutable ledger entry: a JSON object whose id is the SHA-256 of its canonical bytes.
///
/// Every record has a `type` and the time `at` it was made (ISO 8601); state is a fold over
/// records ordered by (`at`, id). A record is never edited: a change of state is a new record.
public struct Record: Sendable, Hashable {
    public let value: JSONValue
    /// The canonical JSON the id is computed from, and the bytes stored in the ledger.
    public let bytes: [UInt8]
    /// Lower-case hex SHA-256 of `bytes`.
    public let id: String
    /// The moment `at` names (checked when the record was made or read).
    public let time: Timestamp

    public var type: String { value["type"]?.stringValue ?? "" }
    public var at: String { value["at"]?.stringValue ?? "" }

    /// Makes a record of `fields`, checking the fields every record needs and the one that
    /// names its folder in the ledger.
    public init(_ fields: [String: JSONValue]) throws(RecordProblem) {
        let value = JSONValue.object(fields)
        try Record.check(value)
        self.value = value
        bytes = value.canonicalBytes
        id = Fingerprint.sha256(bytes)
        time = Record.time(of: value)
    }

    /// Reads stored bytes, which must be canonical and hash to `name` when a name is given.
    public init(bytes: [UInt8], name: String? = nil) throws(RecordProblem) {
        // Canonical bytes parse in one pass; anything else is read again only to say what is wrong.
        guard let value = JSONValue.parseCanonical(bytes) else {
            guard let loose = JSONValue.parse(bytes) else { throw .notJSON }
            guard case .object = loose else { throw .notAnObject }
            throw .notCanonical
        }
        guard case .object = value else { throw .notAnObject }
        try Record.check(value)
        let id = Fingerprint.sha256(bytes)
        if let name, name != id { throw .nameMismatch(expected: name, actual: id) }
        self.value = value
        self.bytes = bytes
        self.id = id
        time = Record.time(of: value)
    }

    private static func time(of value: JSONValue) -> Timestamp {
        value["at"]?.stringValue.flatMap { try? Timestamp(parsing: $0) } ?? Timestamp(seconds: 0)
    }

    private static func check(_ value: JSONValue) throws(RecordProblem) {
        guard case .object = value else { throw .notAnObject }
        guard let type = value["type"]?.stringValue else { throw .missingField("type") }
        guard let at = value["at"]?.stringValue else { throw .missingField("at") }
        guard (try? Timestamp(parsing: at)) != nil, at.count >= 20 else {
            throw .invalidField("at", "is not an ISO 8601 time with a zone")
        }
        guard Ledger.folder(for: type) != nil else { throw .invalidField("type", "'\(type)' is not a known record type") }
        if let key = Ledger.keyField(for: type) {
            guard let keyValue = value[key]?.stringValue else { throw .missingField(key) }
            guard Ledger.isValidKey(keyValue) else {
                throw .invalidField(key, "'\(keyValue)' must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
            }
        }
    }

    /// Where the record lives in the ledger tree: `folder/key/id.json`, or `config/id.json`.
    public var path: [String] {
        let folder = Ledger.folder(for: type) ?? "unknown"
        if let key = Ledger.keyField(for: type), let keyValue = value[key]?.stringValue {
            return [folder, keyValue, id + ".json"]
        }
        return [folder, id + ".json"]
    }

    /// Orders records as state folds over them: by the moment `at` names, then id.
    public var foldKey: (Timestamp, String) { (time, id) }
}

/// The layout of the ledger's tree (design.md): one folder per kind of record, keyed by what
/// the record is about.
public enum Ledger {
    /// The ref whose commit chain holds the ledger.
    public static let reference = "refs/conduct/records"

    /// The top-level folder for records of `type`.
    static func folder(for type: String) -> String? {
        if type.hasPrefix("proposal") { return "proposals" }
        if type.hasPrefix("comment") { return "comments" }
        if type.hasPrefix("signatory") || type == "key-added" || type == "key-revoked" { return "signatories" }
        if type.hasPrefix("attestation") { return "attestations" }
        return type == "config" ? "config" : nil
    }

    /// The field naming the record's sub-folder (nil: records of the type sit in the folder itself).
    static func keyField(for type: String) -> String? {
        switch folder(for: type) {
        case "proposals": return "proposal"
        case "comments": return "target"
        case "signatories", "attestations": return "signatory"
        default: return nil
        }
    }

    /// Keys are path-safe: lowercase letters, digits, `.`, `_`, `-`, not starting with `.` or `-`.
    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, key.utf8.count <= 100 else { return false }
        let isLetterOrDigit = { (byte: UInt8) in (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        return isLetterOrDigit(first) && key.utf8.allSatisfy { isLetterOrDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
            && !key.contains("..")
    }
}

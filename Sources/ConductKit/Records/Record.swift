/// Why bytes cannot be a ledger record.
public enum RecordProblem: Error, Sendable, Equatable {
    case notJSON
    case notAnObject
    case notCanonical
    case missingField(String)
    case invalidField(String, String)
    case nameMismatch(expected: String, actual: String)
    /// Over one of `RecordLimits`; the text says which.
    case overLimit(String)

    public var explanation: String {
        switch self {
        case .notJSON: return "it is not JSON a record may hold (whole numbers only)"
        case .notAnObject: return "it is not a JSON object"
        case .notCanonical: return "it is not in canonical form (sorted keys, no spaces)"
        case .missingField(let field): return "it has no '\(field)'"
        case .invalidField(let field, let why): return "its '\(field)' \(why)"
        case .nameMismatch(let expected, let actual): return "its content hashes to \(actual), not to its name \(expected)"
        case .overLimit(let why): return why
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
        if let problem = RecordLimits.problem(value) { throw .overLimit(problem) }
        self.value = value
        bytes = value.canonicalBytes
        guard bytes.count <= RecordLimits.maximumBytes else { throw .overLimit(RecordLimits.sizeProblem(bytes.count)) }
        id = Fingerprint.sha256(bytes)
        time = Record.time(of: value)
    }

    /// Reads stored bytes, which must be canonical and hash to `name` when a name is given.
    public init(bytes: [UInt8], name: String? = nil) throws(RecordProblem) {
        guard bytes.count <= RecordLimits.maximumBytes else { throw .overLimit(RecordLimits.sizeProblem(bytes.count)) }
        // Canonical bytes parse in one pass; anything else is read again only to say what is wrong.
        guard let value = JSONValue.parseCanonical(bytes) else {
            if let problem = JSONParser.limitProblem(bytes) { throw .overLimit(problem) }
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
            guard let written = value[key]?.stringValue else { throw .missingField(key) }
            let keyValue = Ledger.folderKey(written, type: type)
            guard Ledger.isValidKey(keyValue) else {
                throw .invalidField(key, "'\(keyValue)' must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
            }
        }
    }

    /// Where the record lives in the ledger tree: `folder/key/id.json`, or `config/id.json`.
    public var path: [String] {
        let folder = Ledger.folder(for: type) ?? "unknown"
        if let key = Ledger.keyField(for: type), let keyValue = value[key]?.stringValue {
            return [folder, Ledger.folderKey(keyValue, type: type), id + ".json"]
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
        if type == Approval.type || type == Approval.withdrawnType { return Approval.folder }
        if type == "authority" { return "authority" }
        if type == Translation.type { return Translation.folder }
        return type == "config" ? "config" : nil
    }

    /// The field naming the record's sub-folder (nil: records of the type sit in the folder itself).
    static func keyField(for type: String) -> String? {
        switch folder(for: type) {
        case "proposals", Approval.folder: return "proposal"
        case "comments": return "target"
        case "signatories", "attestations": return "signatory"
        case Translation.folder: return "language"
        default: return nil
        }
    }

    /// The sub-folder a record's key names: the key itself, or for a translation its language
    /// tag in lower case (`pt-BR` lives in `translations/pt-br/`: tags ignore case).
    static func folderKey(_ key: String, type: String) -> String {
        type == Translation.type ? key.lowercased() : key
    }

    /// Keys are path-safe: lowercase letters, digits, `.`, `_`, `-`, not starting with `.` or `-`.
    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, key.utf8.count <= 100 else { return false }
        let isLetterOrDigit = { (byte: UInt8) in (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        return isLetterOrDigit(first) && key.utf8.allSatisfy { isLetterOrDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
            && !key.contains("..")
    }
}

extension Record {
    /// The fields each type of record needs, beyond `type` and `at`, with the form of each:
    /// what `Schemas/*-record.schema.json` require, checked on records coming in from a remote.
    private static let required: [String: [(field: String, form: Form)]] = [
        "proposal": [("proposal", .text), ("title", .text), ("base", .hex(40)), ("commit", .hex(40)), ("by", .identity)],
        "proposal-revised": [("proposal", .text), ("commit", .hex(40)), ("by", .identity)],
        "proposal-withdrawn": [("proposal", .text), ("by", .identity)],
        "proposal-rejected": [("proposal", .text), ("by", .identity)],
        "proposal-reopened": [("proposal", .text), ("by", .identity)],
        "proposal-adopted": [("proposal", .text), ("revision", .hex(40)), ("by", .identity)],
        "comment": [("target", .text), ("commit", .hex(40)), ("clause", .text), ("message", .text), ("by", .identity)],
        "comment-reply": [("target", .text), ("parent", .hex(64)), ("message", .text), ("by", .identity)],
        "comment-resolved": [("target", .text), ("comment", .hex(64)), ("by", .identity)],
        "comment-reopened": [("target", .text), ("comment", .hex(64)), ("by", .identity)],
        "signatory": [("signatory", .text), ("name", .text), ("kind", .text), ("representatives", .array), ("by", .identity)],
        "key-added": [("signatory", .text), ("key", .text), ("fingerprint", .text), ("by", .identity)],
        "key-revoked": [("signatory", .text), ("fingerprint", .text), ("by", .identity)],
        "attestation": [("signatory", .text), ("revision", .hex(40)), ("document", .hex(64)), ("fingerprints", .hex(64)),
                        ("key", .text), ("signature", .text), ("by", .identity)],
        "attestation-withdrawn": [("signatory", .text), ("withdraws", .hex(64)), ("key", .text), ("signature", .text), ("by", .identity)],
        "approval": [("proposal", .text), ("signatory", .text), ("version", .count), ("commit", .hex(40)), ("document", .hex(64)),
                     ("key", .text), ("signature", .text), ("by", .identity)],
        "approval-withdrawn": [("proposal", .text), ("signatory", .text), ("withdraws", .hex(64)), ("key", .text),
                               ("signature", .text), ("by", .identity)],
        "config": [("key", .text), ("value", .text), ("by", .identity)],
        "authority": [("keys", .array), ("by", .identity), ("signatures", .array)],
        "translation": [("language", .text), ("revision", .hex(40)), ("text", .text), ("sha256", .hex(64)),
                        ("by", .identity), ("signer", .text), ("signature", .text)],
    ]

    /// `count`: a whole number from 1 (a version number).
    private enum Form { case text, hex(Int), identity, array, count }

    /// What the record lacks for its type (nil: nothing).
    public var missingField: String? {
        guard let fields = Record.required[type] else { return "its type '\(type)' is not one this tool knows" }
        for (field, form) in fields {
            let value = self.value[field]
            let fits: Bool
            switch form {
            case .text: fits = !(value?.stringValue ?? "").isEmpty
            case .hex(let length):
                fits = value?.stringValue.map { $0.utf8.count == length && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } } ?? false
            case .identity: fits = value?["name"]?.stringValue != nil && value?["email"]?.stringValue != nil
            case .array: fits = value?.arrayValue != nil
            case .count:
                if case .integer(let number)? = value { fits = number >= 1 && number <= Int64(Int32.max) } else { fits = false }
            }
            if !fits { return "its '\(field)' is missing or malformed" }
        }
        if type == "attestation", Attestation(self) == nil { return "its 'scope' is neither \"document\" nor a list of clause ids" }
        if type == "attestation", let problem = Attestation.translationProblem(self) { return problem }
        if type == Translation.type, let problem = Translation.problem(self) { return problem }
        return nil
    }
}

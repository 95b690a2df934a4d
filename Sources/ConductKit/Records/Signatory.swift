/// An organisation or person that attests, with its keys, as the fold over its records leaves it.
public struct Signatory: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case organisation, person }

    /// A registered public key and the time span in which it may sign.
    public struct Key: Sendable {
        /// The OpenSSH public key line, without comment.
        public var line: String
        public var fingerprint: String
        public var added: Timestamp
        public var revoked: Timestamp?

        /// Whether a signature made at `time` by this key counts.
        public func isValid(at time: Timestamp) -> Bool {
            added <= time && revoked.map { time < $0 } ?? true
        }
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var representatives: [Identity]
    public var registered: Timestamp
    public var keys: [Key]

    /// The key with `fingerprint`, if it was ever registered for this signatory.
    public func key(_ fingerprint: String) -> Key? { keys.first { $0.fingerprint == fingerprint } }

    /// Folds signatory records (`signatory`, `key-added`, `key-revoked`), oldest first; a
    /// record `admit` refuses (given the signatory as folded so far) is left out.
    static func fold(_ records: [Record], admit: ((Record, Signatory?) -> Bool)? = nil) -> [String: Signatory] {
        var signatories: [String: Signatory] = [:]
        func addKey(_ value: JSONValue, to id: String, at time: Timestamp) {
            guard let line = value["key"]?.stringValue, let key = try? SSHPublicKey(openSSHLine: line),
                  signatories[id]?.key(key.fingerprint) == nil else { return }
            var bare = key
            bare.comment = ""
            signatories[id]?.keys.append(Key(line: bare.openSSHLine, fingerprint: key.fingerprint, added: time))
        }
        for record in records {
            let value = record.value
            guard let id = value["signatory"]?.stringValue else { continue }
            if let admit, !admit(record, signatories[id]) { continue }
            switch record.type {
            case "signatory":
                guard signatories[id] == nil, let name = value["name"]?.stringValue,
                      let kind = value["kind"]?.stringValue.flatMap(Kind.init(rawValue:)) else { continue }
                let representatives = (value["representatives"]?.arrayValue ?? []).compactMap { item -> Identity? in
                    guard let name = item["name"]?.stringValue, let email = item["email"]?.stringValue else { return nil }
                    return Identity(name: name, email: email)
                }
                signatories[id] = Signatory(id: id, name: name, kind: kind, representatives: representatives,
                                            registered: record.time, keys: [])
                addKey(value, to: id, at: record.time)
            case "key-added":
                addKey(value, to: id, at: record.time)
            case "key-revoked":
                guard let fingerprint = value["fingerprint"]?.stringValue,
                      let index = signatories[id]?.keys.firstIndex(where: { $0.fingerprint == fingerprint }),
                      signatories[id]?.keys[index].revoked == nil else { continue }
                signatories[id]?.keys[index].revoked = record.time
            default:
                continue
            }
        }
        return signatories
    }
}

/// The store's root of authority: the chain of `authority` records, each naming the secretariat
/// keys in force from its time on and how many of them must sign (the threshold).
///
/// The first record is signed by `threshold` of its own keys; each later one names the record it
/// replaces (`previous`) and is signed by `threshold` of that record's keys. Records that do not
/// fit (a bad signature, too few signers, a `previous` that is not the chain's tip, a second root,
/// a fork) are left out and named in `problems`; of two records replacing the same one, the first
/// in fold order (at, id) continues the chain.
public struct Authority: Sendable {
    public static let type = "authority"

    /// What a migrated store's first authority record vouches for: the state of the store when
    /// the secretariat signed it.
    public struct Endorsement: Sendable, Equatable {
        /// The ledger tip commit: every record in its tree counts as authorised (nil: the
        /// store had no ledger yet).
        public var ledger: String?
        /// main's tip commit, and each version tag's tag object id.
        public var main: String?
        public var tags: [String: String]

        var json: JSONValue {
            var fields: [String: JSONValue] = ["tags": .object(tags.mapValues { .string($0) })]
            if let ledger { fields["ledger"] = .string(ledger) }
            if let main { fields["main"] = .string(main) }
            return .object(fields)
        }

        init(ledger: String?, main: String?, tags: [String: String]) {
            self.ledger = ledger
            self.main = main
            self.tags = tags
        }

        init?(_ value: JSONValue?) {
            guard let value, value.objectValue != nil else { return nil }
            ledger = value["ledger"]?.stringValue
            main = value["main"]?.stringValue
            tags = (value["tags"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        }
    }

    /// One authority record of the chain.
    public struct Link: Sendable {
        public var id: String
        public var time: Timestamp
        public var keys: [SSHPublicKey]
        public var threshold: Int
        public var previous: String?
        public var by: Identity
        /// The fingerprints of the keys whose signatures counted.
        public var signedBy: [String]
        public var endorses: Endorsement?
    }

    /// An authority record left out of the chain, and why.
    public struct Problem: Sendable {
        public var id: String
        public var path: String
        public var problem: String
    }

    /// The chain, oldest first.
    public private(set) var chain: [Link] = []
    public private(set) var problems: [Problem] = []

    public var isEstablished: Bool { !chain.isEmpty }
    public var first: Link? { chain.first }
    public var current: Link? { chain.last }

    /// The link in force at `time`: the latest with at ≤ time; before the first, the first.
    public func link(at time: Timestamp) -> Link? {
        chain.last { $0.time <= time } ?? chain.first
    }

    /// The secretariat keys in force at `time`.
    public func keys(at time: Timestamp) -> [SSHPublicKey] { link(at: time)?.keys ?? [] }

    /// How many of those keys must sign a change of authority at `time`.
    public func threshold(at time: Timestamp) -> Int { link(at: time)?.threshold ?? 1 }

    /// Whether `key` was a secretariat key at `time`.
    public func isAuthority(_ key: SSHPublicKey, at time: Timestamp) -> Bool {
        keys(at: time).contains { $0.raw == key.raw }
    }

    /// Folds the ledger's authority records (any order; other records are ignored).
    public static func fold(_ records: [Record]) -> Authority {
        var authority = Authority()
        // The id of the record that first replaced each link, to name forks.
        var successor: [String: String] = [:]
        for record in Store.inFoldOrder(records.filter { $0.type == type }) {
            let path = record.path.joined(separator: "/")
            func reject(_ problem: String) { authority.problems.append(Problem(id: record.id, path: path, problem: problem)) }
            let parsed: Link
            switch parse(record) {
            case .failure(let problem): reject(problem.text); continue
            case .success(let link): parsed = link
            }
            var link = parsed
            if let previous = link.previous {
                if let other = successor[previous] {
                    reject("it replaces authority record \(previous.prefix(12)), which authority record \(other.prefix(12)) replaced first: the chain forks here, and \(other.prefix(12)) continues it")
                    continue
                }
                guard let tip = authority.chain.last else { reject("it replaces authority record \(previous.prefix(12)), and the ledger has no valid authority record before it"); continue }
                guard tip.id == previous else {
                    let known = authority.chain.contains { $0.id == previous }
                    reject(known ? "it replaces authority record \(previous.prefix(12)), which was replaced already: the chain forks here"
                                 : "it replaces authority record \(previous.prefix(12)), which is not in the chain")
                    continue
                }
                guard tip.time < link.time else { reject("it is dated \(link.time), not after the record it replaces (\(tip.time))"); continue }
                guard link.endorses == nil else { reject("only the first authority record may endorse the store's earlier state"); continue }
                let signers = validSigners(record, among: tip.keys)
                guard signers.count >= tip.threshold else {
                    reject("it is signed by \(signers.count) of the \(tip.keys.count) secretariat key\(tip.keys.count == 1 ? "" : "s") in force, and \(tip.threshold) must sign")
                    continue
                }
                link.signedBy = signers
                successor[previous] = record.id
            } else {
                if let root = authority.chain.first {
                    reject("it is a second first authority record (no 'previous'); the chain starts at \(root.id.prefix(12))")
                    continue
                }
                let signers = validSigners(record, among: link.keys)
                guard signers.count >= link.threshold else {
                    reject("it is signed by \(signers.count) of its own \(link.keys.count) key\(link.keys.count == 1 ? "" : "s"), and its threshold is \(link.threshold)")
                    continue
                }
                link.signedBy = signers
            }
            authority.chain.append(link)
        }
        return authority
    }

    /// The fields of an authority record, checked for form.
    static func parse(_ record: Record) -> Result<Link, RecordSignature.Problem> {
        let value = record.value
        guard let items = value["keys"]?.arrayValue, !items.isEmpty else { return .failure(.init("it names no 'keys'")) }
        var keys: [SSHPublicKey] = []
        for item in items {
            guard let line = item.stringValue, let key = try? SSHPublicKey(openSSHLine: line) else {
                return .failure(.init("its 'keys' hold something that is not an Ed25519 public key line"))
            }
            guard !keys.contains(key) else { return .failure(.init("its 'keys' name key \(key.fingerprint) twice")) }
            keys.append(key)
        }
        guard let threshold = value["threshold"]?.integerValue, threshold >= 1, threshold <= keys.count else {
            return .failure(.init("its 'threshold' is not a whole number from 1 to the number of its keys (\(keys.count))"))
        }
        let previous = value["previous"]?.stringValue
        if value["previous"] != nil, previous?.utf8.count != 64 { return .failure(.init("its 'previous' is not a record id")) }
        if value["endorses"] != nil, Endorsement(value["endorses"]) == nil {
            return .failure(.init("its 'endorses' is not an object"))
        }
        guard let by = value["by"], let name = by["name"]?.stringValue, let email = by["email"]?.stringValue else {
            return .failure(.init("its 'by' is missing or malformed"))
        }
        return .success(Link(id: record.id, time: record.time, keys: keys, threshold: Int(threshold), previous: previous,
                             by: Identity(name: name, email: email), signedBy: [], endorses: Endorsement(value["endorses"])))
    }

    /// The bytes each signature of an authority record is over: its canonical JSON without `signatures`.
    static func payload(of value: JSONValue) -> [UInt8] {
        guard case .object(var members) = value else { return value.canonicalBytes }
        members["signatures"] = nil
        return JSONValue.object(members).canonicalBytes
    }

    /// The fingerprints of the distinct keys among `allowed` whose signature on the record holds.
    static func validSigners(_ record: Record, among allowed: [SSHPublicKey]) -> [String] {
        let payload = payload(of: record.value)
        var found: [String] = []
        for item in record.value["signatures"]?.arrayValue ?? [] {
            guard let line = item["key"]?.stringValue, let key = try? SSHPublicKey(openSSHLine: line),
                  allowed.contains(key), !found.contains(key.fingerprint),
                  let armored = item["signature"]?.stringValue, let signature = try? SSHSignature(armored: armored),
                  signature.publicKey.raw == key.raw, signature.namespace == RecordSignature.namespace,
                  signature.isValid(for: payload, namespace: RecordSignature.namespace) else { continue }
            found.append(key.fingerprint)
        }
        return found
    }

    /// The fields of a new authority record, signed by each of `signers`.
    static func record(keys: [SSHPublicKey], threshold: Int, previous: String?, endorses: Endorsement?, at: Timestamp,
                       by: Identity, signers: [SSHPrivateKey]) throws(SigningError) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "type": .string(type), "at": .string(at.description), "keys": .array(keys.map { .string(Store.bareLine($0)) }),
            "threshold": .integer(Int64(threshold)), "by": by.json,
        ]
        if let previous { fields["previous"] = .string(previous) }
        if let endorses { fields["endorses"] = endorses.json }
        let payload = JSONValue.object(fields).canonicalBytes
        var signatures: [JSONValue] = []
        for signer in signers {
            let signature = try signer.signature(namespace: RecordSignature.namespace, message: payload)
            signatures.append(.object(["key": .string(Store.bareLine(signer.publicKey)), "signature": .string(signature.armored)]))
        }
        fields["signatures"] = .array(signatures)
        return fields
    }
}

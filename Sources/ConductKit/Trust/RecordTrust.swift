internal import Git

/// Judges whether a record of a signed type (`RecordSignature.signedTypes`) counts: it is signed,
/// the signature holds, and the signer is a secretariat key in force at the record's time (a key
/// change may instead be signed by one of that signatory's own keys in force then), or the record
/// was in the ledger that a migrated store's first authority record endorsed.
///
/// A store whose ledger has no authority record at all (one made before records were signed)
/// has nothing to judge by: its records count as they did, and `verify` says it needs
/// `conduct secretariat migrate`.
struct RecordTrust {
    let authority: Authority
    /// Whether a record was in the endorsed ledger.
    let isEndorsed: (Record) -> Bool

    /// Why `record` does not count (nil: it counts). `signatory` is the fold of the record's
    /// signatory so far (for key changes signed by the signatory's own key); `verdict` gives the
    /// intrinsic check of the signature (cached), by default computed here.
    func problem(_ record: Record, signatory: Signatory? = nil,
                 verdict: ((Record) -> String?)? = nil) -> String? {
        guard RecordSignature.isSigned(record.type), authority.isEstablished else { return nil }
        if isEndorsed(record) { return nil }
        let signer: SSHPublicKey
        if let verdict {
            if let problem = verdict(record) { return problem }
            guard let named = RecordSignature.signer(of: record) else { return "it is not signed (no 'signer')" }
            signer = named
        } else {
            switch RecordSignature.check(record) {
            case .failure(let problem): return problem.text
            case .success(let key): signer = key
            }
        }
        if authority.isAuthority(signer, at: record.time) { return nil }
        let isKeyChange = record.type == "key-added" || record.type == "key-revoked"
        if isKeyChange, let key = signatory?.key(signer.fingerprint), key.isValid(at: record.time) { return nil }
        return "it is signed by key \(signer.fingerprint), which was not a secretariat key at \(record.time)"
            + (isKeyChange ? " nor a key of \(record.value["signatory"]?.stringValue ?? "its signatory") in force then" : "")
    }

    /// The records that count, in the order given; records whose trust depends on the signatory
    /// fold (key changes) are judged without it here: fold signatories with `Signatory.fold(_:admit:)`.
    func admitted(_ records: [Record]) -> [Record] {
        guard authority.isEstablished else { return records }
        return records.filter { problem($0) == nil }
    }
}

extension Store {
    /// The authority chain and the judge of signed records, as the ledger at `tip` (default:
    /// the ledger's tip) holds them, with `extra` records taken as if they were in it.
    func recordTrust(tip: ObjectID? = nil, extra: [Record] = []) throws(ConductError) -> RecordTrust {
        let authorityRecords = try git("reading the authority records") { () throws -> [Record] in
            guard let tip = try tip ?? repository.reference(Ledger.reference) else { return [] }
            let root = try repository.commit(tip).tree
            guard let folder = try repository.tree(root).first(where: { $0.name == Authority.folder && $0.mode == .tree }) else { return [] }
            return try repository.tree(folder.id).compactMap { entry in
                guard entry.mode == .blob, entry.name.hasSuffix(".json") else { return nil }
                return try? Record(bytes: try repository.blob(entry.id), name: String(entry.name.dropLast(5)))
            }
        }
        return try recordTrust(authority: Authority.fold(authorityRecords + extra.filter { $0.type == Authority.type }))
    }

    /// The judge for `authority`, with the endorsed ledger looked up in this repository.
    func recordTrust(authority: Authority) throws(ConductError) -> RecordTrust {
        guard let endorsed = authority.first?.endorses, let commit = endorsed.ledger.flatMap(ObjectID.init(hex:)) else {
            return RecordTrust(authority: authority, isEndorsed: { _ in false })
        }
        let tree = try? repository.commit(commit).tree
        let repository = self.repository
        return RecordTrust(authority: authority, isEndorsed: { record in
            guard let tree else { return false }
            return ((try? repository.blob(atPath: record.path.joined(separator: "/"), inTree: tree)) ?? nil) != nil
        })
    }

    /// The ledger's records under `folders` that count (unauthorised signed records left out).
    func trustedRecords(in folders: Set<String>? = nil) throws(ConductError) -> [Record] {
        try recordTrust().admitted(try records(in: folders))
    }
}

extension Authority {
    /// The ledger folder of authority records.
    static let folder = "authority"
}

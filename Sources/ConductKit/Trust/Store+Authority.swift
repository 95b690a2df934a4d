internal import Git

extension Store {
    /// The local git config key holding the id of the first authority record this store trusts.
    public static let authorityPinConfig = "conduct.authority"

    /// The ledger's authority chain.
    public func authority() throws(ConductError) -> Authority {
        try recordTrust().authority
    }

    /// Writes the store's first authority record: `key` alone, threshold 1. With
    /// `endorsingExisting`, the record endorses the ledger, main and version tags as they stand,
    /// so what the store held before records were signed counts as the secretariat's.
    @discardableResult
    public func establishAuthority(key: SSHPrivateKey, endorsingExisting: Bool, authorship: Authorship) throws(ConductError) -> Record {
        if let first = try authority().first { throw .authorityExists(first.id) }
        var endorsement: Authority.Endorsement?
        if endorsingExisting {
            endorsement = try git("reading what the store holds") {
                var tags: [String: String] = [:]
                for tag in try repository.references(matching: "refs/tags/*") {
                    tags[String(tag.name.dropFirst("refs/tags/".count))] = tag.target.hex
                }
                return Authority.Endorsement(ledger: try repository.reference(Ledger.reference)?.hex,
                                             main: try repository.reference(Store.mainReference)?.hex, tags: tags)
            }
        }
        let fields: [String: JSONValue]
        do {
            fields = try Authority.record(keys: [key.publicKey], threshold: 1, previous: nil, endorses: endorsement,
                                          at: authorship.date, by: authorship.author, signers: [key])
        } catch {
            throw .signing(error, file: "the secretariat key")
        }
        let record = try makeRecord(fields)
        try append([record], message: endorsingExisting ? "Establish the secretariat's authority over the store as it stands"
                                                         : "Establish the secretariat's authority", authorship: authorship)
        try pinAuthority(record.id)
        return record
    }

    /// `conduct secretariat migrate`: the first authority record of a store made before records
    /// were signed, endorsing everything it holds.
    public func migrateAuthority(authorship: Authorship) throws(ConductError) -> Record {
        if let first = try authority().first { throw .authorityExists(first.id) }
        let key = try secretariatKey(explicit: secretariatKeyFile, for: "migrating the store")
        let record = try establishAuthority(key: key, endorsingExisting: true, authorship: authorship)
        if secretariatKeyFile != nil, configuredSecretariatKeyPath == nil {
            _ = try? setUpSecretariatKey(explicit: secretariatKeyFile)
        }
        return record
    }

    /// A new authority record replacing the current one: keys added and removed (by
    /// fingerprint), a new threshold, signed by `signers`, of which the current threshold must
    /// be secretariat keys in force.
    public func changeSecretariat(adding: [SSHPublicKey], removing: [String], threshold: Int?, signers: [SSHPrivateKey],
                                  authorship: Authorship) throws(ConductError) -> Authority.Link {
        let authority = try self.authority()
        guard let current = authority.current else { throw .noAuthority(act: "changing the secretariat") }
        var keys = current.keys
        for fingerprint in removing {
            guard let index = keys.firstIndex(where: { $0.fingerprint == fingerprint }) else {
                throw .authorityChange("\(fingerprint) is not a secretariat key in force (in force: \(keys.map(\.fingerprint).joined(separator: ", ")))")
            }
            keys.remove(at: index)
        }
        for key in adding {
            guard !keys.contains(key) else { throw .authorityChange("key \(key.fingerprint) is a secretariat key already") }
            var bare = key
            bare.comment = ""
            keys.append(bare)
        }
        guard !keys.isEmpty else { throw .authorityChange("it would leave no secretariat key; add one with --add-key PUB") }
        let newThreshold = threshold ?? min(current.threshold, keys.count)
        guard newThreshold >= 1, newThreshold <= keys.count else {
            throw .authorityChange("--threshold must be from 1 to the number of keys (\(keys.count))")
        }
        guard !adding.isEmpty || !removing.isEmpty || newThreshold != current.threshold else {
            throw .authorityChange("nothing changes; give --add-key, --remove-key or --threshold")
        }
        let counted = signers.filter { signer in current.keys.contains(signer.publicKey) }
        var distinct: [SSHPrivateKey] = []
        for signer in counted where !distinct.contains(where: { $0.publicKey == signer.publicKey }) { distinct.append(signer) }
        guard distinct.count >= current.threshold else {
            throw .authorityThreshold(needed: current.threshold, given: distinct.count, inForce: current.keys.map(\.fingerprint))
        }
        let at = max(authorship.date, current.time.next)
        let fields: [String: JSONValue]
        do {
            fields = try Authority.record(keys: keys, threshold: newThreshold, previous: current.id, endorses: nil, at: at,
                                          by: authorship.author, signers: distinct)
        } catch {
            throw .signing(error, file: "a secretariat key")
        }
        let record = try makeRecord(fields)
        try append([record], message: "Change the secretariat's keys", authorship: authorship)
        guard let link = try self.authority().chain.first(where: { $0.id == record.id }) else {
            throw .corruptStore("a new authority record does not join the chain")
        }
        return link
    }

    /// A record of `fields` signed with the secretariat key, for `act`; refused when the
    /// store has no authority or the key is not a secretariat key at the record's time.
    func signedBySecretariat(_ fields: [String: JSONValue], act: String) throws(ConductError) -> Record {
        let time = fields["at"]?.stringValue.flatMap { try? Timestamp(parsing: $0) } ?? Timestamp(seconds: 0)
        return try signRecord(fields, with: try secretariatSigner(act: act, at: time), file: "the secretariat key")
    }

    /// The secretariat key for `act` at `time`, checked against the authority in force then.
    func secretariatSigner(act: String, at time: Timestamp) throws(ConductError) -> SSHPrivateKey {
        let authority = try self.authority()
        guard authority.isEstablished else { throw .noAuthority(act: act) }
        let key = try secretariatKey(explicit: secretariatKeyFile, for: act)
        guard authority.isAuthority(key.publicKey, at: time) else {
            throw .notSecretariatKey(key.publicKey.fingerprint, act: act, inForce: authority.keys(at: time).map(\.fingerprint))
        }
        return key
    }

    /// A record of `fields` with a record signature by `key`.
    func signRecord(_ fields: [String: JSONValue], with key: SSHPrivateKey, file: String) throws(ConductError) -> Record {
        let signed: [String: JSONValue]
        do {
            signed = try RecordSignature.sign(fields, with: key)
        } catch {
            throw .signing(error, file: file)
        }
        return try makeRecord(signed)
    }

    /// Notes `id` as the first authority record this store trusts.
    func pinAuthority(_ id: String) throws(ConductError) {
        try git("noting the store's authority") { try repository.setConfig(Store.authorityPinConfig, id) }
    }

    /// The first authority record this store trusts: the pinned one, else its own ledger's.
    func trustedRoot() throws(ConductError) -> String? {
        if let pinned = (try? repository.configString(Store.authorityPinConfig)) ?? nil, !pinned.isEmpty { return pinned }
        return try authority().first?.id
    }

    /// Refuses a remote ledger whose first authority record is not the one this store trusts;
    /// pins the remote's when this store trusts none yet (a clone, or a store made before signing).
    func checkRemoteAuthority(_ remoteTip: ObjectID?, remote: String, dryRun: Bool) throws(ConductError) {
        guard let remoteTip else { return }
        let theirs = try recordTrust(tip: remoteTip).authority.first?.id
        if let trusted = try trustedRoot() {
            guard theirs == trusted else { throw .authorityMismatch(remote: remote, pinned: trusted, found: theirs) }
            if !dryRun, ((try? repository.configString(Store.authorityPinConfig)) ?? nil) == nil { try pinAuthority(trusted) }
        } else if let theirs, !dryRun {
            try pinAuthority(theirs)
        }
    }
}

extension Store {
    /// The registry after a merge of `incoming` records into the ledger whose files are `mine`,
    /// counting only records the authority allows, and why each incoming record that it does
    /// not allow is refused (authority records that do not join the chain included).
    func judgeIncoming(mine: [String: ObjectID], incoming: [Record]) throws -> (registry: [String: Signatory], untrusted: [String: String]) {
        let local = try mine.filter { $0.key.hasPrefix("signatories/") || $0.key.hasPrefix(Authority.folder + "/") }
            .compactMap { entry -> Record? in
                // A local file that is not a valid record is skipped here as every reader skips it.
                let bytes = try repository.blob(entry.value)
                return try? Record(bytes: bytes)
            }
        let arriving = Set(incoming.map(\.id))
        let authority = Authority.fold(local.filter { $0.type == Authority.type } + incoming.filter { $0.type == Authority.type })
        let trust = try recordTrust(authority: authority)
        var untrusted: [String: String] = [:]
        for problem in authority.problems where arriving.contains(problem.id) { untrusted[problem.id] = problem.problem }
        var verified = VerifiedSignatures(gitDirectory: path)
        defer { verified.flush() }
        func verdict(_ record: Record) -> String? {
            let problem = verified.check(record)
            if problem == nil { verified.remember(record.id) }
            return problem
        }
        let registry = Signatory.fold(Store.inFoldOrder(local.filter { $0.path.first == "signatories" } + incoming.filter { $0.path.first == "signatories" })) {
            record, folded in
            guard let problem = trust.problem(record, signatory: folded, verdict: verdict) else { return true }
            if arriving.contains(record.id) { untrusted[record.id] = problem }
            return false
        }
        for record in incoming where record.type == "config" || record.type.hasPrefix("proposal-") || record.type == Translation.type {
            if let problem = trust.problem(record, verdict: verdict) { untrusted[record.id] = problem }
        }
        return (registry, untrusted)
    }
}

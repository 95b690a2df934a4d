internal import Git

/// An attestation as recorded, with the translation the signatory read (nil: the source text).
public struct RecordedAttestation: Sendable {
    public var attestation: Attestation
    public var translation: TranslatedRevision?
    /// What that translation had not caught up with at the revision attested.
    public var reading: TranslationReading?
}

extension Store {
    /// Every registered signatory, by id.
    public func signatories() throws(ConductError) -> [String: Signatory] {
        try ledgerIndex(attestations: false).signatories()
    }

    /// The signatory `id`, or an error listing those there are.
    public func signatory(_ id: String) throws(ConductError) -> Signatory {
        try registered(id, in: try ledgerIndex(attestations: false)).signatory
    }

    /// The registered signatory `id` and its checked attestations, or an error listing those there are.
    func registered(_ id: String, in ledger: LedgerIndex) throws(ConductError) -> (signatory: Signatory, attestations: [CheckedAttestation]) {
        if let found = try ledger.signatory(id) { return found }
        throw .unknownSignatory(id, known: try ledger.signatories().keys.sorted())
    }

    /// Registers a signatory, with its first key when one is given.
    public func addSignatory(_ id: String, name: String, kind: Signatory.Kind, key: SSHPublicKey?,
                             representatives: [Identity], authorship: Authorship) throws(ConductError) -> Signatory {
        guard !name.allSatisfy(\.isWhitespace) else { throw .emptyField("--name") }
        if try ledgerIndex(attestations: false).signatory(id) != nil { throw .signatoryExists(id) }
        var fields: [String: JSONValue] = [
            "type": .string("signatory"), "at": .string(authorship.date.description), "signatory": .string(id),
            "name": .string(name), "kind": .string(kind.rawValue), "by": authorship.json,
            "representatives": .array(representatives.map(\.json)),
        ]
        if let key {
            fields["key"] = .string(Store.bareLine(key))
            fields["fingerprint"] = .string(key.fingerprint)
        }
        let record = try signedBySecretariat(fields, act: "registering a signatory")
        try append([record], message: "Register signatory \(id)", authorship: authorship)
        return try signatory(id)
    }

    /// Registers another key for a signatory, signed by the secretariat, or by `signingKey`
    /// when given (one of the signatory's own keys in force).
    public func addKey(_ id: String, key: SSHPublicKey, signingKey: SSHPrivateKey? = nil, signingKeyFile: String? = nil,
                       authorship: Authorship) throws(ConductError) -> Signatory {
        let signatory = try self.signatory(id)
        if signatory.key(key.fingerprint) != nil { throw .keyAlreadyRegistered(key.fingerprint, signatory: id) }
        let record = try signKeyChange(of: signatory, with: signingKey, file: signingKeyFile, act: "adding a key", [
            "type": .string("key-added"), "at": .string(max(authorship.date, signatory.registered.next).description),
            "signatory": .string(id), "key": .string(Store.bareLine(key)), "fingerprint": .string(key.fingerprint),
            "by": authorship.json,
        ])
        try append([record], message: "Add key \(key.fingerprint) for \(id)", authorship: authorship)
        return try self.signatory(id)
    }

    /// Revokes a signatory's key: signatures it makes from now on do not count.
    public func revokeKey(_ id: String, key: SSHPublicKey, signingKey: SSHPrivateKey? = nil, signingKeyFile: String? = nil,
                          authorship: Authorship) throws(ConductError) -> Signatory {
        let signatory = try self.signatory(id)
        guard let registered = signatory.key(key.fingerprint) else {
            throw .keyNotRegistered(key.fingerprint, signatory: id, known: signatory.keys.map(\.fingerprint))
        }
        if let revoked = registered.revoked { throw .keyRevoked(key.fingerprint, signatory: id, at: revoked.description) }
        let record = try signKeyChange(of: signatory, with: signingKey, file: signingKeyFile, act: "revoking a key", [
            "type": .string("key-revoked"), "at": .string(max(authorship.date, registered.added.next).description),
            "signatory": .string(id), "fingerprint": .string(key.fingerprint), "by": authorship.json,
        ])
        try append([record], message: "Revoke key \(key.fingerprint) of \(id)", authorship: authorship)
        return try self.signatory(id)
    }

    /// Signs and records an attestation of `revision` (main when nil), whole or of `clauses`;
    /// with `language`, of the text in that language that stands for the revision (its
    /// translation, or the latest of an earlier revision), whose record and digest it binds.
    public func attest(_ id: String, revision spec: String?, clauses: [String]?, language: String? = nil, key: SSHPrivateKey,
                       keyFile: String, statement: String?, authorship: Authorship) throws(ConductError) -> RecordedAttestation {
        let tag = try language.map { (text: String) throws(ConductError) -> LanguageTag in try LanguageTag(parsing: text) }
        let signatory = try self.signatory(id)
        try Store.checkSigningKey(key.publicKey, of: signatory, at: authorship.date)
        try Store.checkRepresentative(authorship.author, of: signatory)
        if let statement, statement.allSatisfy(\.isWhitespace) { throw .emptyField("--statement") }
        let revision = try resolve(spec ?? "main")
        guard revision.name == nil, try isOnMain(revision.commit.object) else { throw .notAdopted(revision.label) }
        let translated = try tag.map { (tag) throws(ConductError) -> TranslatedRevision in
            guard let found = try translatedRevision(tag, of: revision) else {
                throw .noTranslationToAttest(tag.value, revision: revision.label, there: try translationLanguages(at: revision),
                                             recorded: try translationLanguages().contains(tag.value))
            }
            return found
        }
        let bytes = try documentBytes(at: revision)
        let document = try self.document(at: revision)
        var inScope = document.clauses.compactMap { clause in clause.id.map { ($0, clause.fingerprint) } }
        if let clauses {
            for clause in clauses { _ = try clauseIndex(clause, in: document, revision: revision) }
            inScope = inScope.filter { clauses.contains($0.0) }
        }
        var fields: [String: JSONValue] = [
            "type": .string("attestation"), "at": .string(authorship.date.description), "signatory": .string(id),
            "revision": .string(revision.commit.hex), "document": .string(Fingerprint.sha256(bytes)),
            "fingerprints": .string(Attestation.fingerprintDigest(inScope)),
            "scope": clauses == nil ? .string("document") : .array(inScope.map { .string($0.0) }),
            "key": .string(key.publicKey.fingerprint), "by": authorship.json,
        ]
        if let version = revision.version { fields["version"] = .string(version.description) }
        if let statement { fields["statement"] = .string(statement) }
        if let translated {
            fields["language"] = .string(translated.translation.language.value)
            fields["translation"] = .string(translated.translation.id)
            fields["translationSha256"] = .string(translated.translation.sha256)
        }
        let record = try sign(fields, with: key, keyFile: keyFile)
        guard let attestation = Attestation(record) else { throw .corruptStore("a new attestation record does not read back") }
        // Judged before the write, so that a failure leaves the store as it was.
        let reading = try TranslationReadings(store: self).reading(of: attestation)
        let read = translated.map { " (read in \($0.translation.language.value))" } ?? ""
        try append([record], message: "Attestation by \(id) of \(revision.label)\(read)", authorship: authorship)
        return RecordedAttestation(attestation: attestation, translation: translated, reading: reading)
    }

    /// Withdraws the signatory's attestation in force, with a signed record.
    public func withdrawAttestation(_ id: String, key: SSHPrivateKey, keyFile: String,
                                    authorship: Authorship) throws(ConductError) -> String {
        let (signatory, attestations) = try registered(id, in: try ledgerIndex())
        try Store.checkSigningKey(key.publicKey, of: signatory, at: authorship.date)
        try Store.checkRepresentative(authorship.author, of: signatory)
        guard let latest = attestations.last, latest.validWithdrawal(of: signatory, by: nil) == nil else {
            throw .nothingToWithdraw(id)
        }
        let record = try sign([
            "type": .string("attestation-withdrawn"), "at": .string(max(authorship.date, latest.attestation.time.next).description),
            "signatory": .string(id), "withdraws": .string(latest.attestation.id), "key": .string(key.publicKey.fingerprint),
            "by": authorship.json,
        ], with: key, keyFile: keyFile)
        try append([record], message: "Withdrawal by \(id) of its attestation \(latest.attestation.id.prefix(10))", authorship: authorship)
        return record.id
    }

    /// Who signs for `id`: the identity given by name, else the signatory's first representative,
    /// else whoever `given` names (git's user by default).
    public func signer(for id: String, given: Authorship, named: Bool) throws(ConductError) -> Authorship {
        guard !named, let first = try signatory(id).representatives.first else { return given }
        return Authorship(author: first, date: given.date)
    }

    /// Records a setting (`attestation.max-age`, `attestation.grace`, or a part of the adoption
    /// rule, `adoption.*`, checked against the rest of the rule in force).
    public func setSetting(_ key: String, value: String, authorship: Authorship) throws(ConductError) -> StoreSettings {
        let known = StoreSettings.keys + AdoptionRule.keys
        guard known.contains(key) else { throw .unknownSetting(key, known: known) }
        let recorded: String
        if AdoptionRule.keys.contains(key) {
            recorded = try checkedAdoptionSetting(key, value, at: authorship.date)
        } else {
            recorded = try StoreSettings.Duration(parsing: value).description
        }
        let record = try signedBySecretariat([
            "type": .string("config"), "at": .string(authorship.date.description), "key": .string(key),
            "value": .string(recorded), "by": authorship.json,
        ], act: "changing a setting")
        try append([record], message: "Set \(key) to \(recorded)", authorship: authorship)
        return try settings()
    }

    public func settings() throws(ConductError) -> StoreSettings {
        StoreSettings.fold(try trustedRecords(in: ["config"]))
    }

    // MARK: Helpers

    /// A key change signed by `key` (one of the signatory's keys in force at its time), or by the secretariat.
    private func signKeyChange(of signatory: Signatory, with key: SSHPrivateKey?, file: String?, act: String,
                               _ fields: [String: JSONValue]) throws(ConductError) -> Record {
        guard let key else { return try signedBySecretariat(fields, act: act) }
        guard try authority().isEstablished else { throw .noAuthority(act: act) }
        let time = fields["at"]?.stringValue.flatMap { try? Timestamp(parsing: $0) } ?? Timestamp(seconds: 0)
        guard let own = signatory.key(key.publicKey.fingerprint), own.isValid(at: time) else {
            throw .keyNotRegistered(key.publicKey.fingerprint, signatory: signatory.id, known: signatory.keys.filter { $0.isValid(at: time) }.map(\.fingerprint))
        }
        return try signRecord(fields, with: key, file: file ?? "the signatory key")
    }

    /// A record of `fields` with an SSHSIG in `namespace` (an attestation's by default) over its
    /// payload added as `signature`: how every record a signatory signs is made.
    func sign(_ fields: [String: JSONValue], with key: SSHPrivateKey, keyFile: String,
              namespace: String = Attestation.namespace) throws(ConductError) -> Record {
        let unsigned = try makeRecord(fields)
        let signature: SSHSignature
        do {
            signature = try key.signature(namespace: namespace, message: Attestation.payload(of: unsigned.value))
        } catch {
            throw .signing(error, file: keyFile)
        }
        var signed = fields
        signed["signature"] = .string(signature.armored)
        return try makeRecord(signed)
    }

    static func checkSigningKey(_ key: SSHPublicKey, of signatory: Signatory, at time: Timestamp) throws(ConductError) {
        guard let registered = signatory.key(key.fingerprint) else {
            throw .keyNotRegistered(key.fingerprint, signatory: signatory.id, known: signatory.keys.map(\.fingerprint))
        }
        // A revoked key signs nothing more, not even with an earlier --date: that would let a
        // lost key go on making attestations dated before its revocation.
        if let revoked = registered.revoked {
            throw .keyRevoked(key.fingerprint, signatory: signatory.id, at: revoked.description)
        }
        if registered.added > time {
            throw .keyNotYetValid(key.fingerprint, signatory: signatory.id, added: registered.added.description, signing: time.description)
        }
    }

    static func checkRepresentative(_ who: Identity, of signatory: Signatory) throws(ConductError) {
        guard !signatory.representatives.isEmpty, !signatory.representatives.contains(where: { $0.email == who.email }) else { return }
        throw .unknownRepresentative(who.description, signatory: signatory.id, known: signatory.representatives.map(\.description))
    }

    /// A public key line without its comment, as records hold it.
    static func bareLine(_ key: SSHPublicKey) -> String {
        var bare = key
        bare.comment = ""
        return bare.openSSHLine
    }

    /// Whether `commit` is main's tip or one of its first-parent ancestors.
    func isOnMain(_ commit: ObjectID) throws(ConductError) -> Bool {
        try git("reading the history of main") {
            guard let tip = try repository.reference(Store.mainReference) else { return false }
            return try repository.walk(from: tip, firstParentOnly: true).contains(commit)
        }
    }
}

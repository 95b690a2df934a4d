internal import Git

/// `verify`'s check of attestations and their withdrawals, one signatory's folder at a time:
/// each signature, its key against the registry at the signing time, the revision attested
/// (on main), the document and clause fingerprint digests against that revision, and the
/// translation said to have been read. A withdrawal's target is judged once every folder has
/// been seen (`finish`).
struct AttestationAudit {
    private let store: Store
    private let mainOrder: [ObjectID: Int]
    private let translations: [String: Translation]
    /// Per attested revision, once: its document's SHA-256 and its clauses with their fingerprints.
    private var documents: [String: (digest: String, clauses: [(id: String, fingerprint: String)])] = [:]
    /// Many signatories attest the same revision in the same scope: one digest serves them all.
    private var fingerprintDigests: [String: String] = [:]
    private var attestationIDs: Set<RecordDigest> = []
    /// Each withdrawal's path and the attestation it withdraws, judged in `finish`.
    private var withdrawals: [(subject: String, target: String)] = []
    private(set) var findings: [VerifyFinding] = []
    private(set) var notices: [VerifyFinding] = []
    private(set) var signatures = 0

    /// `mainOrder` places each revision of main's first-parent history (newest first).
    init(store: Store, mainOrder: [ObjectID: Int], translations: [String: Translation]) {
        self.store = store
        self.mainOrder = mainOrder
        self.translations = translations
    }

    /// Checks the attestation records of one signatory's folder, in fold order; `signatory`
    /// is that signatory's registry entry, `verdict` the intrinsic check of a signature.
    mutating func audit(_ records: [Record], signatory: Signatory?, verdict: (Record) -> String?) throws(ConductError) {
        for attestation in Attestations.fold(records).bySignatory.values.joined() {
            if let digest = RecordDigest(hex: attestation.id) { attestationIDs.insert(digest) }
        }
        for record in records where record.type == "attestation" || record.type == "attestation-withdrawn" {
            try audit(record, signatory: signatory, verdict: verdict)
        }
    }

    private mutating func audit(_ record: Record, signatory: Signatory?, verdict: (Record) -> String?) throws(ConductError) {
        signatures += 1
        let subject = record.path.joined(separator: "/")
        func find(_ check: VerifyFinding.Check, _ problem: String) {
            findings.append(VerifyFinding(check: check, subject: subject, problem: problem))
        }
        if let problem = verdict(record) { find(.signature, problem) }
        if let problem = Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatory) {
            find(.key, problem)
        }
        if record.type == "attestation-withdrawn" {
            withdrawals.append((subject, record.value["withdraws"]?.stringValue ?? ""))
            return
        }
        guard let attestation = Attestation(record) else {
            return find(.file, "it lacks a field an attestation needs (revision, document, fingerprints, scope, key or by)")
        }
        guard let commit = attestation.revisionID, mainOrder[commit.object] != nil else {
            return find(.revision, "it attests \(attestation.revision.prefix(12)), which is not an adopted revision on main")
        }
        let known = try document(attestation.revision, at: commit)
        let documentHolds = known.digest == attestation.document
        if !documentHolds {
            find(.digest, "its document digest is not the SHA-256 of the document at \(attestation.revision.prefix(12))")
        }
        let clauses = known.clauses
        let missing = (attestation.scope ?? []).filter { id in !clauses.contains { $0.id == id } }
        let scopeKey = attestation.revision + " " + (attestation.scope?.joined(separator: " ") ?? "*")
        let digest = fingerprintDigests[scopeKey] ?? Attestation.fingerprintDigest(
            attestation.scope.map { scope in clauses.filter { scope.contains($0.id) } } ?? clauses)
        fingerprintDigests[scopeKey] = digest
        if missing.isEmpty, documentHolds, digest != attestation.fingerprints {
            // The signed document digest fixes every byte of the text, so a fingerprint digest
            // that differs can only come from an earlier fingerprint rule (a release of conduct
            // that folded text differently), not from another text.
            notices.append(VerifyFinding(check: .digest, subject: subject,
                                         problem: "its clause fingerprints were computed by an earlier fingerprint rule; its document digest matches, so the text it attests is the one at \(attestation.revision.prefix(12))"))
        } else if !missing.isEmpty || digest != attestation.fingerprints {
            let detail = missing.isEmpty ? "" : " (no clause \(missing.joined(separator: ", ")) there)"
            find(.digest, "its clause fingerprints do not match the revision it names\(detail)")
        }
        findings += Store.auditTranslationRead(attestation, subject: subject, translations: translations, mainOrder: mainOrder)
    }

    /// The document digest and clauses of the revision `recorded` at `commit`, read once.
    private mutating func document(_ recorded: String, at commit: CommitID)
        throws(ConductError) -> (digest: String, clauses: [(id: String, fingerprint: String)]) {
        if let known = documents[recorded] { return known }
        let revision = try store.revision(at: commit, recorded: recorded)
        let known = (Fingerprint.sha256(try store.documentBytes(at: revision)),
                     try store.document(at: revision).clauses.compactMap { clause in clause.id.map { (id: $0, fingerprint: clause.fingerprint) } })
        documents[recorded] = known
        return known
    }

    /// The withdrawals whose attestation no folder held, named.
    mutating func finish() {
        for (subject, target) in withdrawals where !(RecordDigest(hex: target).map(attestationIDs.contains) ?? false) {
            findings.append(VerifyFinding(check: .file, subject: subject, problem: "it withdraws attestation \(target.prefix(12)), which the ledger does not hold"))
        }
        withdrawals = []
    }
}

internal import Git

extension Store {
    /// Checks the whole ledger from scratch (no cache): every file against its name, every
    /// record the ledger ever held (its history, its reflog, every remote's ledger seen) against
    /// its tip, every signature against the key valid for its signatory at signing time, every
    /// revision named, and every attestation's digests against the revision it names.
    public func verify(authority required: [String] = []) throws(ConductError) -> VerifyReport {
        var report = VerifyReport()
        let (records, problems) = try auditLedger()
        report.records = records.count
        report.findings += problems.map { VerifyFinding(check: ClockSkew.isFuture($0.problem) ? .time : .file, subject: $0.path, problem: $0.problem) }
        try auditAppendOnly(into: &report)
        let revisionTrust = try revisionTrust()
        try auditRevisionSignatures(into: &report, keysInForce: revisionTrust.keysInForce, endorsed: revisionTrust.endorsed)
        try auditHalfDone(into: &report)
        for record in records {
            if let missing = record.missingField {
                report.findings.append(VerifyFinding(check: .file, subject: record.path.joined(separator: "/"),
                                                     problem: "is a \(record.type) record, but \(missing)"))
            }
        }

        // Every signature is checked once, on both cores, before the checks that use the verdicts.
        let verdicts = SignatureVerdicts(records)
        let signatories = auditAuthority(records, required: required, verdicts: verdicts, into: &report)
        try auditAdoptionRules(records, into: &report)
        let attestationIDs = Set(Attestations.fold(records).bySignatory.values.joined().map(\.id))
        // Main's first-parent history, newest first: a revision's place says what is before it.
        let mainOrder = try git("reading the history of main") { () throws -> [ObjectID: Int] in
            guard let tip = try repository.reference(Store.mainReference) else { return [:] }
            return Dictionary(try repository.walk(from: tip, firstParentOnly: true).enumerated().map { ($1, $0) },
                              uniquingKeysWith: { first, _ in first })
        }
        let mainline = Set(mainOrder.keys)
        let translations = Dictionary(records.filter { $0.type == Translation.type }.compactMap(Translation.init).map { ($0.id, $0) },
                                      uniquingKeysWith: { first, _ in first })
        // Per attested revision, once: its document's SHA-256 and its clauses with their fingerprints.
        var documents: [String: (digest: String, clauses: [(id: String, fingerprint: String)])] = [:]
        var fingerprintDigests: [String: String] = [:]
        for record in records where record.type == "attestation" || record.type == "attestation-withdrawn" {
            report.signatures += 1
            let subject = record.path.joined(separator: "/")
            if let problem = verdicts.problem(record) {
                report.findings.append(VerifyFinding(check: .signature, subject: subject, problem: problem))
            }
            let signatory = record.value["signatory"]?.stringValue.flatMap { signatories[$0] }
            if let problem = Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatory) {
                report.findings.append(VerifyFinding(check: .key, subject: subject, problem: problem))
            }
            if record.type == "attestation-withdrawn" {
                let target = record.value["withdraws"]?.stringValue ?? ""
                if !attestationIDs.contains(target) {
                    report.findings.append(VerifyFinding(check: .file, subject: subject, problem: "it withdraws attestation \(target.prefix(12)), which the ledger does not hold"))
                }
                continue
            }
            guard let attestation = Attestation(record) else {
                report.findings.append(VerifyFinding(check: .file, subject: subject, problem: "it lacks a field an attestation needs (revision, document, fingerprints, scope, key or by)"))
                continue
            }
            guard let commit = attestation.revisionID, mainline.contains(commit.object) else {
                report.findings.append(VerifyFinding(check: .revision, subject: subject,
                                                     problem: "it attests \(attestation.revision.prefix(12)), which is not an adopted revision on main"))
                continue
            }
            let known: (digest: String, clauses: [(id: String, fingerprint: String)])
            if let cached = documents[attestation.revision] {
                known = cached
            } else {
                let revision = try self.revision(at: commit, recorded: attestation.revision)
                known = (Fingerprint.sha256(try documentBytes(at: revision)),
                         try document(at: revision).clauses.compactMap { clause in clause.id.map { (id: $0, fingerprint: clause.fingerprint) } })
                documents[attestation.revision] = known
            }
            let documentHolds = known.digest == attestation.document
            if !documentHolds {
                report.findings.append(VerifyFinding(check: .digest, subject: subject,
                                                     problem: "its document digest is not the SHA-256 of the document at \(attestation.revision.prefix(12))"))
            }
            let clauses = known.clauses
            let missing = (attestation.scope ?? []).filter { id in !clauses.contains { $0.id == id } }
            // Many signatories attest the same revision in the same scope: one digest serves them all.
            let scopeKey = attestation.revision + " " + (attestation.scope?.joined(separator: " ") ?? "*")
            let digest = fingerprintDigests[scopeKey] ?? Attestation.fingerprintDigest(
                attestation.scope.map { scope in clauses.filter { scope.contains($0.id) } } ?? clauses)
            fingerprintDigests[scopeKey] = digest
            if missing.isEmpty, documentHolds, digest != attestation.fingerprints {
                // The signed document digest fixes every byte of the text, so a fingerprint digest
                // that differs can only come from an earlier fingerprint rule (a release of conduct
                // that folded text differently), not from another text.
                report.notices.append(VerifyFinding(check: .digest, subject: subject,
                                                    problem: "its clause fingerprints were computed by an earlier fingerprint rule; its document digest matches, so the text it attests is the one at \(attestation.revision.prefix(12))"))
            } else if !missing.isEmpty || digest != attestation.fingerprints {
                let detail = missing.isEmpty ? "" : " (no clause \(missing.joined(separator: ", ")) there)"
                report.findings.append(VerifyFinding(check: .digest, subject: subject,
                                                     problem: "its clause fingerprints do not match the revision it names\(detail)"))
            }
            report.findings += Store.auditTranslationRead(attestation, subject: subject, translations: translations, mainOrder: mainOrder)
        }
        for record in records where record.type == "comment" {
            guard let commit = record.value["commit"]?.stringValue else { continue }
            let exists = try git("reading the commit a comment names") { () throws -> Bool in
                guard let id = ObjectID(hex: commit) else { return false }
                return (try? repository.commit(id)) != nil
            }
            if !exists {
                report.findings.append(VerifyFinding(check: .revision, subject: record.path.joined(separator: "/"),
                                                     problem: "it comments on commit \(commit.prefix(12)), which the store does not hold"))
            }
            // A comment on a translation names the translated revision its anchor was made in.
            if let id = record.value["translation"]?.stringValue {
                let language = record.value["language"]?.stringValue ?? "?"
                if let translation = translations[id] {
                    if translation.language.value != language {
                        report.findings.append(VerifyFinding(check: .translation, subject: record.path.joined(separator: "/"),
                                                             problem: "it comments on the \(language) text, but the translation it names (\(id.prefix(12))) is in \(translation.language.value)"))
                    }
                } else {
                    report.findings.append(VerifyFinding(check: .translation, subject: record.path.joined(separator: "/"),
                                                         problem: "it comments on the \(language) translation \(id.prefix(12)), which the ledger does not hold as a translation record"))
                }
            }
        }
        report.findings += try auditTranslations(records, mainline: mainline)
        auditApprovals(records, signatories: signatories, verdicts: verdicts, into: &report)
        return report
    }
}

extension Store {
    /// `verify`'s check of the translation an attestation says was read: the record it names is
    /// in the ledger, is a translation into the language signed, of the attested revision or one
    /// before it on main, and the digest signed is that of its text.
    static func auditTranslationRead(_ attestation: Attestation, subject: String, translations: [String: Translation],
                                     mainOrder: [ObjectID: Int]) -> [VerifyFinding] {
        // A record with some of the three fields and not the others is named with its fields.
        guard let language = attestation.language, let id = attestation.translation, let digest = attestation.translationSHA256 else { return [] }
        guard let translation = translations[id] else {
            return [VerifyFinding(check: .translation, subject: subject,
                                  problem: "it says the \(language) translation \(id.prefix(12)) was read, which the ledger does not hold as a translation record")]
        }
        var findings: [VerifyFinding] = []
        if translation.language.value != language {
            findings.append(VerifyFinding(check: .translation, subject: subject,
                                          problem: "it says \(language) was read, but the translation it names (\(id.prefix(12))) is in \(translation.language.value)"))
        }
        let attested = attestation.revisionID.flatMap { mainOrder[$0.object] }
        let translated = translation.revisionID.flatMap { mainOrder[$0.object] }
        if let attested, translated.map({ $0 < attested }) ?? true {
            findings.append(VerifyFinding(check: .translation, subject: subject,
                                          problem: "the \(language) translation it names translates \(translation.revision.prefix(12)), which is not the attested revision \(attestation.revision.prefix(12)) or one before it on main"))
        }
        if digest != Fingerprint.sha256(Array(translation.text.utf8)) {
            findings.append(VerifyFinding(check: .digest, subject: subject,
                                          problem: "its translation digest is not the SHA-256 of the text of the \(language) translation \(id.prefix(12)) it names"))
        }
        return findings
    }
}

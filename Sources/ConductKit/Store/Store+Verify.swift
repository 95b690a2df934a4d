internal import Git

extension Store {
    /// The ledger folders whose second level (one folder per signatory) `verify` reads a few
    /// folders at a time, so that its memory does not grow with the number of signatories.
    private static let streamedFolders: Set<String> = ["signatories", "attestations"]

    /// Checks the whole ledger from scratch (no cache): every file against its name, every
    /// record the ledger ever held (its history, its reflog, every remote's ledger seen) against
    /// its tip, every signature against the key valid for its signatory at signing time, every
    /// revision named, and every attestation's digests against the revision it names.
    ///
    /// The signatories' and attestations' folders are read in batches of a few hundred
    /// signatories, by two workers that read them and check their signatures while this thread
    /// judges each signatory's records and attestations: only a few batches are held at once.
    public func verify(authority required: [String] = []) throws(ConductError) -> VerifyReport {
        var report = VerifyReport()
        let (records, walked, streamed) = try auditLedger(streaming: Store.streamedFolders)
        var fileProblems = walked
        report.records = records.count
        try auditAppendOnly(into: &report)
        let revisionTrust = try revisionTrust()
        try auditRevisionSignatures(into: &report, keysInForce: revisionTrust.keysInForce, endorsed: revisionTrust.endorsed)
        try auditHalfDone(into: &report)
        var incomplete = records.compactMap(Store.incompleteRecord)

        // Every signature is checked once, on both cores, before the checks that use the verdicts.
        let verdicts = SignatureVerdicts(records)
        let incompleteAt = report.findings.count
        var authority = auditAuthority(records, required: required, verdicts: verdicts, into: &report)
        let authorityAt = report.findings.count
        // Main's first-parent history, newest first: a revision's place says what is before it.
        let mainOrder = try git("reading the history of main") { () throws -> [ObjectID: Int] in
            guard let tip = try repository.reference(Store.mainReference) else { return [:] }
            return Dictionary(try repository.walk(from: tip, firstParentOnly: true).enumerated().map { ($1, $0) },
                              uniquingKeysWith: { first, _ in first })
        }
        let mainline = Set(mainOrder.keys)
        let translations = Dictionary(records.filter { $0.type == Translation.type }.compactMap(Translation.init).map { ($0.id, $0) },
                                      uniquingKeysWith: { first, _ in first })
        var attestations = AttestationAudit(store: self, mainOrder: mainOrder, translations: translations)
        // Of the registry, only the entries approvals need are kept, unless an adoption rule
        // (whose approvers may be every signatory of a kind) is to be judged.
        let approvers = Set(records.filter { $0.type == Approval.type || $0.type == Approval.withdrawnType }
            .compactMap { $0.value["signatory"]?.stringValue })
        let wholeRegistry = Store.hasAdoptionRule(records)
        var signatories: [String: Signatory] = [:]
        try readStreamed(streamed) { batch throws(ConductError) in
            report.records += batch.folders.reduce(0) { $0 + $1.records.count }
            fileProblems += batch.problems
            var registered: [String: Signatory] = [:]
            for (path, records) in batch.folders {
                incomplete += records.compactMap(Store.incompleteRecord)
                let id = String(path.split(separator: "/").last ?? "")
                if path.hasPrefix("signatories/") {
                    let folded = authority.registry(records, verdict: batch.verdicts.problem)
                    registered[id] = folded[id]
                    if wholeRegistry || approvers.contains(id) { signatories[id] = folded[id] }
                } else {
                    try attestations.audit(records, signatory: registered[id], verdict: batch.verdicts.problem)
                }
            }
        }
        attestations.finish()
        var adoption = VerifyReport()
        try auditAdoptionRules(records, signatories: signatories, into: &adoption)
        report.findings.insert(contentsOf: authority.findings + adoption.findings, at: authorityAt)
        report.signatures += authority.checked + attestations.signatures
        report.findings.insert(contentsOf: incomplete, at: incompleteAt)
        report.findings.insert(contentsOf: Store.inTreeOrder(fileProblems).map {
            VerifyFinding(check: ClockSkew.isFuture($0.problem) ? .time : .file, subject: $0.path, problem: $0.problem)
        }, at: 0)
        report.findings += attestations.findings
        report.notices += attestations.notices
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

    /// The finding for a record that lacks a field its type needs (nil: it has them all).
    private static func incompleteRecord(_ record: Record) -> VerifyFinding? {
        record.missingField.map { VerifyFinding(check: .file, subject: record.path.joined(separator: "/"), problem: "is a \(record.type) record, but \($0)") }
    }

    /// Ledger problems ordered by path, folder by folder: the order of a walk of the tree.
    private static func inTreeOrder(_ problems: [LedgerProblem]) -> [LedgerProblem] {
        let keys = problems.map { $0.path.split(separator: "/").map { Array($0.utf8) } }
        return keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) { $0.lexicographicallyPrecedes($1) } }.map { problems[$0] }
    }
}

/// One batch of `verify`'s streamed ledger folders, read and with every signature checked.
struct VerifiedBatch: Sendable {
    /// Each folder's records in fold order, a signatory's registration folder before its
    /// attestations, signatories in name order.
    var folders: [(path: String, records: [Record])] = []
    var problems: [LedgerProblem] = []
    var verdicts = SignatureVerdicts([])
}

extension Store {
    /// Reads `folders` (second-level folders of `signatories` and `attestations`) in batches of
    /// a few hundred signatories, on two workers, each with its own libgit2 handle, that read
    /// the records and check every signature; `consume` gets each batch in name order on this
    /// thread. A failure stops the reading and is thrown.
    private func readStreamed(_ folders: [(id: ObjectID, path: String)],
                              consume: (VerifiedBatch) throws(ConductError) -> Void) throws(ConductError) {
        var byName: [String: [(id: ObjectID, path: String)]] = [:]
        for folder in folders { byName[String(folder.path.split(separator: "/").last ?? ""), default: []].append(folder) }
        // A signatory's registration folder is read before its attestations, whose path sorts first.
        let names = byName.keys.sorted()
        let plan = stride(from: 0, to: names.count, by: 256).map { start in
            names[start..<min(names.count, start + 256)].flatMap { name in
                (byName[name] ?? []).sorted { $0.path.hasPrefix("signatories/") && !$1.path.hasPrefix("signatories/") }
            }
        }
        let gitDirectory = path, documentName = self.documentName
        var failure: ConductError?
        let progress = ProgressReporter("checking the ledger", total: folders.count, unit: "folders")
        try git("reading the ledger") {
            try pipelined(plan.count, workers: plan.count >= 2 ? 2 : 1, ahead: 1, produce: { _, index in
                Result { () throws -> VerifiedBatch in
                    let reader = Store(repository: try Repository.open(at: gitDirectory), documentName: documentName)
                    let (records, problems) = try reader.readFolders(plan[index], tolerant: true, parallel: false)
                    let grouped = Store.byFolder(records)
                    return VerifiedBatch(folders: plan[index].map { ($0.path, grouped[$0.path] ?? []) }, problems: problems,
                                         verdicts: SignatureVerdicts(records, parallel: false))
                }
            }, consume: { batch in
                guard failure == nil else { return }
                progress.advance(by: batch.folders.count)
                do throws(ConductError) { try consume(batch) } catch { failure = error }
            })
        }
        if let failure { throw failure }
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

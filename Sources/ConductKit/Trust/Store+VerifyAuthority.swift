internal import Git

extension Store {
    /// Checks the authority chain and every signed record against it, from scratch: the chain's
    /// problems (bad signatures, forks, second roots), the first record against the one this
    /// store pinned and against the fingerprints an auditor `required`, and each signatory,
    /// key, setting and adoption record against the authority in force at its time. Returns
    /// the registry as the records that count leave it.
    func auditAuthority(_ records: [Record], required: [String], verdicts: SignatureVerdicts,
                        into report: inout VerifyReport) -> [String: Signatory] {
        let authority = Authority.fold(records)
        let trust = (try? recordTrust(authority: authority)) ?? RecordTrust(authority: authority, isEndorsed: { _ in false })
        for problem in authority.problems {
            report.findings.append(VerifyFinding(check: .authority, subject: problem.path, problem: problem.problem))
        }
        report.signatures += records.filter { $0.type == Authority.type }.count
        guard let first = authority.first else {
            // Nothing a store without a root of authority holds can be proven: not its records, and
            // not its revisions either (a rewritten main would pass unseen).
            report.findings.append(VerifyFinding(
                check: .authority, subject: Authority.folder,
                problem: "the ledger has no valid authority record, so no revision, signatory, key, setting or adoption record can be proven; a store made before records were signed is migrated with 'conduct init --adopt-existing' (or 'conduct secretariat migrate' once it is marked)"))
            return Signatory.fold(records)
        }
        if let pinned = (try? repository.configString(Store.authorityPinConfig)) ?? nil, !pinned.isEmpty, pinned != first.id {
            report.findings.append(VerifyFinding(
                check: .authority, subject: first.path,
                problem: "this store trusts the first authority record \(pinned.prefix(12)) (git config conduct.authority), and the ledger's is \(first.id.prefix(12))"))
        }
        if !required.isEmpty {
            let unknown = first.keys.map(\.fingerprint).filter { !required.contains($0) }
            if !unknown.isEmpty {
                report.findings.append(VerifyFinding(
                    check: .authority, subject: first.path,
                    problem: "the first authority record names key\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")), not among those given with --authority"))
            }
        }
        var findings: [VerifyFinding] = []
        var checked = 0
        func judge(_ record: Record, _ signatory: Signatory?) -> Bool {
            guard RecordSignature.isSigned(record.type) else { return true }
            checked += 1
            guard let problem = trust.problem(record, signatory: signatory, verdict: verdicts.problem) else { return true }
            findings.append(VerifyFinding(check: .authority, subject: record.path.joined(separator: "/"),
                                          problem: "it does not count: \(problem)"))
            return false
        }
        for record in records where record.type == "config" || record.type.hasPrefix("proposal-") || record.type == Translation.type {
            _ = judge(record, nil)
        }
        let registry = Signatory.fold(records, admit: judge)
        report.findings += findings
        report.signatures += checked
        return registry
    }
}

extension Authority.Link {
    /// Where the record lies in the ledger.
    var path: String { Authority.folder + "/" + id + ".json" }
}

internal import Git

/// `verify`'s judge of signed records against the authority in force at their time, from
/// scratch: what it finds, and how many records it judged.
struct AuthorityAudit {
    fileprivate let trust: RecordTrust
    /// Whether there is an authority to judge by (without one, every record is taken as it is
    /// and the report says that nothing can be proven).
    fileprivate let judging: Bool
    private(set) var findings: [VerifyFinding] = []
    private(set) var checked = 0

    /// Whether `record` counts; `signatory` is the fold of its signatory so far, `verdict` the
    /// intrinsic check of its signature.
    mutating func judge(_ record: Record, _ signatory: Signatory?, verdict: (Record) -> String?) -> Bool {
        guard judging, RecordSignature.isSigned(record.type) else { return true }
        checked += 1
        guard let problem = withoutActuallyEscaping(verdict, do: { trust.problem(record, signatory: signatory, verdict: $0) }) else { return true }
        findings.append(VerifyFinding(check: .authority, subject: record.path.joined(separator: "/"),
                                      problem: "it does not count: \(problem)"))
        return false
    }

    /// The registry entries the signatory records of one signatory's folder leave, counting
    /// only the records that count (every record, when there is no authority to judge by).
    mutating func registry(_ records: [Record], verdict: (Record) -> String?) -> [String: Signatory] {
        var audit = self
        let folded = withoutActuallyEscaping(verdict) { verdict in
            Signatory.fold(records) { record, signatory in audit.judge(record, signatory, verdict: verdict) }
        }
        self = audit
        return folded
    }
}

extension Store {
    /// Checks the authority chain and the signed records among `records` against it, from
    /// scratch: the chain's problems (bad signatures, forks, second roots), the first record
    /// against the one this store pinned and against the fingerprints an auditor `required`,
    /// and each setting, proposal and translation record against the authority in force at
    /// its time. Returns the judge, for the signatory records (`AuthorityAudit.registry`).
    func auditAuthority(_ records: [Record], required: [String], verdicts: SignatureVerdicts,
                        into report: inout VerifyReport) -> AuthorityAudit {
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
            return AuthorityAudit(trust: trust, judging: false)
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
        var audit = AuthorityAudit(trust: trust, judging: true)
        for record in records where record.type == "config" || record.type.hasPrefix("proposal-") || record.type == Translation.type {
            _ = audit.judge(record, nil, verdict: verdicts.problem)
        }
        return audit
    }
}

extension Authority.Link {
    /// Where the record lies in the ledger.
    var path: String { Authority.folder + "/" + id + ".json" }
}

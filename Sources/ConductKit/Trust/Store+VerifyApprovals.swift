extension Store {
    /// `verify`'s check of every approval and withdrawal of one, from scratch: its signature (in
    /// the approval namespace), its key against the signatory's registry at the signing time (a
    /// key revoked before it signed is named), and what it binds: an approval's proposal version
    /// commit and the digest of that version's text, a withdrawal's approval of the same
    /// signatory and proposal.
    func auditApprovals(_ records: [Record], signatories: [String: Signatory], verdicts: SignatureVerdicts,
                        into report: inout VerifyReport) {
        let signed = records.filter { $0.type == Approval.type || $0.type == Approval.withdrawnType }
        guard !signed.isEmpty else { return }
        let proposals = Proposal.fold(records)
        let approvals = Dictionary(signed.compactMap(Approval.init).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var digests: [String: String?] = [:]
        for record in signed {
            report.signatures += 1
            let subject = record.path.joined(separator: "/")
            func find(_ check: VerifyFinding.Check, _ problem: String) {
                report.findings.append(VerifyFinding(check: check, subject: subject, problem: problem))
            }
            if let problem = verdicts.problem(record) { find(.signature, problem) }
            let signatory = record.value["signatory"]?.stringValue.flatMap { signatories[$0] }
            if let problem = Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatory) {
                find(.key, problem)
            }
            if record.type == Approval.withdrawnType {
                let target = record.value["withdraws"]?.stringValue ?? ""
                guard let withdrawn = approvals[target] else {
                    find(.approval, "it withdraws approval \(target.prefix(12)), which the ledger does not hold")
                    continue
                }
                if withdrawn.signatory != record.value["signatory"]?.stringValue || withdrawn.proposal != record.value["proposal"]?.stringValue {
                    find(.approval, "it withdraws approval \(target.prefix(12)), which is \(withdrawn.signatory)'s of \(withdrawn.proposal), not its own of this proposal")
                }
                continue
            }
            guard let approval = Approval(record) else {
                find(.file, "it lacks a field an approval needs (proposal, version, commit, document, signatory, key or by)")
                continue
            }
            let problem = Approval.bindingProblem(approval, proposals: proposals) { commit in
                if let known = digests[commit] { return known }
                let digest = documentDigest(at: commit)
                digests[commit] = digest
                return digest
            }
            if let problem { find(.approval, problem) }
        }
    }
}

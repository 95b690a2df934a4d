import Git

extension Store {
    /// Why each incoming approval or withdrawal does not check out, by record id: its signature
    /// (approval namespace), its key against `registry` (the signatories as they will stand after
    /// the merge), and for an approval what it binds, judged on the proposals as the local and
    /// incoming records will leave them and on the proposal commits the fetch brought in. An
    /// approval forged, or replayed onto another proposal or version, is kept out.
    func approvalProblems(_ incoming: [Record], mine: [String: ObjectID], registry: [String: Signatory]) throws -> [String: String] {
        let arriving = incoming.filter { $0.type == Approval.type || $0.type == Approval.withdrawnType }
        guard !arriving.isEmpty else { return [:] }
        // A local file that is not a valid record is skipped here as every reader skips it.
        let local = try mine.filter { $0.key.hasPrefix("proposals/") || $0.key.hasPrefix(Approval.folder + "/") }
            .compactMap { entry -> Record? in try localRecord(entry.value) }
        let proposals = Proposal.fold(Store.inFoldOrder(local.filter { $0.path.first == "proposals" } + incoming.filter { $0.path.first == "proposals" }))
        let approvals = Set((local + incoming).filter { $0.type == Approval.type }.map(\.id))
        var problems: [String: String] = [:]
        for record in arriving {
            let signatory = record.value["signatory"]?.stringValue.flatMap { registry[$0] }
            var problem = Approval.signatureProblem(record)
                ?? Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatory)
            if problem == nil, record.type == Approval.withdrawnType, let target = record.value["withdraws"]?.stringValue,
               !approvals.contains(target) {
                problem = "it withdraws approval \(target.prefix(12)), which neither ledger holds"
            }
            if problem == nil, let approval = Approval(record) {
                problem = Approval.bindingProblem(approval, proposals: proposals) { documentDigest(at: $0) }
            }
            if let problem { problems[record.id] = problem }
        }
        return problems
    }
}

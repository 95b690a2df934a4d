internal import Git

extension Store {
    /// Signs and records `signatory`'s approval of a version of an open proposal (default: its
    /// latest), binding that version's commit and the SHA-256 of the text it holds. The key must
    /// be one the signatory holds, in force at the approval's time.
    public func approve(_ prefix: String, version: Int?, as id: String, key: SSHPrivateKey, keyFile: String,
                        statement: String?, authorship: Authorship) throws(ConductError) -> ApprovalStatus {
        try requireWritable()
        prepareWrite()
        let proposal = try self.proposal(prefix)
        guard proposal.status == .open else { throw .proposalNotOpen(proposal.id, status: proposal.status.rawValue) }
        let signatory = try self.signatory(id)
        if let statement, statement.allSatisfy(\.isWhitespace) { throw .emptyField("--statement") }
        let revision = try proposalRevision(proposal, version: version)
        let number = version ?? proposal.versions.count
        let time = try approvalTime(authorship, proposal: proposal, signatory: id)
        try Store.checkSigningKey(key.publicKey, of: signatory, at: time)
        try Store.checkApprover(authorship.author, of: signatory)
        let document = Fingerprint.sha256(try documentBytes(at: revision))
        var fields: [String: JSONValue] = [
            "type": .string(Approval.type), "at": .string(time.description), "proposal": .string(proposal.id),
            "version": .integer(Int64(number)), "commit": .string(revision.commit.hex), "document": .string(document), "signatory": .string(id),
            "key": .string(key.publicKey.fingerprint), "by": authorship.json,
        ]
        if let statement { fields["statement"] = .string(statement) }
        let record = try sign(fields, with: key, keyFile: keyFile, namespace: Approval.namespace)
        guard let approval = Approval(record) else { throw .corruptStore("a new approval record does not read back") }
        // An approval of "the latest version" is written only while the ledger still ends the
        // proposal at the version read: one made as a revise lands would be stale at once.
        try append([record], message: "Approval by \(id) of \(proposal.id) version \(number)", authorship: authorship) { ledgerTip in
            guard version == nil else { return }
            guard try self.proposalVersions(proposal.id, inLedger: ledgerTip) == proposal.versions.count else {
                throw ConductError.proposalRevisedMeanwhile(proposal.id)
            }
        }
        return ApprovalStatus(approval: approval, state: number < proposal.versions.count ? .stale : .valid)
    }

    /// Withdraws `signatory`'s approval of a proposal in force (valid or stale), with a signed
    /// record; returns its id.
    public func withdrawApproval(_ prefix: String, as id: String, key: SSHPrivateKey, keyFile: String,
                                 authorship: Authorship) throws(ConductError) -> String {
        try requireWritable()
        prepareWrite()
        let proposal = try self.proposal(prefix)
        guard proposal.status == .open else { throw .proposalNotOpen(proposal.id, status: proposal.status.rawValue) }
        let signatory = try self.signatory(id)
        guard let standing = try approvals(of: proposal).first(where: { $0.signatory == id }),
              standing.state == .valid || standing.state == .stale else {
            throw .noApprovalToWithdraw(id, proposal: proposal.id)
        }
        let time = try approvalTime(authorship, proposal: proposal, signatory: id)
        try Store.checkSigningKey(key.publicKey, of: signatory, at: time)
        try Store.checkApprover(authorship.author, of: signatory)
        let record = try sign([
            "type": .string(Approval.withdrawnType), "at": .string(time.description), "proposal": .string(proposal.id),
            "signatory": .string(id), "withdraws": .string(standing.approval.id), "key": .string(key.publicKey.fingerprint),
            "by": authorship.json,
        ], with: key, keyFile: keyFile, namespace: Approval.namespace)
        try append([record], message: "Withdrawal by \(id) of its approval of \(proposal.id)", authorship: authorship)
        return record.id
    }

    /// Each signatory's latest approval of `proposal`, with its state (by signatory id).
    public func approvals(of proposal: Proposal) throws(ConductError) -> [ApprovalStatus] {
        try approvals(of: [proposal])[proposal.id] ?? []
    }

    /// Every proposal (as `proposals()` lists them) with the approvals it has so far.
    public func proposalsWithApprovals() throws(ConductError) -> [(proposal: Proposal, approvals: [ApprovalStatus])] {
        let proposals = try self.proposals()
        let approvals = try self.approvals(of: proposals)
        return proposals.map { ($0, approvals[$0.id] ?? []) }
    }

    /// The approvals of each of `proposals` that has any, by proposal id.
    func approvals(of proposals: [Proposal]) throws(ConductError) -> [String: [ApprovalStatus]] {
        let records = try self.records(in: [Approval.folder])
        guard !records.isEmpty else { return [:] }
        let all = Dictionary(try self.proposals().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let signatories = try self.signatories()
        var digests: [String: String] = [:]
        for commit in Set(records.compactMap { $0.value["commit"]?.stringValue }) { digests[commit] = documentDigest(at: commit) }
        var result: [String: [ApprovalStatus]] = [:]
        for proposal in proposals {
            let statuses = ApprovalStatus.judge(records, of: proposal, proposals: all, signatories: signatories) { digests[$0] }
            if !statuses.isEmpty { result[proposal.id] = statuses }
        }
        return result
    }

    /// SHA-256 of the document at commit `hex` (nil: no such commit holding the document here).
    func documentDigest(at hex: String) -> String? {
        guard let id = CommitID(hex: hex), let revision = try? revision(at: id, recorded: hex),
              let bytes = try? documentBytes(at: revision) else { return nil }
        return Fingerprint.sha256(bytes)
    }

    /// The `at` of a new approval record: now, or just after the proposal's latest record and the
    /// signatory's latest approval record of it, so the fold sees them in the order they happened.
    private func approvalTime(_ authorship: Authorship, proposal: Proposal, signatory: String) throws(ConductError) -> Timestamp {
        let own = try records(in: [Approval.folder]).filter {
            $0.value["proposal"]?.stringValue == proposal.id && $0.value["signatory"]?.stringValue == signatory
        }
        return [authorship.date, proposal.lastActivity.next, own.last?.time.next].compactMap { $0 }.max() ?? authorship.date
    }

    static func checkApprover(_ who: Identity, of signatory: Signatory) throws(ConductError) {
        guard !signatory.representatives.isEmpty, !signatory.representatives.contains(where: { $0.email == who.email }) else { return }
        throw .unknownApprover(who.description, signatory: signatory.id, known: signatory.representatives.map(\.description))
    }
}

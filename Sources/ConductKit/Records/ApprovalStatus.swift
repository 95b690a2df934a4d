/// Where a signatory's latest approval of a proposal stands.
public struct ApprovalStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        /// Of the proposal's latest version, signed by a key the signatory held then, binding it.
        case valid
        /// Of an earlier version than the proposal's latest: a new version needs a new approval.
        case stale
        /// Withdrawn by a signed withdrawal.
        case withdrawn
        /// Its signature, key or binding is wrong: it never counts.
        case invalid
    }

    public var approval: Approval
    public var state: State
    /// Why it is invalid (nil otherwise).
    public var problem: String?
    /// The record that withdrew it, when withdrawn.
    public var withdrawal: String?

    public var signatory: String { approval.signatory }
}

extension ApprovalStatus {
    /// Each signatory's latest approval of `proposal` among `records` (fold order), with its state.
    ///
    /// A record whose signature or key does not hold neither approves nor withdraws, and does not
    /// hide an approval that holds: the latest that holds is the one shown, and a signatory with
    /// none that holds is shown with its latest, invalid. `proposals` is every proposal by id
    /// (to name an approval replayed from another); `signatories` the registry; `digest` the
    /// SHA-256 of the document at a commit.
    static func judge(_ records: [Record], of proposal: Proposal, proposals: [String: Proposal],
                      signatories: [String: Signatory], digest: (String) -> String?) -> [ApprovalStatus] {
        var authentic: [String: [Approval]] = [:]
        var latestForged: [String: (Approval, String)] = [:]
        var withdrawn: [String: String] = [:]
        for record in records where record.value["proposal"]?.stringValue == proposal.id {
            let signatory = record.value["signatory"]?.stringValue ?? ""
            let problem = Approval.signatureProblem(record)
                ?? Attestation.keyProblem(record.value["key"]?.stringValue, at: record.time, signatory: signatories[signatory])
            switch record.type {
            case Approval.type:
                guard let approval = Approval(record) else { continue }
                if let problem { latestForged[signatory] = (approval, problem) } else { authentic[signatory, default: []].append(approval) }
            case Approval.withdrawnType:
                guard problem == nil, let target = record.value["withdraws"]?.stringValue,
                      authentic[signatory]?.contains(where: { $0.id == target }) == true, withdrawn[target] == nil else { continue }
                withdrawn[target] = record.id
            default:
                continue
            }
        }
        let latestVersion = proposal.versions.count
        return Set(authentic.keys).union(latestForged.keys).sorted().compactMap { signatory in
            guard let approval = authentic[signatory]?.last else {
                return latestForged[signatory].map { ApprovalStatus(approval: $0.0, state: .invalid, problem: $0.1) }
            }
            if let problem = Approval.bindingProblem(approval, proposals: proposals, digest: digest) {
                return ApprovalStatus(approval: approval, state: .invalid, problem: problem)
            }
            if let withdrawal = withdrawn[approval.id] {
                return ApprovalStatus(approval: approval, state: .withdrawn, withdrawal: withdrawal)
            }
            return ApprovalStatus(approval: approval, state: approval.version < latestVersion ? .stale : .valid)
        }
    }
}

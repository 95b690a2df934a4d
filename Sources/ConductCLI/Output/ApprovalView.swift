import ConductKit

/// One signatory's latest approval of a proposal, in `proposals --format json`
/// (Schemas/proposals.schema.json).
struct ApprovalView: Encodable {
    var signatory: String
    var version: Int
    var commit: String
    var state: String
    var at: String
    var by: Identity
    var key: String
    var record: String
    var statement: String?
    /// Why it is invalid.
    var problem: String?
    /// The record that withdrew it.
    var withdrawal: String?

    init(_ status: ApprovalStatus) {
        let approval = status.approval
        signatory = approval.signatory
        version = approval.version
        commit = approval.commit
        state = status.state.rawValue
        at = approval.time.description
        by = approval.by
        key = approval.key
        record = approval.id
        statement = approval.statement
        problem = status.problem
        withdrawal = status.withdrawal
    }
}

extension ApprovalStatus {
    /// `acme v2 valid`: who, which version, what state (and why, when invalid).
    var summary: String {
        "\(signatory) v\(approval.version) \(state.rawValue)" + (problem.map { " (\($0))" } ?? "")
    }

    /// What `approve` did.
    func writeApproved() {
        let stale = state == .stale ? "; it is stale already: the proposal has a later version" : ""
        Terminal.line("Approved version \(approval.version) of \(approval.proposal) for \(signatory), signed by \(approval.by) with \(approval.key) (record \(approval.id.prefix(10)))\(stale)")
    }
}

extension [ApprovalStatus] {
    /// `approvals: acme v2 valid, uni v1 stale`, or that there are none.
    var summary: String {
        "approvals: " + (isEmpty ? "none" : map(\.summary).joined(separator: ", "))
    }
}

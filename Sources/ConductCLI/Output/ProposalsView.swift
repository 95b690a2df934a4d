import ArgumentParser
import ConductKit

/// `conduct proposals --format json` (Schemas/proposals.schema.json).
struct ProposalsView: Encodable {
    struct Entry: Encodable {
        var id: String
        var title: String
        var rationale: String?
        var author: Identity
        var opened: String
        var base: String
        var status: String
        var versions: [Proposal.Version]
        var adoptedAs: String?
        var reason: String?
        /// Each signatory's latest approval, with its state.
        var approvals: [ApprovalView]
    }

    var proposals: [Entry]

    init(proposals: [(proposal: Proposal, approvals: [ApprovalStatus])]) {
        self.proposals = proposals.map { proposal, approvals in
            Entry(id: proposal.id, title: proposal.title, rationale: proposal.rationale, author: proposal.author, opened: proposal.opened,
                  base: proposal.base, status: proposal.status.rawValue, versions: proposal.versions, adoptedAs: proposal.adoptedAs,
                  reason: proposal.reason, approvals: approvals.map(ApprovalView.init))
        }
    }
}

extension ProposalsView {
    /// `conduct proposals`: one line per proposal, and under it the approvals it has so far;
    /// `status` names the filter when nothing is shown.
    static func writeText(_ shown: [(proposal: Proposal, approvals: [ApprovalStatus])], status: String, all: Bool) {
        if shown.isEmpty { Terminal.line("no \(all ? "" : status + " ")proposals") }
        for (proposal, approvals) in shown {
            let adopted = proposal.adoptedAs.map { " as \($0.prefix(12))" } ?? ""
            Terminal.line("\(proposal.id)  \(proposal.status)\(adopted)  v\(proposal.versions.count)  \(proposal.opened.prefix(10))  \(proposal.author)  \(proposal.title)")
            if !approvals.isEmpty { Terminal.line("    \(approvals.summary)") }
        }
    }
}

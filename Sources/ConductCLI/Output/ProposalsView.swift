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
        var override: String?
        var consultation: Consultation?
        var comments: Int
        /// Each signatory's latest approval, with its state.
        var approvals: [ApprovalView]
    }

    /// The consultation window: when it ends (or ended) and whether it is still open.
    struct Consultation: Encodable {
        var until: String
        var open: Bool
    }

    var proposals: [Entry]

    init(listing: [ProposalListing]) {
        self.proposals = listing.map { item in
            let proposal = item.proposal
            return Entry(id: proposal.id, title: proposal.title, rationale: proposal.rationale, author: proposal.author, opened: proposal.opened,
                         base: proposal.base, status: proposal.status.rawValue, versions: proposal.versions, adoptedAs: proposal.adoptedAs,
                         reason: proposal.reason, override: proposal.override,
                         consultation: item.consultationEnd.map { Consultation(until: $0.description, open: item.consultationOpen) },
                         comments: item.comments, approvals: item.approvals.map(ApprovalView.init))
        }
    }
}

extension ProposalsView {
    /// `conduct proposals --format csv`: the fields of the JSON, one record per proposal
    /// (README, "Listings as CSV").
    static let csvColumns = CSV.Columns([
        "id", "title", "rationale", "author.name", "author.email", "opened", "base", "status",
        "versions.number", "versions.commit", "versions.at", "versions.change", "versions.consultationUntil",
        "adoptedAs", "reason", "override", "consultation.until", "consultation.open", "comments",
        "approvals.signatory", "approvals.version", "approvals.commit", "approvals.state", "approvals.at",
        "approvals.by.name", "approvals.by.email", "approvals.key", "approvals.record", "approvals.statement",
        "approvals.problem", "approvals.withdrawal",
    ])

    /// Each proposal as the JSON has it.
    var csvItems: [JSONValue] {
        get throws { try JSONValueEncoder.encode(self)["proposals"]?.arrayValue ?? [] }
    }

    /// `conduct proposals`: one line per proposal, under it its consultation window, comments and
    /// any override, then the approvals it has so far; `status` names the filter when nothing is shown.
    static func writeText(_ shown: [ProposalListing], status: String, all: Bool) {
        if shown.isEmpty { Terminal.line("no \(all ? "" : status + " ")proposals") }
        for item in shown {
            let proposal = item.proposal
            let adopted = proposal.adoptedAs.map { " as \($0.prefix(12))" } ?? ""
            Terminal.line("\(proposal.id)  \(proposal.status)\(adopted)  v\(proposal.versions.count)  \(proposal.opened.prefix(10))  \(proposal.author)  \(proposal.title)")
            Terminal.line("    \(item.consultationSummary)")
            if !item.approvals.isEmpty { Terminal.line("    \(item.approvals.summary)") }
        }
    }
}

extension ProposalListing {
    /// `consultation open until DATE  2 comments  override: REASON`.
    var consultationSummary: String {
        let window = consultationEnd.map { consultationOpen ? "consultation open until \($0)" : "consultation closed since \($0)" }
            ?? "no consultation window"
        let override = proposal.override.map { "  override: \($0)" } ?? ""
        return "\(window)  \(comments) comment\(comments == 1 ? "" : "s")\(override)"
    }
}

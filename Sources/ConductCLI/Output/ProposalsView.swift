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
    }

    var proposals: [Entry]

    init(proposals: [Proposal]) {
        self.proposals = proposals.map {
            Entry(id: $0.id, title: $0.title, rationale: $0.rationale, author: $0.author, opened: $0.opened, base: $0.base,
                  status: $0.status.rawValue, versions: $0.versions, adoptedAs: $0.adoptedAs, reason: $0.reason)
        }
    }
}

extension ProposalsView {
    /// `conduct proposals`: one line per proposal; `status` names the filter when nothing is shown.
    static func writeText(_ shown: [Proposal], status: String, all: Bool) {
        if shown.isEmpty { Terminal.line("no \(all ? "" : status + " ")proposals") }
        for proposal in shown {
            let adopted = proposal.adoptedAs.map { " as \($0.prefix(12))" } ?? ""
            Terminal.line("\(proposal.id)  \(proposal.status)\(adopted)  v\(proposal.versions.count)  \(proposal.opened.prefix(10))  \(proposal.author)  \(proposal.title)")
        }
    }
}

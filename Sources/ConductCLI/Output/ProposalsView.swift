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

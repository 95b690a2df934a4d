import ArgumentParser
import ConductKit

/// `conduct log --format json` (Schemas/log.schema.json).
struct LogView: Encodable {
    struct Entry: Encodable {
        var commit: String
        var version: String?
        var date: String
        var author: Identity
        var message: String
        var change: String
        var proposal: String?
        var parent: String?
        var clauses: [ClauseChange]
    }

    var document: String
    var revisions: [Entry]

    init(documentName: String, summaries: [RevisionSummary]) {
        document = documentName
        revisions = summaries.map { summary in
            let revision = summary.revision
            return Entry(
                commit: revision.commit.hex, version: revision.version?.description, date: revision.date.description,
                author: revision.author, message: revision.message,
                change: revision.change ?? ClauseChange.rollUp(summary.changes).rawValue,
                proposal: revision.proposal, parent: revision.parent?.hex, clauses: summary.changes)
        }
    }
}

import ArgumentParser
import ConductKit

/// `conduct log --format json` (Schemas/log.schema.json).
struct LogView {
    struct Entry {
        var commit: String
        var version: String?
        var date: String
        var author: Identity
        var message: String
        var change: String
        var proposal: String?
        var override: String?
        var adoption: RevisionAdoption?
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
                proposal: revision.proposal, override: revision.override, adoption: summary.adoption, parent: revision.parent?.hex,
                clauses: summary.changes)
        }
    }
}

extension LogView {
    /// The JSON, built directly: a log of 10,000 revisions is the largest listing most stores print.
    var json: JSONValue {
        .object(["document": .string(document), "revisions": .array(revisions.map(\.json))])
    }

    /// `conduct log --format csv`: the fields of each revision in the JSON, one record per
    /// revision; the document's name, the same for all, is not repeated (README, "Listings as CSV").
    static let csvColumns = CSV.Columns([
        "commit", "version", "date", "author.name", "author.email", "message", "change", "proposal", "override",
        "consultationUntil", "approvals.record", "approvals.signatory", "approvals.version", "approvals.at", "parent",
        "clauses.clause", "clauses.heading", "clauses.change", "clauses.kind", "clauses.details", "clauses.was",
    ])

    var csvItems: [JSONValue] { revisions.map(\.json) }
}

extension LogView.Entry {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "commit": .string(commit), "date": .string(date), "message": .string(message), "change": .string(change),
            "author": .object(["name": .string(author.name), "email": .string(author.email)]),
            "clauses": .array(clauses.map(\.json)),
        ]
        if let version { object["version"] = .string(version) }
        if let proposal { object["proposal"] = .string(proposal) }
        if let override { object["override"] = .string(override) }
        if let end = adoption?.consultationEnd { object["consultationUntil"] = .string(end.description) }
        if let approvals = adoption?.approvals, !approvals.isEmpty {
            object["approvals"] = .array(approvals.map { relied in
                var item: [String: JSONValue] = ["record": .string(relied.id)]
                if let approval = relied.approval {
                    item["signatory"] = .string(approval.signatory)
                    item["version"] = .integer(Int64(approval.version))
                    item["at"] = .string(approval.time.description)
                }
                return .object(item)
            })
        }
        if let parent { object["parent"] = .string(parent) }
        return .object(object)
    }
}

extension ClauseChange {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "clause": .string(clause), "change": .string(change.rawValue), "kind": .string(kind.rawValue),
            "details": .array(details.map { .string($0.rawValue) }),
        ]
        if let was { object["was"] = .string(was) }
        if let heading { object["heading"] = .string(heading) }
        return .object(object)
    }
}

extension LogView {
    /// `conduct log`: each revision, its message, and which clauses changed.
    static func text(_ summaries: [RevisionSummary]) -> String {
        var out = ""
        for (index, summary) in summaries.enumerated() {
            let revision = summary.revision
            if index > 0 { out += "\n" }
            out += "\(revision.label)  \(revision.date.day)  \(revision.author)  commit \(revision.commit.hex.prefix(12))"
            out += "  \(revision.change ?? ClauseChange.rollUp(summary.changes).rawValue)"
            out += revision.proposal.map { "  proposal \($0)\n" } ?? "\n"
            for line in revision.message.split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "\n" : "    \(line)\n"
            }
            if let adoption = summary.adoption { out += adoptionText(adoption, date: revision.date) }
            if revision.parent == nil {
                let count = summary.changes.filter { !Document.isPartKey($0.clause) }.count
                out += "    initial revision: \(count) clause\(count == 1 ? "" : "s")\n"
            } else if summary.changes.isEmpty {
                out += "    no clause changed\n"
            } else {
                out += Render.changeSummary(summary.changes, indent: "    ")
            }
        }
        return out
    }

    /// The consultation window, the approvals relied on and any override, a line each.
    private static func adoptionText(_ adoption: RevisionAdoption, date: Timestamp) -> String {
        var out = ""
        if let proposal = adoption.proposal {
            let window = adoption.consultationEnd.map { "consultation window of \(proposal) \($0 <= date ? "closed on" : "open until") \($0.day)" }
                ?? "no consultation window"
            out += "    \(window)\n"
        }
        if !adoption.approvals.isEmpty {
            let named = adoption.approvals.map { relied in
                relied.approval.map { "\($0.signatory) (version \($0.version), \($0.time.day))" } ?? "record \(relied.id.prefix(12)) (not in the ledger)"
            }
            out += "    approved by \(named.joined(separator: ", "))\n"
        }
        if let override = adoption.override { out += "    adopted inside its consultation window, by override: \(override)\n" }
        return out
    }
}

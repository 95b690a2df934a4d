import ConductKit

/// `conduct policy show`: the adoption rule in force, as text and as JSON (Schemas/policy.schema.json).
enum PolicyView {
    static func text(_ report: PolicyReport) -> String {
        let when = report.revision.map { "when \($0) was adopted (\(report.at))" } ?? "at \(report.at)"
        guard let rule = report.rule else { return "no adoption rule \(when): any holder may adopt\n" }
        func quorum(_ quorum: AdoptionRule.Quorum?) -> String {
            guard let quorum else { return "none" }
            return "\(quorum) (\(quorum.required(of: report.approvers.count)) of \(report.approvers.count))"
        }
        var out = "adoption rule in force \(when), since \(rule.since)\n"
        let approvers = rule.approvers.isEmpty ? "none named"
            : rule.approvers.map(\.description).joined(separator: ", ") + "  (\(report.approvers.isEmpty ? "nobody" : report.approvers.joined(separator: ", ")))"
        out += "  approvers         \(approvers)\n"
        out += "  quorum            \(quorum(rule.quorum))\n"
        out += "  editorial quorum  \(rule.editorialQuorum == nil ? "the quorum" : quorum(rule.editorialQuorum))\n"
        out += "  consultation      \(rule.consultation.map { "\($0) from a proposal's last substantive version" } ?? "none")\n"
        out += "  override          \(rule.override.rawValue)\n"
        out += "  records           \(rule.records.map { String($0.prefix(12)) }.joined(separator: ", "))\n"
        return out
    }

    static func json(_ report: PolicyReport) -> JSONValue {
        var object: [String: JSONValue] = ["at": .string(report.at.description), "rule": .null]
        if let revision = report.revision { object["revision"] = .string(revision) }
        if let rule = report.rule {
            var fields: [String: JSONValue] = [
                "approvers": .array(rule.approvers.map { .string($0.description) }),
                "signatories": .array(report.approvers.map { .string($0) }),
                "override": .string(rule.override.rawValue), "since": .string(rule.since.description),
                "records": .array(rule.records.map { .string($0) }),
            ]
            func quorum(_ quorum: AdoptionRule.Quorum) -> JSONValue {
                .object(["value": .string(quorum.description), "required": .integer(Int64(quorum.required(of: report.approvers.count)))])
            }
            fields["quorum"] = rule.quorum.map(quorum) ?? .null
            fields["editorialQuorum"] = rule.editorialQuorum.map(quorum) ?? .null
            fields["consultation"] = rule.consultation.map { .string($0.description) } ?? .null
            object["rule"] = .object(fields)
        }
        return .object(object)
    }
}

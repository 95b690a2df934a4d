import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension VerifyReport {
    /// `conduct verify`: each finding, then each notice, then what was checked.
    var text: String {
        var out = ""
        for finding in findings { out += "\(finding.check.rawValue)  \(finding.subject): \(finding.problem)\n" }
        for notice in notices { out += "note  \(notice.subject): \(notice.problem)\n" }
        let checked = [records.counting("record"), signatures.counting("signature"), ledgerCommits.counting("ledger commit"),
                       revisions.counting("revision") + " on main", versionTags.counting("version tag")].joined(separator: ", ")
        out += findings.isEmpty ? "verified: \(checked); no findings\n" : "\(findings.count.counting("finding")) in \(checked)\n"
        return out
    }

    var json: JSONValue {
        .object([
            "records": .integer(Int64(records)), "signatures": .integer(Int64(signatures)),
            "ledgerCommits": .integer(Int64(ledgerCommits)),
            "revisions": .integer(Int64(revisions)), "versionTags": .integer(Int64(versionTags)),
            "findings": .array(findings.map {
                .object(["check": .string($0.check.rawValue), "subject": .string($0.subject), "problem": .string($0.problem)])
            }),
            "notices": .array(notices.map {
                .object(["check": .string($0.check.rawValue), "subject": .string($0.subject), "problem": .string($0.problem)])
            }),
        ])
    }
}

import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension VerifyReport {
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

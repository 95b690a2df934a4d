import Foundation
import Testing

/// `status` on a ledger of many signatories: a first read splits the folders into batches that
/// two workers read and check while the calling thread judges and writes them in order, and a
/// later read takes over every folder whose tree id held. Both must say the same.
@Suite("Status of a large ledger")
struct LedgerScaleTests {
    @Test func aColdReadInBatchesSaysWhatAReadOfTheChangedFolderSays() throws {
        let directory = try TemporaryDirectory()
        // 700 signatories, each registered by the secretariat and with one signed attestation:
        // 1,400 folders, read in three batches.
        let store = try Self.ledgerOf(700, in: directory)

        let cold = try Self.rows(store)
        #expect(cold.count == 700)
        #expect(cold.values.allSatisfy { $0["state"] as? String != "never" }, "every signatory attested a revision")

        // An attestation in the middle batch, changed and stored under its new name: a valid
        // record whose signature no longer holds over it.
        let folder = "attestations/s000350"
        let old = try #require(try Plumbing.ledger(store, under: folder).first)
        let changed = try RecordTool.edited(try Plumbing.blob(store, old), ["scope": "document"])
        try Plumbing.rewriteLedger(store, [(old, nil), (folder + "/" + (try RecordTool.sha256(changed)) + ".json", changed)])
        let later = try Self.rows(store)
        #expect(later["s000350"]?["state"] as? String == "invalid", "\(later["s000350"] ?? [:])")
        for (id, row) in cold where id != "s000350" {
            #expect(NSDictionary(dictionary: row).isEqual(to: later[id] ?? [:]), "\(id) changed")
        }

        // Read again from nothing, the same.
        try FileManager.default.removeItem(atPath: store + "/conduct-cache")
        let again = try Self.rows(store)
        #expect(again.count == 700)
        for (id, row) in later {
            #expect(NSDictionary(dictionary: row).isEqual(to: again[id] ?? [:]), "\(id) differs")
        }
    }

    /// `verify` reads the signatories' folders a few hundred at a time, each signatory's
    /// registration with its attestations: what it names in one batch must not leak into another.
    @Test func verifyInBatchesNamesExactlyTheForgedRecords() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.ledgerOf(700, in: directory)
        // A forged attestation in the second batch, a forged registration in the third.
        let attestation = "attestations/s000350"
        let old = try #require(try Plumbing.ledger(store, under: attestation).first)
        let changed = try RecordTool.edited(try Plumbing.blob(store, old), ["scope": "document"])
        let forgedAttestation = attestation + "/" + (try RecordTool.sha256(changed)) + ".json"
        let registration = "signatories/s000600"
        let oldRegistration = try #require(try Plumbing.ledger(store, under: registration).first)
        let renamed = try RecordTool.edited(try Plumbing.blob(store, oldRegistration), ["name": "Someone Else"])
        let forgedRegistration = registration + "/" + (try RecordTool.sha256(renamed)) + ".json"
        try Plumbing.rewriteLedger(store, [(old, nil), (forgedAttestation, changed), (oldRegistration, nil), (forgedRegistration, renamed)])
        let unattested = try #require(try Plumbing.ledger(store, under: "attestations/s000600").first)

        let result = try CLI.conduct(["verify", "--store", store, "--format", "json"])
        #expect(result.status == 1)
        let report = try CLI.json(result)
        #expect(report["records"] as? Int == 1_401, "700 registrations, 700 attestations and the authority record")
        let findings = (report["findings"] as? [[String: Any]] ?? []).compactMap { finding -> String? in
            guard let subject = finding["subject"] as? String, subject.hasPrefix("signatories/") || subject.hasPrefix("attestations/") else { return nil }
            return "\(finding["check"] as? String ?? "") \(subject)"
        }
        // The records replaced are named by the history check, the forged ones by what they fail,
        // and the attestation of the signatory whose registration no longer counts by its key.
        #expect(findings == ["history " + old, "history " + oldRegistration, "authority " + forgedRegistration,
                             "signature " + forgedAttestation, "key " + unattested], "\(findings)")
    }

    /// A bare store of three revisions and `count` registered signatories, each with one signed attestation.
    static func ledgerOf(_ count: Int, in directory: TemporaryDirectory) throws -> String {
        let store = directory.path("ledger.git")
        try CLI.succeed(CLI.git(["init", "--quiet", "--bare", "--initial-branch=main", store]))
        let history = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-history").path, "3", "8"])
        try #require(history.status == 0, "\(history.stderr)")
        try #require(try CLI.run("/usr/bin/env", ["git", "-C", store, "fast-import", "--quiet"], stdin: history.stdoutBytes).status == 0)
        try CLI.succeed(CLI.git(["-C", store, "config", "conduct.document", "CODE_OF_CONDUCT.md"]))
        try CLI.succeed(CLI.git(["-C", store, "config", "conduct.store", "1"]))
        let ledger = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-attestations").path, store, "\(count)"],
                                 environment: ["CONDUCT": CLI.binary])
        try #require(ledger.status == 0, "\(ledger.stderr)")
        try #require(try CLI.run("/usr/bin/env", ["git", "-C", store, "fast-import", "--quiet"], stdin: ledger.stdoutBytes).status == 0)
        return store
    }

    static func rows(_ store: String) throws -> [String: [String: Any]] {
        let result = try CLI.succeed(CLI.conduct(["status", "--store", store, "--format", "json"]))
        let rows = try #require(try CLI.json(result)["signatories"] as? [[String: Any]])
        return Dictionary(rows.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }
}

import Foundation
import Testing

/// `status` on a ledger of many signatories: a first read splits the folders into batches that
/// two workers read and check while the calling thread judges and writes them in order, and a
/// later read takes over every folder whose tree id held. Both must say the same.
@Suite("Status of a large ledger")
struct LedgerScaleTests {
    @Test func aColdReadInBatchesSaysWhatAReadOfTheChangedFolderSays() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("ledger.git")
        try CLI.succeed(CLI.git(["init", "--quiet", "--bare", "--initial-branch=main", store]))
        let history = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-history").path, "3", "8"])
        try #require(history.status == 0, "\(history.stderr)")
        try #require(try CLI.run("/usr/bin/env", ["git", "-C", store, "fast-import", "--quiet"], stdin: history.stdoutBytes).status == 0)
        try CLI.succeed(CLI.git(["-C", store, "config", "conduct.document", "CODE_OF_CONDUCT.md"]))
        try CLI.succeed(CLI.git(["-C", store, "config", "conduct.store", "1"]))
        // 700 signatories, each registered by the secretariat and with one signed attestation:
        // 1,400 folders, read in three batches.
        let ledger = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-attestations").path, store, "700"],
                                 environment: ["CONDUCT": CLI.binary])
        try #require(ledger.status == 0, "\(ledger.stderr)")
        try #require(try CLI.run("/usr/bin/env", ["git", "-C", store, "fast-import", "--quiet"], stdin: ledger.stdoutBytes).status == 0)

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

    static func rows(_ store: String) throws -> [String: [String: Any]] {
        let result = try CLI.succeed(CLI.conduct(["status", "--store", store, "--format", "json"]))
        let rows = try #require(try CLI.json(result)["signatories"] as? [[String: Any]])
        return Dictionary(rows.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }
}

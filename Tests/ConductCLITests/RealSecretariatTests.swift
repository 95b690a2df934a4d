import Foundation
import Testing

/// A secretariat's exports on a real code (the Contributor Covenant 2.1's own history, from
/// Fixtures/RealHistories): imported, signed by one signatory early on, then the status as CSV,
/// the reminders as an mbox, and the attestation chart, each checked against `status`.
@Suite("A secretariat's exports on a real history")
struct RealSecretariatTests {
    @Test func csvRemindersAndTheChartAgreeWithStatus() throws {
        let directory = try TemporaryDirectory()
        let chain = try #require(RealHistoryTests.chains.first { $0.folder == "EthicalSource-contributor_covenant/version-2.1-en" })
        let (repo, path, _) = try RealHistoryTests.rebuild(chain, in: directory)
        let store = directory.path("covenant.git")
        func conduct(_ arguments: [String]) throws -> CLI.Result {
            try CLI.succeed(CLI.conduct(arguments + ["--store", store]), arguments.joined(separator: " "))
        }
        try CLI.succeed(CLI.conduct(["import", "--from-git", repo, "--path", path, "--store", store]))
        let log = try CLI.json(try conduct(["log", "--format", "json"]))
        let versions = (log["revisions"] as? [[String: Any]] ?? []).compactMap { $0["version"] as? String }
        let (first, last) = (try #require(versions.last), try #require(versions.first))
        try #require(versions.count > 2, "\(versions)")

        let secretariat = "Covenant Secretariat <secretariat@covenant.example>"
        for (id, name, representative) in [("rails-app", "Rails App, Inc.", "Ana Núñez <ana@rails.example>"),
                                           ("hanako", "田中 花子", "田中 花子 <hanako@example.jp>")] {
            let key = directory.path(id)
            try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
            try conduct(["signatory", "add", id, "--name", name, "--kind", id == "hanako" ? "person" : "organization",
                         "--key", key + ".pub", "--representative", representative, "--date", "2022-01-01", "--as", secretariat])
        }
        try conduct(["attest", "rails-app", "--revision", "v\(first)", "--key", directory.path("rails-app"), "--date", "2022-02-01"])

        // status as CSV: the rows JSON has, read by Python's csv module.
        let rows = try AttestationTests.status(store, [])
        let csv = try conduct(["status", "--format", "csv"]).stdout
        let read = try CLI.run("/usr/bin/env", ["python3", "-c", """
            import csv, json, sys
            print(json.dumps({row["id"]: row["state"] for row in csv.DictReader(sys.stdin, strict=True)}))
            """], stdin: Data(csv.utf8))
        let states = try #require(try JSONSerialization.jsonObject(with: read.stdoutBytes) as? [String: String], "\(read.stderr)")
        #expect(states == rows.mapValues { $0["state"] as? String ?? "" }, "\(states) against \(rows)")
        #expect(states["hanako"] == "never" && states["rails-app"] == "stale", "\(states)")

        // The reminders: one to each representative, named in the real code's title and its last version.
        let mbox = directory.path("reminders.mbox")
        try conduct(["remind", "--mbox", mbox, "--as", secretariat])
        let messages = try RemindTests.read("mbox", [mbox])
        let recipients = messages.compactMap { ($0["to"] as? [[String: Any]])?.first?["address"] as? String }.sorted()
        #expect(recipients == ["ana@rails.example", "hanako@example.jp"], "\(recipients)")
        for message in messages {
            let subject = message["subject"] as? String ?? ""
            #expect(subject.hasPrefix("Contributor Covenant Code of Conduct v\(last)"), "\(subject)")
            #expect((message["defects"] as? [String] ?? []).isEmpty, "\(message)")
            let address = (message["to"] as? [[String: Any]])?.first?["address"] as? String
            let signatory = address == "ana@rails.example" ? "rails-app" : "hanako"
            let body = message["body"] as? String ?? ""
            #expect(body.contains("conduct attest \(signatory) --revision v\(last)"), "\(body)")
        }

        // The chart: at every revision, what status --at says.
        let site = directory.path("site")
        try AttestationChartTests.publish(store, to: site)
        let page = try String(contentsOfFile: site + "/attestations.html", encoding: .utf8)
        let bars = AttestationChartTests.bars(page)
        #expect(bars.map(\.revision) == versions.reversed().map { "v\($0)" }, "\(bars.map(\.revision))")
        for bar in bars {
            #expect(bar.counts == (try AttestationChartTests.status(store, at: bar.revision)), "\(bar.revision): \(bar.counts)")
        }
    }
}

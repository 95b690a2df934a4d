import Foundation
import Testing

/// `status` and the published attestation matrix judge coverage by one rule: a clause that
/// moves to another heading level, its words unchanged, is changed (as `diff` says), so an
/// attestation of the revision before is stale in both.
@Suite("Coverage rule")
struct CoverageRuleTests {
    @Test func aClauseMovedToAnotherLevelIsStaleInStatusAndInTheMatrix() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store.git")
        let secretariat = "Code Secretariat <secretariat@example.org>"
        func conduct(_ arguments: [String]) throws -> String {
            let result = try CLI.conduct(arguments + ["--store", store])
            try #require(result.status == 0, "conduct \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout
        }
        let first = try directory.write("v1.0.md", "# Code\n\n## Alpha {#alpha}\n\nWe do alpha.\n\n## Beta {#beta}\n\nWe do beta.\n")
        let initialised = try CLI.conduct(["init", store, "--from", first, "--version", "1.0", "--date", "2024-01-01",
                                           "--message", "First text"])
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let key = directory.path("org.key")
        try #require(try CLI.conduct(["keys", "generate", "--out", key]).status == 0)
        _ = try conduct(["signatory", "add", "org", "--name", "Org", "--kind", "organisation", "--key", key + ".pub",
                         "--representative", "Rep <rep@example.org>", "--date", "2024-01-02", "--as", secretariat])
        _ = try conduct(["attest", "org", "--revision", "v1.0", "--key", key, "--date", "2024-01-03"])
        // Beta becomes a part of Alpha: the same words, one level down.
        let second = try directory.write("v1.1.md", "# Code\n\n## Alpha {#alpha}\n\nWe do alpha.\n\n### Beta {#beta}\n\nWe do beta.\n")
        _ = try conduct(["adopt", "--from", second, "--version", "1.1", "--date", "2024-02-01", "--message", "Nest beta"])

        let status = try conduct(["status", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]
        let row = (object?["signatories"] as? [[String: Any]])?.first { $0["id"] as? String == "org" }
        #expect(row?["state"] as? String == "stale", "\(status)")

        let site = directory.path("site")
        try #require(try PublishTests.publish(store, to: site).status == 0)
        let page = try String(contentsOfFile: site + "/attestations.html", encoding: .utf8)
        #expect(PublishTests.matrix(page)["org"] == ["current", "stale"], "\(page)")
    }
}

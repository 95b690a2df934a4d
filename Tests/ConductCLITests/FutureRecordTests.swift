import Foundation
import Testing

/// A record dated more than 10 minutes past the verifier's clock is reported by `verify` and
/// counted by nothing else, and no writing command takes such a date.
@Suite("Records dated in the future")
struct FutureRecordTests {
    typealias Security = AttestationSecurityTests

    /// `uni`'s attestation of v1.1, made in a scratch copy of `fixture`'s store and signed again
    /// by ssh-keygen with `at` set to `date`: a record a forger with uni's key could write.
    static func attestation(of fixture: Security.Fixture, at date: String) throws -> (path: String, bytes: Data) {
        let scratch = fixture.directory.path("scratch-\(UUID().uuidString).git")
        try CLI.succeed(CLI.git(["clone", "-q", "--mirror", fixture.store, scratch]))
        try CLI.succeed(CLI.conduct(["init", "--adopt-existing", scratch]))
        try CLI.succeed(CLI.conduct(["attest", "uni", "--store", scratch, "--key", fixture.uniKey, "--revision", "v1.1",
                                     "--as", Security.uniRepresentative, "--date", "2024-03-05"]))
        let path = try #require(try Plumbing.ledger(scratch, under: "attestations").first { $0.hasPrefix("attestations/uni/") })
        return try Security.resigned(try Plumbing.blob(scratch, path), ["at": date], key: fixture.uniKey)
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: date)
    }

    @Test func anAttestationDated2099IsNotCurrentAndVerifyNamesIt() throws {
        let fixture = try Security.Fixture(attest: false)
        let forged = try Self.attestation(of: fixture, at: "2099-01-01T00:00:00.000Z")
        #expect(Security.state(try Security.status(fixture.store)["uni"]) == "never")
        try Plumbing.rewriteLedger(fixture.store, [(forged.path, forged.bytes)], message: "Records from the future")

        for _ in 0..<2 {  // the second time through the status cache
            let rows = try Security.status(fixture.store)
            #expect(Security.state(rows["uni"]) == "never", "\(rows["uni"] ?? [:])")
        }
        let check = try CLI.conduct(["check", "uni", "--store", fixture.store])
        #expect(check.status == 1, "\(check.stdout) \(check.stderr)")
        let verified = try Security.verify(fixture.store)
        #expect(verified.status == 1)
        let about = Security.findings(verified.findings, about: forged.path)
        #expect(about.count == 1 && about.first?.check == "time", "\(verified.findings)")
        #expect(about.first?.problem.contains("2099-01-01") == true, "\(about)")
        // Nothing else is blamed: the forged record is the one finding.
        #expect(verified.findings.count == 1, "\(verified.findings)")
        // Other readers pass it over without calling the store damaged.
        for arguments in [["since", "uni"], ["signatory", "list"], ["comments"], ["proposals"], ["log"]] {
            let result = try CLI.conduct(arguments + ["--store", fixture.store])
            #expect(result.status == 0 || (arguments[0] == "since" && result.status == 2), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("damaged"), "\(arguments): \(result.stderr)")
        }
    }

    /// A record just past the horizon is left out only until its date comes within 10 minutes:
    /// the status cache must not keep the verdict.
    @Test func aRecordCountsOnceItsDateHasCome() throws {
        let fixture = try Security.Fixture(attest: false)
        let due = Date().addingTimeInterval(600 + 12)
        let record = try Self.attestation(of: fixture, at: Self.isoDate(due))
        try Plumbing.rewriteLedger(fixture.store, [(record.path, record.bytes)], message: "A record a little ahead")
        let early = try Security.status(fixture.store)
        try #require(Date() < due.addingTimeInterval(-600), "the test took too long to get here")
        #expect(Security.state(early["uni"]) == "never", "\(early["uni"] ?? [:])")
        let wait = due.addingTimeInterval(-600 + 1).timeIntervalSinceNow
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        let later = try Security.status(fixture.store)
        #expect(Security.state(later["uni"]).map { $0.hasPrefix("current") } == true, "\(later["uni"] ?? [:])")
        #expect(try Security.verify(fixture.store).status == 0)
    }

    @Test func writingCommandsRefuseADateBeyondTheSkew() throws {
        let fixture = try Security.Fixture(attest: false)
        let before = try fixture.refs()
        let far = try CLI.conduct(["comment", "--store", fixture.store, "v1.1", "--clause", "scope", "--message", "Later.",
                                   "--as", Security.secretariat, "--date", "2099-01-01"])
        #expect(far.status == 2, "\(far.stderr)")
        #expect(far.stderr.contains("more than 10 minutes after this machine's clock") && far.stderr.contains("--date"), "\(far.stderr)")
        let attest = try CLI.conduct(["attest", "uni", "--store", fixture.store, "--key", fixture.uniKey,
                                      "--as", Security.uniRepresentative, "--date", Self.isoDate(Date().addingTimeInterval(3600))])
        #expect(attest.status == 2, "\(attest.stderr)")
        #expect(try fixture.refs() == before)
        // Within the skew is fine.
        let near = try CLI.conduct(["comment", "--store", fixture.store, "v1.1", "--clause", "scope", "--message", "Soon.",
                                    "--as", Security.secretariat, "--date", Self.isoDate(Date().addingTimeInterval(120))])
        #expect(near.status == 0, "\(near.stderr)")
    }
}

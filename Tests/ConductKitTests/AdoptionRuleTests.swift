import Testing
@testable import ConductKit

/// The adoption rule as a value: quorums read and counted, and the rule folded from settings
/// at a moment, each key's latest setting then winning.
@Suite("Adoption rule values")
struct AdoptionRuleTests {
    @Test func aQuorumIsANumberOrAShareRoundedUp() {
        #expect(AdoptionRule.Quorum("2") == .count(2))
        #expect(AdoptionRule.Quorum("2/3") == .fraction(2, of: 3))
        for bad in ["0", "-1", "3/2", "0/3", "2/0", "two", "", "/", "1/2/3", "١"] {
            #expect(AdoptionRule.Quorum(bad) == nil, "\(bad)")
        }
        let twoThirds = AdoptionRule.Quorum.fraction(2, of: 3)
        #expect([1, 2, 3, 4, 5, 6].map { twoThirds.required(of: $0) } == [1, 2, 2, 3, 4, 4])
        #expect(AdoptionRule.Quorum.fraction(1, of: 1).required(of: 5) == 5)
        #expect(AdoptionRule.Quorum.count(3).required(of: 5) == 3)
    }

    @Test func theRuleAtAMomentTakesEachKeysLatestSettingDatedThenOrBefore() throws {
        func config(_ key: String, _ value: String, at: String) throws -> Record {
            try LedgerTests.record("config", at: at, ["key": .string(key), "value": .string(value),
                                                      "by": .object(["name": .string("S"), "email": .string("s@example.org")])])
        }
        let records = Store.inFoldOrder([
            try config("adoption.consultation", "30d", at: "2025-01-01T00:00:00Z"),
            try config("attestation.max-age", "365d", at: "2025-01-02T00:00:00Z"),
            try config("adoption.consultation", "60d", at: "2025-02-01T00:00:00Z"),
            try config("adoption.override", "allowed", at: "2025-02-01T00:00:00Z"),
            try config("adoption.consultation", "0d", at: "2025-03-01T00:00:00Z"),
        ])
        #expect(AdoptionRule.fold(records, at: try Timestamp(parsing: "2024-12-31")) == nil)
        let january = try #require(AdoptionRule.fold(records, at: try Timestamp(parsing: "2025-01-15")))
        #expect(january.consultation?.description == "30d" && january.override == .forbidden && january.records.count == 1)
        let february = try #require(AdoptionRule.fold(records, at: try Timestamp(parsing: "2025-02-15")))
        #expect(february.consultation?.description == "60d" && february.override == .allowed && february.records.count == 2)
        // 0d is a rule with no window, not the absence of a rule.
        let march = try #require(AdoptionRule.fold(records, at: try Timestamp(parsing: "2025-03-15")))
        #expect(march.consultation == nil && !march.requiresConsultation && march.override == .allowed)
    }

    @Test func approversAreIDsOrRolesNamedOnce() throws {
        #expect(try AdoptionRule.approvers(parsing: "acme, uni ,role:person") == [.signatory("acme"), .signatory("uni"), .role(.person)])
        for bad in ["", "acme,", ",acme", "acme,acme", "role:board", "role:"] {
            #expect(throws: ConductError.self, "\(bad)") { try AdoptionRule.approvers(parsing: bad) }
        }
        var rule = AdoptionRule()
        rule.approvers = [.signatory("acme"), .role(.organisation)]
        #expect(rule.approverIDs(among: ["acme": .organisation, "uni": .organisation, "ann": .person]) == ["acme", "uni"])
    }
}

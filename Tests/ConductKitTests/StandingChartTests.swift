@testable import ConductKit
import Foundation
import Testing

/// The attestation page's chart: at each revision, how many signatories stand in each state,
/// counted as `status --at` that revision lists them, drawn so that it reads with no
/// signatory, with one revision, and with many revisions with long labels.
@Suite("Standing chart")
struct StandingChartTests {
    static let now = "2024-06-01"

    /// CurrencyTests' v1.0, v1.1 (editorial) and v1.2 (substantive), and signatories that are,
    /// at one revision or another, current, current-editorial, stale, expired (with a maximum
    /// age of 60 days), withdrawn and never.
    static func store() throws -> StoreFixture {
        let fixture = try StoreFixture(text: CurrencyTests.v10, version: "1.0", date: "2024-01-01")
        var keys: [String: SSHPrivateKey] = [:]
        for id in ["acme", "late", "old", "quit", "fresh", "none"] { keys[id] = try fixture.addSignatory(id, date: "2024-01-02") }
        try fixture.adopt(CurrencyTests.v11, version: "1.1", date: "2024-02-01")
        try fixture.adopt(CurrencyTests.v12, version: "1.2", date: "2024-03-01")
        try fixture.attest("old", key: keys["old"]!, revision: "v1.0", date: "2024-03-02")
        try fixture.attest("acme", key: keys["acme"]!, revision: "v1.0", date: "2024-05-01")
        try fixture.attest("late", key: keys["late"]!, revision: "v1.1", date: "2024-05-02")
        try fixture.attest("quit", key: keys["quit"]!, revision: "v1.1", date: "2024-05-03")
        _ = try fixture.store.withdrawAttestation("quit", key: keys["quit"]!, keyFile: "quit.key",
                                                  authorship: try StoreFixture.authorship("2024-05-04", as: "Representative of quit <quit@example.org>"))
        try fixture.attest("fresh", key: keys["fresh"]!, revision: "v1.2", date: "2024-05-05")
        _ = try fixture.store.setSetting("attestation.max-age", value: "60d", authorship: try StoreFixture.authorship("2024-05-06"))
        return fixture
    }

    @Test func eachRevisionsCountsAreWhatStatusListsThere() throws {
        let fixture = try Self.store()
        let now = try StoreFixture.time(Self.now)
        let matrix = try fixture.store.attestationMatrix(now: now)
        let counts = matrix.counts()
        #expect(counts.count == matrix.revisions.count && counts.count == 3)
        var seen = Set<AttestationStatus.State>()
        for (column, revision) in matrix.revisions.enumerated() {
            let rows = try fixture.store.status(at: revision.label, now: now).rows()
            let listed = Dictionary(grouping: rows, by: \.state).mapValues(\.count)
            #expect(counts[column] == listed, "at \(revision.label)")
            #expect(counts[column].values.reduce(0, +) == rows.count && rows.count == 6, "every signatory counted once at \(revision.label)")
            seen.formUnion(listed.keys)
        }
        #expect(seen.isSuperset(of: [.current, .currentEditorial, .stale, .expired, .withdrawn, .never]), "\(seen)")
    }

    /// Every bar of the published chart, by revision label: its segments' counts by state.
    static func bars(_ page: String) -> [(revision: String, counts: [String: Int])] {
        page.components(separatedBy: "<g class=\"bar\" data-revision=\"").dropFirst().map { piece in
            let revision = String(piece.prefix { $0 != "\"" })
            let body = piece.components(separatedBy: "</g>")[0]
            var counts: [String: Int] = [:]
            for segment in body.components(separatedBy: "data-state=\"").dropFirst() {
                let state = String(segment.prefix { $0 != "\"" })
                counts[state] = Int(segment.components(separatedBy: "data-count=\"").dropFirst().first?.prefix { $0 != "\"" } ?? "")
            }
            return (revision, counts)
        }
    }

    @Test func theChartAndItsTableShowTheCountsWithATitlePerSegment() throws {
        let fixture = try Self.store()
        let history = try fixture.store.siteHistory(now: try StoreFixture.time(Self.now))
        let page = try AttestationPagesTests.page(history, fixture: fixture)
        let counts = history.matrix.counts()
        let bars = Self.bars(page)
        #expect(bars.map(\.revision) == ["v1.0", "v1.1", "v1.2"])
        for (column, bar) in bars.enumerated() {
            #expect(bar.counts == Dictionary(uniqueKeysWithValues: counts[column].map { ($0.key.rawValue, $0.value) }), "\(bar.revision)")
            for (state, count) in bar.counts {
                #expect(page.contains("<title>\(bar.revision): \(count) \(state)</title>"), "\(bar.revision) \(state)")
            }
            // The table's row says the same, every state in a cell of its own (0 when none).
            let row = try #require(page.components(separatedBy: "<tr data-revision=\"\(bar.revision)\">").dropFirst().first?
                .components(separatedBy: "</tr>").first)
            for state in AttestationStatus.State.allCases {
                #expect(row.contains("<td data-state=\"\(state.rawValue)\">\(counts[column][state] ?? 0)</td>"), "\(bar.revision) \(state): \(row)")
            }
        }
        // A figure named by its caption, filled with the matrix's symbols; no script.
        #expect(page.contains("<svg role=\"img\" aria-labelledby=\"standing-caption\""))
        #expect(page.contains("<figcaption id=\"standing-caption\">Signatories by state at each of the 3 revisions of main"))
        for (state, symbol, _) in AttestationPages.states {
            #expect(page.contains("<text class=\"mark st-\(state.rawValue)\" x=\"7\" y=\"10.5\">\(symbol)</text>"), "\(state)")
        }
        #expect(!page.contains("<script"))
    }

    @Test func withoutSignatoriesThePageSaysSoInsteadOfDrawingAnEmptyChart() throws {
        let fixture = try StoreFixture(text: StoreFixture.code)
        var page = try AttestationPagesTests.page(try fixture.store.siteHistory(now: try StoreFixture.time(Self.now)), fixture: fixture)
        #expect(page.contains("No signatories yet"))
        #expect(!page.contains("<svg") && !page.contains("data-state"))
        // One signatory and one revision: one bar, labelled, that counts it.
        try fixture.addSignatory("acme", date: "2024-01-02")
        page = try AttestationPagesTests.page(try fixture.store.siteHistory(now: try StoreFixture.time(Self.now)), fixture: fixture)
        #expect(Self.bars(page).map { "\($0.revision) \($0.counts)" } == ["v1.0 [\"never\": 1]"])
        #expect(page.contains("at the one revision of main, v1.0 (2024-01-01)"))
        #expect(page.components(separatedBy: "<text class=\"label\"").count == 2)
    }

    @Test func manyRevisionsWithLongLabelsGetThinnedLabelsThatDoNotOverlap() throws {
        let fixture = try StoreFixture(text: StoreFixture.code, version: "100000000.900000000", date: "2024-01-01")
        for number in 1..<70 {
            let day = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_704_067_200 + Double(number) * 86_400))
            try fixture.adopt(StoreFixture.code.replacingOccurrences(of: "thirty days", with: "\(number) days"),
                              version: "\(100_000_000 + number).\(900_000_000 + number)", date: day)
        }
        let key = try fixture.addSignatory("acme", date: "2024-04-01")
        try fixture.attest("acme", key: key, revision: "v100000030.900000030", date: "2024-04-02")
        let page = try AttestationPagesTests.page(try fixture.store.siteHistory(now: try StoreFixture.time(Self.now)), fixture: fixture)
        #expect(Self.bars(page).count == 70)
        // Labels along the axis: fewer than the bars, the latest among them, far enough apart.
        let labels = page.components(separatedBy: "<text class=\"label\" x=\"").dropFirst().map { piece in
            (x: Double(piece.prefix { $0 != "\"" }) ?? -1, text: String(piece.components(separatedBy: ">")[1].prefix { $0 != "<" }))
        }
        #expect(labels.count > 10 && labels.count < 70, "\(labels.count) labels")
        #expect(labels.last?.text == "v100000069.900000069 ")
        for (before, after) in zip(labels, labels.dropFirst()) {
            #expect(after.x - before.x >= StandingChart.labelRoom, "\(before.text) and \(after.text) overlap")
        }
        // The leftmost label, read at 45°, starts inside the picture.
        let first = try #require(labels.first)
        #expect(first.x - Double(first.text.count + 10) * StandingChart.characterWidth * 0.7071 >= 0, "\(first)")
    }
}

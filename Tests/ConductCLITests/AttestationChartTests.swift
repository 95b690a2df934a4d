import Foundation
import Testing

/// The attestation page's chart end to end: `conduct publish` on a store whose signatories pass
/// through every state draws, for every revision, bars and a table whose counts are what
/// `conduct status --at REVISION --format json` lists; the page is valid HTML, and headless
/// Chromium renders it (a screenshot in the test's folder, or in $CONDUCT_SCREENSHOTS).
@Suite("Attestation chart end to end")
struct AttestationChartTests {
    /// The Corpus store of PublishTests, with a maximum age that expires the attestations made
    /// before 2024, aurora-systems' attestation withdrawn, late-org attesting v1.0 after v1.1
    /// was adopted (current, then current-editorial, then stale), and forged-org's attestation
    /// changed after it was signed (invalid).
    static func store(in directory: TemporaryDirectory) throws -> String {
        let store = try PublishTests.corpusStore(in: directory)
        let late = try AttestationTests.register("late-org", in: directory, store: store, date: "2025-04-02")
        try AttestationTests.attest("late-org", key: late, store: store, ["--revision", "v1.0", "--date", "2025-04-03"])
        let forged = try AttestationTests.register("forged-org", in: directory, store: store, date: "2025-04-02")
        try AttestationTests.attest("forged-org", key: forged, store: store, ["--revision", "v1.1", "--date", "2025-04-04"])
        let folder = "attestations/forged-org"
        let signed = try #require(try Plumbing.ledger(store, under: folder).first)
        let changed = try RecordTool.edited(try Plumbing.blob(store, signed), ["statement": "A statement nobody signed."])
        try Plumbing.rewriteLedger(store, [(signed, nil), (folder + "/" + (try RecordTool.sha256(changed)) + ".json", changed)])
        try AttestationTests.attest("aurora-systems", key: directory.path("aurora-systems.key"), store: store, ["--withdraw", "--date", "2025-04-05"])
        // Whatever today is, the attestations of 2023 are older than this and those since 2024 younger.
        let days = Int(Date().timeIntervalSince(ISO8601DateFormatter().date(from: "2024-01-01T00:00:00Z")!) / 86_400)
        let set = try CLI.conduct(["config", "set", "attestation.max-age", "\(days)d", "--store", store])
        try #require(set.status == 0, "\(set.stderr)")
        return store
    }

    /// Every bar of the chart in order, with its segments' counts by state.
    static func bars(_ page: String) -> [(revision: String, counts: [String: Int])] {
        page.components(separatedBy: "<g class=\"bar\" data-revision=\"").dropFirst().map { piece in
            (String(piece.prefix { $0 != "\"" }), counts(piece.components(separatedBy: "</g>")[0], "data-count=\""))
        }
    }

    /// Every row of the chart's table in order, with its cells' counts by state.
    static func table(_ page: String) -> [(revision: String, counts: [String: Int])] {
        page.components(separatedBy: "<tr data-revision=\"").dropFirst().map { piece in
            (String(piece.prefix { $0 != "\"" }), counts(piece.components(separatedBy: "</tr>")[0], "\">").filter { $0.value > 0 })
        }
    }

    /// `data-state="S"` followed by a number after `marker`, for each state in `markup`.
    static func counts(_ markup: String, _ marker: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for piece in markup.components(separatedBy: "data-state=\"").dropFirst() {
            let state = String(piece.prefix { $0 != "\"" })
            counts[state] = piece.components(separatedBy: marker).dropFirst().first.flatMap { Int(String($0.prefix(while: \.isNumber))) }
        }
        return counts
    }

    /// `conduct status --at REVISION --format json` (checked against its schema): how many signatories in each state.
    static func status(_ store: String, at revision: String) throws -> [String: Int] {
        let rows = try AttestationTests.status(store, ["--at", revision])
        return Dictionary(grouping: rows.values, by: { $0["state"] as? String ?? "" }).mapValues(\.count)
    }

    static func publish(_ store: String, to site: String) throws {
        // Judged today, as status judges now.
        let published = try CLI.conduct(["publish", "--store", store, "--out", site])
        try #require(published.status == 0, "\(published.stderr)")
    }

    @Test func theBarsAndTheTableCountWhatStatusListsAtEveryRevision() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let site = directory.path("site")
        try Self.publish(store, to: site)
        let page = try String(contentsOfFile: site + "/attestations.html", encoding: .utf8)
        let bars = Self.bars(page), table = Self.table(page)
        #expect(bars.map(\.revision) == ["v0.1", "v1.0", "v1.1", "v1.2"], "one bar per revision, in the order of adoption")
        #expect(table.map(\.revision) == bars.map(\.revision))
        var seen = Set<String>()
        for (bar, row) in zip(bars, table) {
            let listed = try Self.status(store, at: bar.revision)
            #expect(bar.counts == listed, "the bar of \(bar.revision)")
            #expect(row.counts == listed, "the table's row of \(bar.revision)")
            #expect(listed.values.reduce(0, +) == 7, "every signatory counted at \(bar.revision)")
            seen.formUnion(listed.keys)
        }
        #expect(seen == ["current", "current-editorial", "stale", "expired", "withdrawn", "never", "invalid"], "\(seen)")
        try PublishTests.expectTidy(site)
        let links = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/check-links").path, site])
        #expect(links.status == 0, "\(links.stdout)\(links.stderr)")
    }

    /// `page` of `site` in headless Chromium: a screenshot `shot` in `shots`, and the DOM it built.
    static func browse(_ site: String, _ page: String, shot: String, in directory: TemporaryDirectory, size: String = "1280,1400") throws -> (dom: String, png: Data) {
        let chromium = try PublishTests.tool("chromium")
        let shots = ProcessInfo.processInfo.environment["CONDUCT_SCREENSHOTS"] ?? directory.path("shots")
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let url = "file://" + site + "/" + page
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=" + directory.path("chromium-profile"), "--hide-scrollbars"]
        let taken = try CLI.run(chromium, common + ["--screenshot=" + shots + "/" + shot, "--window-size=" + size, url])
        let png = try #require(FileManager.default.contents(atPath: shots + "/" + shot), "no screenshot of \(page): \(taken.stderr)")
        let dom = try CLI.run(chromium, common + ["--dump-dom", url])
        #expect(dom.status == 0, "\(dom.stderr)")
        return (dom.stdout, png)
    }

    @Test func chromiumDrawsTheChart() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let site = directory.path("site")
        try Self.publish(store, to: site)
        let (dom, png) = try Self.browse(site, "attestations.html", shot: "chart.png", in: directory)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000, "a PNG of \(png.count) bytes")
        // The browser built the figure: the SVG named by its caption, its segments, its table.
        #expect(dom.contains("<svg role=\"img\" aria-labelledby=\"standing-caption\""), "no chart in the DOM")
        #expect(dom.contains("<figcaption id=\"standing-caption\">"))
        #expect(Self.bars(dom).map(\.revision) == ["v0.1", "v1.0", "v1.1", "v1.2"])
        #expect(Self.table(dom).count == 4)
    }

    /// Thirty-three revisions with the longest version labels, and a store with one revision
    /// and no signatory: valid pages that Chromium draws, labels thinned, counts as status says.
    @Test func manyRevisionsAndNoSignatoryReadWell() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("long.git")
        let text = try String(contentsOfFile: ProposalTests.corpus("v1.0"), encoding: .utf8)
        func version(_ number: Int) -> String { "\(100_000_000 + number).\(900_000_000 + number)" }
        let source = try directory.write("v0.md", text)
        try #require(try CLI.conduct(["init", store, "--from", source, "--version", version(0), "--date", "2023-01-01"]).status == 0)
        let empty = directory.path("empty-site")
        try Self.publish(store, to: empty)
        let alone = try String(contentsOfFile: empty + "/attestations.html", encoding: .utf8)
        #expect(alone.contains("No signatories yet") && !alone.contains("<svg"))
        _ = try Self.browse(empty, "attestations.html", shot: "chart-empty.png", in: directory)

        let first = try AttestationTests.register("first-org", in: directory, store: store, date: "2023-01-02")
        try AttestationTests.attest("first-org", key: first, store: store, ["--date", "2023-01-03"])
        let one = directory.path("one-site")
        try Self.publish(store, to: one)
        _ = try Self.browse(one, "attestations.html", shot: "chart-one.png", in: directory)
        #expect(Self.bars(try String(contentsOfFile: one + "/attestations.html", encoding: .utf8)).map(\.counts) == [["current": 1]])

        let keys = try ["second-org", "third-org"].map { try AttestationTests.register($0, in: directory, store: store, date: "2023-01-02") }
        for number in 1...32 {
            let next = try directory.write("v\(number).md", text + "\nAmended in revision \(number).\n")
            let adopted = try CLI.conduct(["adopt", "--store", store, "--from", next, "--version", version(number),
                                           "--date", "2023-\(String(format: "%02d", 2 + number / 3))-\(String(format: "%02d", 1 + number % 3 * 9))"])
            try #require(adopted.status == 0, "\(adopted.stderr)")
            if number == 10 { try AttestationTests.attest("second-org", key: keys[0], store: store, ["--date", "2024-01-02"]) }
            if number == 25 { try AttestationTests.attest("third-org", key: keys[1], store: store, ["--date", "2024-01-03"]) }
        }
        let site = directory.path("site")
        try Self.publish(store, to: site)
        try PublishTests.expectTidy(site)
        let page = try String(contentsOfFile: site + "/attestations.html", encoding: .utf8)
        let bars = Self.bars(page)
        #expect(bars.count == 33)
        for bar in [bars[0], bars[10], bars[20], bars[32]] {
            #expect(bar.counts == (try Self.status(store, at: bar.revision)), "the bar of \(bar.revision)")
        }
        let labels = page.components(separatedBy: "<text class=\"label\"").count - 1
        #expect(labels < 33 && page.contains(">v\(version(32)) <tspan"), "\(labels) labels, the latest among them")
        let (dom, _) = try Self.browse(site, "attestations.html", shot: "chart-many.png", in: directory)
        #expect(Self.bars(dom).count == 33)
    }
}

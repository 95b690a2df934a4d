@testable import ConductKit
import Foundation
import Testing

/// The attestation pages of a published site name the language of the text an attestation was
/// made on, in the matrix and in the list of attestations, and say nothing of languages when
/// every attestation was made on the source.
@Suite("Attestation pages")
struct AttestationPagesTests {
    /// The attestation page of `history` as published.
    static func page(_ history: SiteHistory, fixture: StoreFixture) throws -> String {
        let target = fixture.directory.path("site-\(UUID().uuidString)")
        let folder = try SiteFolder(target: target, force: false, storePath: fixture.store.path)
        _ = try SiteBuilder.build(history, into: folder, now: history.matrix.now)
        try folder.commit()
        return try String(contentsOfFile: target + "/attestations.html", encoding: .utf8)
    }

    @Test func theMatrixAndTheListNameTheLanguageAnAttestationWasReadIn() throws {
        let fixture = try StoreFixture(text: StoreFixture.code)
        for id in ["acme", "uni"] {
            let key = try fixture.addSignatory(id, date: "2024-01-02")
            try fixture.attest(id, key: key, revision: "v1.0", date: "2024-01-03")
        }
        var history = try fixture.store.siteHistory(now: try StoreFixture.time("2024-02-01"))
        let source = try Self.page(history, fixture: fixture)
        #expect(!source.contains("read in") && !source.contains("class=\"lang\""), "no attestation was made on a translation")

        // acme read the Japanese text: what the ledger says once `attest --lang ja` signed it.
        let row = try #require(history.matrix.rows.firstIndex { $0.signatory.id == "acme" })
        history.matrix.rows[row].languages = history.matrix.rows[row].languages.map { _ in "ja" }
        for index in history.matrix.events.indices where history.matrix.events[index].signatory == "acme" {
            history.matrix.events[index].language = "ja"
        }
        let page = try Self.page(history, fixture: fixture)
        let rows = page.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0].components(separatedBy: "<tr>")
        let acme = try #require(rows.first { $0.contains("<span class=\"id\"> acme</span>") })
        let uni = try #require(rows.first { $0.contains("<span class=\"id\"> uni</span>") })
        #expect(acme.contains("<td class=\"st-current\">✓<span class=\"sr\"> current</span><span class=\"lang\"><span class=\"sr\">, read in </span>ja</span></td>"), "\(acme)")
        #expect(!uni.contains("read in"), "\(uni)")
        #expect(page.contains("A language tag under a mark (ja) names the translation the signatory read"))
        // The list of attestations says it in words.
        let list = page.components(separatedBy: "Attestations, newest first")[1]
        #expect(list.contains("<th scope=\"row\">Signatory acme</th><td><a href=\"history/v1.0.html\">v1.0</a></td><td>attested, read in ja</td>"), "\(list)")
        #expect(list.contains("<th scope=\"row\">Signatory uni</th><td><a href=\"history/v1.0.html\">v1.0</a></td><td>attested</td>"))
    }
}

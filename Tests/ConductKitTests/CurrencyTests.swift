import ConductKit
import Testing

/// Whether each signatory's attestation still covers the text, read through ConductKit's
/// public API: `status` per signatory and revision, `since`, and the attestation matrix.
@Suite("Currency through ConductKit")
struct CurrencyTests {
    static let v10 = StoreFixture.code
    /// Editorial: only the case of safety's words changes, so its fingerprint stays.
    static let v11 = v10.replacingOccurrences(of: "Members test their systems", with: "MEMBERS TEST THEIR SYSTEMS")
    /// Substantive: reporting's words change and a clause is added.
    static let v12 = v11.replacingOccurrences(of: "within thirty days", with: "within fourteen days")
        + "\n## Training {#training}\n\nMembers train their staff every year.\n"

    static let now = "2024-06-01"

    /// v1.0, v1.1 and v1.2 as above; acme attests v1.0 whole, uni v1.0's scope, lab v1.0's
    /// safety and reporting, late v1.1 whole; none never attests.
    static func store() throws -> StoreFixture {
        let fixture = try StoreFixture(text: v10, version: "1.0", date: "2024-01-01")
        var keys: [String: SSHPrivateKey] = [:]
        for id in ["acme", "uni", "lab", "late", "none"] { keys[id] = try fixture.addSignatory(id, date: "2024-01-02") }
        try fixture.attest("acme", key: keys["acme"]!, revision: "v1.0", date: "2024-01-03")
        try fixture.attest("uni", key: keys["uni"]!, revision: "v1.0", clauses: ["scope"], date: "2024-01-03")
        try fixture.attest("lab", key: keys["lab"]!, revision: "v1.0", clauses: ["safety", "reporting"], date: "2024-01-03")
        let editorial = try fixture.adopt(v11, version: "1.1", date: "2024-02-01")
        #expect(editorial.changes.map { "\($0.kind.rawValue) \($0.clause)" } == ["editorial safety"], "v1.1 is an editorial change")
        try fixture.attest("late", key: keys["late"]!, revision: "v1.1", date: "2024-02-02")
        let substantive = try fixture.adopt(v12, version: "1.2", date: "2024-03-01")
        #expect(substantive.changes.map { "\($0.kind.rawValue) \($0.clause)" } == ["substantive reporting", "substantive training"], "v1.2 is substantive")
        return fixture
    }

    /// Each signatory's row of `status` at `revision` (main when nil), by id.
    static func rows(_ fixture: StoreFixture, at revision: String? = nil) throws -> [String: AttestationStatus] {
        let rows = try fixture.store.status(at: revision, now: try StoreFixture.time(now)).rows()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.signatory.id, $0) })
    }

    @Test func statusSaysWhoIsCurrentStaleOrNeverAtEachRevision() throws {
        let fixture = try Self.store()

        let atV10 = try Self.rows(fixture, at: "v1.0")
        #expect(atV10.mapValues(\.state) == ["acme": .current, "uni": .current, "lab": .current, "late": .never, "none": .never])
        #expect(atV10.values.allSatisfy { $0.uncovered.isEmpty && $0.editorial.isEmpty })

        // An editorial change keeps everyone who attested current, and names the clause.
        let atV11 = try Self.rows(fixture, at: "v1.1")
        #expect(atV11.mapValues(\.state) == ["acme": .currentEditorial, "uni": .current, "lab": .currentEditorial, "late": .current, "none": .never])
        #expect(atV11["acme"]?.editorial == ["safety"])
        #expect(atV11["lab"]?.editorial == ["safety"])
        #expect(atV11["uni"]?.editorial == [], "uni's scope holds no edited clause")
        #expect(atV11.values.allSatisfy { $0.uncovered.isEmpty })
        #expect(atV11["acme"]?.attested == "v1.0" && atV11["late"]?.attested == "v1.1")

        // A substantive change makes those whose scope it touches stale, naming the clauses.
        let atMain = try Self.rows(fixture)
        #expect(atMain.mapValues(\.state) == ["acme": .stale, "uni": .current, "lab": .stale, "late": .stale, "none": .never])
        #expect(atMain["acme"]?.coverage?.changed == ["reporting"])
        #expect(atMain["acme"]?.coverage?.added == ["training"], "a whole-document attestation does not cover a new clause")
        #expect(atMain["lab"]?.coverage?.changed == ["reporting"])
        #expect(atMain["lab"]?.coverage?.added == [], "a clause added outside lab's scope is not lab's concern")
        #expect(atMain["late"]?.uncovered.map { "\($0.change.rawValue) \($0.clause)" } == ["changed reporting", "added training"])
        #expect(atMain["uni"]?.uncovered.isEmpty == true && atMain["uni"]?.editorial == [])
        #expect(atMain["none"]?.attestation == nil && atMain["none"]?.coverage == nil)
        #expect(atMain.values.filter(\.state.isCurrent).map(\.signatory.id) == ["uni"])
    }

    @Test func sinceListsWhatChangedInTheSignatorysScope() throws {
        let fixture = try Self.store()

        func changed(_ id: String) throws -> [String] {
            try fixture.store.since(id).clauses.map { $0.new?.id ?? $0.old?.id ?? "" }
        }
        let acme = try fixture.store.since("acme")
        #expect(acme.comparison.old.version == "1.0" && acme.comparison.new.version == "1.2")
        // Substantive first, then editorial; each group in document order.
        #expect(try changed("acme") == ["reporting", "training", "safety"])
        #expect(acme.clauses.map(\.significance) == [.substantive, .substantive, .editorial])
        #expect(acme.clauses.map(\.status) == [.matched, .added, .matched])
        #expect(try changed("lab") == ["reporting", "safety"])
        #expect(try changed("uni") == [], "nothing changed in scope since v1.0")
        #expect(try changed("late") == ["reporting", "training"], "late attested v1.1: the editorial change came before")

        let never = #expect(throws: ConductError.self) { try fixture.store.since("none") }
        guard case .neverAttested("none") = never else {
            Issue.record("since of a signatory that never attested: \(String(describing: never))")
            return
        }
    }

    @Test func theMatrixHoldsStatusAtEveryRevision() throws {
        let fixture = try Self.store()
        let matrix = try fixture.store.attestationMatrix(now: try StoreFixture.time(Self.now))
        #expect(matrix.revisions.map(\.label) == ["v1.0", "v1.1", "v1.2"])
        let states = Dictionary(uniqueKeysWithValues: matrix.rows.map { ($0.signatory.id, $0.states) })
        #expect(states == [
            "acme": [.current, .currentEditorial, .stale],
            "uni": [.current, .current, .current],
            "lab": [.current, .currentEditorial, .stale],
            "late": [.never, .current, .stale],
            "none": [.never, .never, .never],
        ])
        // Each cell is what status says of that signatory at that revision.
        for (column, revision) in matrix.revisions.enumerated() {
            let rows = try Self.rows(fixture, at: revision.label)
            for row in matrix.rows {
                #expect(row.states[column] == rows[row.signatory.id]?.state, "\(row.signatory.id) at \(revision.label)")
            }
        }
        #expect(matrix.events.map(\.signatory).sorted() == ["acme", "lab", "late", "uni"])
        #expect(matrix.events.allSatisfy { !$0.withdrawal })
        #expect(matrix.events.first { $0.signatory == "late" }?.revision == 1)
    }
}

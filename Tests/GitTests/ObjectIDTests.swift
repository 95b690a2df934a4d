import Git
import Testing

@Suite("ObjectID")
struct ObjectIDTests {
    @Test("parses 40 hex digits and prints lowercase")
    func parsesHex() throws {
        let hex = "0123456789ABCDEFabcdef0123456789abcdef01"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex.lowercased())
        #expect(id.description == id.hex)
        #expect(!id.isZero)
    }

    @Test("rejects wrong lengths and non-hex characters", arguments: [
        "", "abc", String(repeating: "a", count: 39), String(repeating: "a", count: 41),
        String(repeating: "a", count: 39) + "g", String(repeating: "a", count: 38) + " a", String(repeating: "é", count: 20),
    ])
    func rejectsInvalid(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test("zero, equality, hashing and byte-wise ordering")
    func zeroAndOrdering() throws {
        #expect(ObjectID.zero.isZero)
        #expect(ObjectID.zero.hex == String(repeating: "0", count: 40))
        #expect(ObjectID(hex: String(repeating: "0", count: 40)) == .zero)

        let small = try #require(ObjectID(hex: "00000000000000000000000000000000000000ff"))
        let middle = try #require(ObjectID(hex: "0000000000000000ff0000000000000000000000"))
        let large = try #require(ObjectID(hex: "ff00000000000000000000000000000000000000"))
        #expect(ObjectID.zero < small && small < middle && middle < large)
        #expect([large, small, middle, .zero].sorted() == [.zero, small, middle, large])
        #expect(Set([small, small, large]).count == 2)
    }
}

/// Word-bigram shingles of a folded text, for similarity between clauses (or its words, for blocks).
struct Shingles {
    private(set) var members: Set<UInt64>

    /// Word bigrams of `folded` (or single words, with `words: true`).
    init(_ folded: String, words single: Bool = false) {
        // FNV-1a over each word's UTF-8: stable across runs, so results are reproducible.
        var words: [UInt64] = []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        // Folded text is lower-case; bytes of non-ASCII characters count as letters.
        for byte in folded.utf8 {
            let isWordByte = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80
            if isWordByte {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                inWord = true
            } else if inWord {
                words.append(hash)
                hash = 0xcbf2_9ce4_8422_2325
                inWord = false
            }
        }
        if inWord { words.append(hash) }
        var result = Set<UInt64>()
        if single || words.count == 1 {
            self.members = Set(words)
            return
        }
        for index in words.indices.dropLast() {
            result.insert(words[index] &* 0x9E37_79B9_7F4A_7C15 ^ (words[index + 1] &+ 0x632B_E59B_D9B4_E019))
        }
        self.members = result
    }

    var isEmpty: Bool { members.isEmpty }
    var count: Int { members.count }

    /// Dice's coefficient: 2|A∩B| / (|A|+|B|).
    func dice(_ other: Shingles) -> Double {
        guard !members.isEmpty || !other.members.isEmpty else { return 1 }
        return 2 * Double(common(other)) / Double(members.count + other.members.count)
    }

    func common(_ other: Shingles) -> Int {
        members.count <= other.members.count ? members.reduce(0) { $0 + (other.members.contains($1) ? 1 : 0) }
            : other.common(self)
    }
}

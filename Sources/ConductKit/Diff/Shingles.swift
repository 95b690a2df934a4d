/// Word-bigram shingles of a folded text, for similarity between clauses (or its words, for blocks).
///
/// A word is a run of letters, marks and digits; in scripts written without spaces (Han, Kana,
/// Hangul, Thai: `Script.isSpaceless`) each character is a word of its own, so Chinese or
/// Japanese text has character bigrams where English has word bigrams. For blocks, where
/// single words are compared, such text is compared by character bigrams within each run,
/// since single characters of these scripts repeat in every paragraph.
struct Shingles {
    let members: Set<UInt64>
    /// The members in increasing order, for counting common members quickly.
    private let sorted: [UInt64]

    /// Word bigrams of `folded` (or single words, with `words: true`).
    init(_ folded: String, words single: Bool = false) {
        // FNV-1a over each word's UTF-8: stable across runs, so results are reproducible.
        var words: [(hash: UInt64, spaceless: Bool, run: Int)] = []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false, spaceless = false
        // Runs of spaceless characters, counted so a character bigram never spans a separator.
        var run = 0
        func add(_ scalar: Unicode.Scalar) {
            for byte in scalar.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        func flush() {
            if inWord { words.append((hash, spaceless, run)) }
            hash = 0xcbf2_9ce4_8422_2325
            inWord = false
        }
        // Folded text is lower-case.
        for scalar in folded.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) {
                    if spaceless { flush(); spaceless = false }
                    add(scalar)
                    inWord = true
                } else {
                    flush()
                    if spaceless { run += 1; spaceless = false }
                }
            } else if Script.isSpaceless(scalar) {
                flush()
                if !spaceless { run += 1 }
                spaceless = true
                add(scalar)
                inWord = true
            } else if inWord, Script.isMark(scalar) {
                add(scalar)
            } else if Shingles.isWordScalar(scalar) {
                if spaceless { flush(); spaceless = false; run += 1 }
                add(scalar)
                inWord = true
            } else {
                flush()
                if spaceless { run += 1; spaceless = false }
            }
        }
        flush()
        func pair(_ a: UInt64, _ b: UInt64) -> UInt64 { a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019) }
        var result = Set<UInt64>()
        if single {
            for (index, word) in words.enumerated() {
                guard word.spaceless else { result.insert(word.hash); continue }
                let next = index + 1 < words.count ? words[index + 1] : nil
                let previous = index > 0 ? words[index - 1] : nil
                if let next, next.spaceless, next.run == word.run {
                    result.insert(pair(word.hash, next.hash))
                } else if !(previous.map { $0.spaceless && $0.run == word.run } ?? false) {
                    result.insert(word.hash)  // a run of one character
                }
            }
            self.members = result
            self.sorted = result.sorted()
            return
        }
        if words.count == 1 {
            self.members = [words[0].hash]
            self.sorted = [words[0].hash]
            return
        }
        for index in words.indices.dropLast() {
            result.insert(pair(words[index].hash, words[index + 1].hash))
        }
        self.members = result
        self.sorted = result.sorted()
    }

    /// Non-ASCII letters, marks, digits and symbols count as word characters; punctuation
    /// (such as `、` and `。`), separators and format characters do not.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format:
            return false
        default:
            return true
        }
    }

    var isEmpty: Bool { members.isEmpty }
    var count: Int { members.count }

    /// Dice's coefficient: 2|A∩B| / (|A|+|B|).
    func dice(_ other: Shingles) -> Double {
        guard !members.isEmpty || !other.members.isEmpty else { return 1 }
        return 2 * Double(common(other)) / Double(members.count + other.members.count)
    }

    func common(_ other: Shingles) -> Int {
        // A merge of the two sorted lists: no hashing.
        let a = sorted, b = other.sorted
        var i = 0, j = 0, count = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { count += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return count
    }
}

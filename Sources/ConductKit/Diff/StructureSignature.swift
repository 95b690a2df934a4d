/// What a clause looks like whatever language it is written in: its heading's level and number,
/// the numbers, link targets, code and Latin acronyms of its text, the shape of its blocks
/// (paragraphs, lists and their item counts, quotes, tables), its emphasis, and its share of the
/// document's length. A translation keeps nearly all of these while changing every word, so
/// comparing them pairs a translated clause with its source without reading either language.
struct StructureSignature: Sendable {
    var level: Int
    /// The heading's number as parts (`1.2` → [1, 2]) in whatever digits it was written.
    var number: [Int]?
    /// Sorted hashes of the text's numbers, link targets, link hosts, code and acronyms.
    var numbers: [UInt64] = []
    var links: [UInt64] = []
    var hosts: [UInt64] = []
    var code: [UInt64] = []
    var acronyms: [UInt64] = []
    /// One code per block other than a paragraph: a list of n items, a quote, a table of r rows and
    /// c columns, code… Translators split and join paragraphs; they seldom change a list.
    var shape: [Int] = []
    var paragraphs = 0
    /// Sentences, by their closing marks in any script (`.`, `。`, `।`, `؟`, `۔`…): a translator
    /// keeps them more often than the paragraphs around them.
    var sentences = 0
    var emphasis = 0
    /// Visible characters other than white space, and that as a share of the whole document.
    var length = 0
    var share = 0.0

    init(_ clause: Clause) {
        level = clause.level
        number = Numerals.headingNumber(number: clause.heading.number, text: clause.heading.plainText)
        var collector = Collector()
        collector.text(clause.heading.plainText, counted: false)
        for block in clause.blocks { collector.block(block, top: true) }
        numbers = collector.numbers.sorted()
        links = collector.links.sorted()
        hosts = collector.hosts.sorted()
        code = collector.code.sorted()
        acronyms = collector.acronyms.sorted()
        shape = collector.shape
        paragraphs = collector.paragraphs
        sentences = collector.sentences
        emphasis = collector.emphasis
        length = collector.length
    }

    /// The signatures of a document's clauses, each with its share of the document's length.
    static func signatures(of document: Document) -> [StructureSignature] {
        var signatures = document.clauses.map(StructureSignature.init)
        let total = max(1, signatures.reduce(0) { $0 + $1.length })
        for index in signatures.indices { signatures[index].share = Double(signatures[index].length) / Double(total) }
        return signatures
    }

    /// How much the two look like one clause in two languages: positive when they agree, negative
    /// when they contradict each other; a sum of weighed signs, so more evidence weighs more.
    /// A different heading number outweighs anything else: translations keep their numbers.
    func similarity(to other: StructureSignature) -> Double {
        var score = 0.5
        if let number, let theirs = other.number { score += number == theirs ? 3 : -3 }
        score += level == other.level ? 0.5 : -0.5
        if length > 0 || other.length > 0 {
            let ratio = min(share, other.share) / max(share, other.share)
            score += 2 * (2 * (ratio.isNaN ? 0 : ratio) - 1)
        } else {
            score += 0.5
        }
        if !shape.isEmpty || !other.shape.isEmpty {
            score += 1.5 * (2 * StructureSignature.commonRatio(shape, other.shape) - 1)
        } else {
            score += 0.25
        }
        score += StructureSignature.countAgreement(paragraphs, other.paragraphs, weight: 0.5)
        score += StructureSignature.countAgreement(sentences, other.sentences, weight: 1)
        score += StructureSignature.agreement(numbers, other.numbers, weight: 1.5)
        score += StructureSignature.agreement(links, other.links, weight: 1.5)
        score += StructureSignature.agreement(hosts, other.hosts, weight: 0.5)
        score += StructureSignature.agreement(code, other.code, weight: 1.5)
        // Acronyms only ever count for: a Latin-script translation spells its own.
        if !acronyms.isEmpty, !other.acronyms.isEmpty { score += 1.5 * StructureSignature.dice(acronyms, other.acronyms) }
        if emphasis > 0 || other.emphasis > 0 {
            score += 0.5 * (2 * Double(min(emphasis, other.emphasis)) / Double(max(emphasis, other.emphasis)) - 1)
        }
        return score
    }

    /// +weight for equal counts, down to −weight when one is 0; a quarter of it when both are 0.
    private static func countAgreement(_ a: Int, _ b: Int, weight: Double) -> Double {
        guard a > 0 || b > 0 else { return weight / 4 }
        return weight * (2 * Double(min(a, b)) / Double(max(a, b)) - 1)
    }

    /// +weight when two multisets agree, −weight when they share nothing; 0 when both are empty.
    private static func agreement(_ a: [UInt64], _ b: [UInt64], weight: Double) -> Double {
        if a.isEmpty, b.isEmpty { return 0 }
        return weight * (2 * dice(a, b) - 1)
    }

    /// Dice's coefficient of two sorted multisets.
    static func dice(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        var i = 0, j = 0, common = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { common += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return 2 * Double(common) / Double(a.count + b.count)
    }

    /// 2·LCS / (|a| + |b|) of two block shapes: a paragraph split in two costs one block, not all.
    static func commonRatio(_ a: [Int], _ b: [Int]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return a.isEmpty && b.isEmpty ? 1 : 0 }
        // Shapes are short; a long one (a clause of hundreds of blocks) is compared by counts alone.
        if a.count * b.count > 4096 {
            let sa = a.sorted(), sb = b.sorted()
            return dice(sa.map { UInt64(bitPattern: Int64($0)) }, sb.map { UInt64(bitPattern: Int64($0)) })
        }
        var previous = [Int](repeating: 0, count: b.count + 1), current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return 2 * Double(previous[b.count]) / Double(a.count + b.count)
    }

    /// Walks a clause's blocks once, gathering every sign above.
    private struct Collector {
        var numbers: [UInt64] = [], links: [UInt64] = [], hosts: [UInt64] = [], code: [UInt64] = [], acronyms: [UInt64] = []
        var shape: [Int] = []
        var paragraphs = 0
        var sentences = 0
        var emphasis = 0
        var length = 0

        mutating func block(_ block: Block, top: Bool) {
            switch block {
            case .paragraph(let content):
                if top { paragraphs += 1 }
                inlines(content)
            case .heading(let level, let content):
                if top { shape.append(2 + level) }
                inlines(content)
            case .list(let list):
                // Ordered or not is a translator's choice; the number of items is not.
                if top { shape.append(100 + list.items.count) }
                for item in list.items { item.blocks.forEach { self.block($0, top: false) } }
            case .quote(let inner):
                if top { shape.append(10) }
                inner.forEach { self.block($0, top: false) }
            case .code(_, let literal):
                if top { shape.append(11) }
                code.append(StructureSignature.hash(literal.trimmingSuffix(while: \.isWhitespace).description))
                length += literal.unicodeScalars.filter { !$0.properties.isWhitespace }.count
            case .html(let html):
                // Not a block of the shape: wrappers such as `<div dir="rtl">` … `</div>` fall into
                // whichever clause they open or close. Its links count.
                htmlLinks(html)
            case .thematicBreak:
                if top { shape.append(12) }
            case .table(let table):
                if top { shape.append(10_000 + 100 * min(table.rows.count, 99) + min(table.alignments.count, 99)) }
                for cell in table.header + table.rows.joined() { inlines(cell) }
            case .footnoteDefinition(_, let inner):
                if top { shape.append(13) }
                inner.forEach { self.block($0, top: false) }
            case .verbatim(_, let inner):
                self.block(inner, top: top)
            }
        }

        mutating func inlines(_ content: [Inline]) {
            for inline in content {
                switch inline {
                case .text(let text): self.text(text, counted: true)
                case .code(let text):
                    code.append(StructureSignature.hash(text))
                    length += text.unicodeScalars.filter { !$0.properties.isWhitespace }.count
                case .html(let html): htmlLinks(html)
                case .softBreak, .lineBreak, .footnoteReference: break
                case .emphasis(let inner), .strong(let inner):
                    emphasis += 1
                    inlines(inner)
                case .strikethrough(let inner): inlines(inner)
                case .link(let destination, _, let inner):
                    link(destination)
                    inlines(inner)
                case .image(let source, _, let alt):
                    link(source)
                    inlines(alt)
                }
            }
        }

        /// A link target without scheme, `www.`, trailing slash or case; its host apart, since a
        /// translation often links the same site's page in its own language.
        mutating func link(_ destination: String) {
            var target = Substring(destination.lowercased())
            for prefix in ["https://", "http://", "mailto:"] where target.hasPrefix(prefix) { target = target.dropFirst(prefix.count) }
            if target.hasPrefix("www.") { target = target.dropFirst(4) }
            while target.last == "/" { target = target.dropLast() }
            guard !target.isEmpty else { return }
            links.append(StructureSignature.hash(String(target)))
            if let host = target.split(separator: "/", maxSplits: 1).first, host.contains(".") {
                hosts.append(StructureSignature.hash(String(host)))
            }
        }

        /// The targets of `href="…"` and `src="…"` in raw HTML: some translations write their links as `<a href>`.
        mutating func htmlLinks(_ html: String) {
            guard html.contains("=") else { return }
            var rest = Substring(html)
            while let attribute = [rest.firstRange(of: "href="), rest.firstRange(of: "src=")].compactMap({ $0 })
                .min(by: { $0.lowerBound < $1.lowerBound }) {
                rest = rest[attribute.upperBound...]
                guard let quote = rest.first, quote == "\"" || quote == "'" else { continue }
                rest = rest.dropFirst()
                guard let end = rest.firstIndex(of: quote) else { break }
                link(String(rest[..<end]))
                rest = rest[rest.index(after: end)...]
            }
        }

        /// Numbers and acronyms (`CNCF`, `AI`, `2FA`: ASCII words with two capitals or a capital
        /// and a digit, left as they are by translators into other scripts) of visible text.
        mutating func text(_ text: String, counted: Bool) {
            for number in Numerals.numbers(in: text) { numbers.append(StructureSignature.hash(number)) }
            if counted { sentences += StructureSignature.sentenceEnds(in: text) }
            var word = "", capitals = 0, lower = 0
            func flush() {
                if word.count >= 2, capitals >= 2 || (capitals >= 1 && word.contains(where: \.isNumber)), lower <= capitals {
                    acronyms.append(StructureSignature.hash(word))
                }
                word = ""; capitals = 0; lower = 0
            }
            for scalar in text.unicodeScalars {
                if counted, !scalar.properties.isWhitespace { length += 1 }
                if scalar.isASCII, scalar.properties.isAlphabetic || (scalar.value >= 0x30 && scalar.value <= 0x39) {
                    word.unicodeScalars.append(scalar)
                    if scalar.value >= 0x41, scalar.value <= 0x5A { capitals += 1 }
                    if scalar.value >= 0x61, scalar.value <= 0x7A { lower += 1 }
                } else {
                    flush()
                }
            }
            flush()
        }
    }

    /// Marks that end a sentence when white space or the end of the text follows (so not `2.1` or
    /// `www.example.org`): `.` (not a second one of `...`), `!`, `?`, the Devanagari danda, the Arabic
    /// and Urdu question mark and full stop, the Ethiopic full stop. `。！？` end one wherever they
    /// stand. A text may start right after a link or emphasis: what stood before it counts as a word.
    static func sentenceEnds(in text: String) -> Int {
        var count = 0
        var previous: Unicode.Scalar = "a", pending = false
        for scalar in text.unicodeScalars {
            if pending, scalar.properties.isWhitespace { count += 1 }
            pending = false
            switch scalar {
            case "。", "！", "？": count += 1
            case ".": pending = !previous.properties.isWhitespace && previous != "."
            case "!", "?", "।", "॥", "؟", "۔", "።", "։": pending = true
            default: break
            }
            previous = scalar
        }
        return count + (pending ? 1 : 0)
    }

    /// FNV-1a over UTF-8: stable across runs, so an alignment is reproducible.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// Keeps the canonical text faithful: a block whose canonical spelling would parse back to a
/// different block (and so render differently) is kept as written instead.
///
/// The check costs one more parse of the canonical text of the converted blocks, laid out as
/// the canonical document lays them out (a heading between clauses), with every footnote label
/// of the document referenced and defined so that references resolve as they did.
enum FaithfulBlocks {
    /// `blocks` (nil: not converted), with each block that does not survive its canonical
    /// spelling replaced by `.verbatim` with its source lines, when those survive instead.
    static func check(_ blocks: [Block?], infos: [MarkdownParser.NodeInfo], in text: String,
                      footnoteLabels: Set<String>) throws(MarkdownParser.TooDeep) -> [Block?] {
        // Runs of converted blocks between headings: a clause's blocks, or the preamble's.
        var runs: [[Int]] = []
        var run: [Int] = []
        for index in blocks.indices {
            if blocks[index] != nil, infos[index].headingLevel == nil {
                run.append(index)
            } else if !run.isEmpty {
                runs.append(run)
                run = []
            }
        }
        if !run.isEmpty { runs.append(run) }
        guard !runs.isEmpty else { return blocks }

        // A run of paragraphs each spelled canonically as written (its lines joined by spaces)
        // parses back as it was read: it needs no second parse.
        let lines = LineIndex(text)
        let renderer = CanonicalRenderer()
        var checked: [(run: [Int], pieces: [String])] = []
        for run in runs {
            let pieces = renderer.pieces(run.map { blocks[$0]! })
            let asWritten = zip(run, pieces).allSatisfy { index, piece in
                guard case .paragraph? = blocks[index] else { return false }
                return piece == lines.joined(from: infos[index].startLine, through: infos[index].endLine)
            }
            if !asWritten { checked.append((run, pieces)) }
        }
        guard !checked.isEmpty else { return blocks }
        runs = checked.map(\.run)

        let context = footnoteContext(footnoteLabels)
        var result = blocks
        let failing = try mismatches(runs, result, original: blocks, context: context, pieces: checked.map(\.pieces))
        guard !failing.isEmpty else { return result }
        for index in failing {
            guard let block = blocks[index] else { continue }
            let source = lines.text(from: infos[index].startLine, through: max(infos[index].startLine, infos[index].endLine)).text
            if !source.isEmpty { result[index] = .verbatim(source: source, block: block) }
        }
        // Text as written that does not stand alone either (a reference link whose definition
        // is elsewhere) gains nothing from being kept: the canonical spelling stays.
        for index in try mismatches(runs, result, original: blocks, context: context) where failing.contains(index) {
            result[index] = blocks[index]
        }
        return result
    }

    /// `block` as HTML sees it: a soft break is a space (nothing between two wide characters), and a run of white space in text is
    /// one space (canonical text writes each paragraph on one line).
    static func comparable(_ block: Block) -> Block {
        switch block {
        case .paragraph(let content): return .paragraph(comparable(content))
        case .heading(let level, let content): return .heading(level: level, content: comparable(content))
        case .list(var list):
            list.items = list.items.map { ListItem(task: $0.task, blocks: $0.blocks.map(comparable)) }
            return .list(list)
        case .quote(let blocks): return .quote(blocks.map(comparable))
        case .table(var table):
            table.header = table.header.map(comparable)
            table.rows = table.rows.map { $0.map(comparable) }
            return .table(table)
        case .footnoteDefinition(let label, let blocks): return .footnoteDefinition(label: label, blocks: blocks.map(comparable))
        case .verbatim(_, let inner): return comparable(inner)
        case .code, .html, .thematicBreak: return block
        }
    }

    static func comparable(_ content: [Inline]) -> [Inline] {
        var result: [Inline] = []
        // Neighbouring text (and soft breaks) gathered into one run, collapsed once when it ends:
        // collapsing the run again at every piece would be quadratic in a long paragraph.
        var run = ""
        var inRun = false
        func flush() {
            if inRun { result.append(.text(collapsed(run))) }
            run = ""
            inRun = false
        }
        func add(_ inline: Inline) {
            flush()
            result.append(inline)
        }
        for (position, inline) in content.enumerated() {
            switch inline {
            case .text(let text):
                run += text
                inRun = true
            // Nothing between two wide characters, as the canonical renderer writes it.
            case .softBreak:
                run += CanonicalRenderer.softBreak(content, at: position)
                inRun = true
            // White space inside a tag is white space, whatever its form.
            case .html(let literal): add(.html(collapsed(literal)))
            case .emphasis(let inner): add(.emphasis(comparable(inner)))
            case .strong(let inner): add(.strong(comparable(inner)))
            case .strikethrough(let inner): add(.strikethrough(comparable(inner)))
            case .link(let destination, let title, let inner): add(.link(destination: destination, title: title, content: comparable(inner)))
            case .image(let source, let title, let alt): add(.image(source: source, title: title, alt: comparable(alt)))
            default: add(inline)
            }
        }
        flush()
        return result
    }

    /// `text` with each run of spaces, tabs and line breaks written as one space.
    private static func collapsed(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var space = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if !space { out.append(0x20) }
                space = true
            } else {
                out.append(byte)
                space = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every footnote label referenced once and defined once, after the blocks: the first
    /// definition of a label wins, so the blocks' own definitions still count.
    private static func footnoteContext(_ labels: Set<String>) -> String {
        guard !labels.isEmpty else { return "" }
        let sorted = labels.sorted()
        return "\n\n" + sorted.map { "[^" + $0 + "]" }.joined(separator: " ")
            + sorted.map { "\n\n[^" + $0 + "]: x" }.joined()
    }

    /// Indices of the blocks of `runs` in `blocks` whose text does not parse back to the same
    /// block of `original`; `rendered` gives each run's canonical pieces when they are known.
    private static func mismatches(_ runs: [[Int]], _ blocks: [Block?], original: [Block?],
                                   context: String, pieces rendered: [[String]]? = nil) throws(MarkdownParser.TooDeep) -> Set<Int> {
        let renderer = CanonicalRenderer()
        var text = ""
        var ranges: [(index: Int, first: Int, last: Int)] = []
        var line = 1
        for (number, run) in runs.enumerated() {
            if number > 0 {
                // A clause heading ends one run and starts the next, as in the canonical document.
                text += "\n\n#\n\n"
                line += 4
            }
            let pieces = rendered?[number] ?? renderer.pieces(run.map { blocks[$0]! })
            for (offset, piece) in pieces.enumerated() {
                if offset > 0 {
                    text += "\n\n"
                    line += 2
                }
                let count = piece.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                ranges.append((run[offset], line, line + count - 1))
                text += piece
                line += count - 1
            }
        }
        text += context
        let (infos, reparsed, _) = try MarkdownParser.convert(text) { _ in nil }

        var failing = Set<Int>()
        var next = 0
        for range in ranges {
            while next < infos.count, infos[next].startLine < range.first { next += 1 }
            var found: [Block] = []
            while next < infos.count, infos[next].startLine <= range.last {
                if let block = reparsed[next] { found.append(block) }
                next += 1
            }
            guard found.count == 1, let block = original[range.index] else {
                failing.insert(range.index)
                continue
            }
            if found[0] != block, comparable(found[0]) != comparable(block) { failing.insert(range.index) }
        }
        return failing
    }
}

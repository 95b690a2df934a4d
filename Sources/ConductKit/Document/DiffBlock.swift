/// A block of a clause as comparisons see it: a paragraph, one list item, one table row, a
/// quote, a code block.
struct DiffBlock: Sendable, Hashable {
    /// Canonical Markdown (a list item with its marker and ordinal).
    var text: String
    /// The text folded as for fingerprints (ordinals dropped, line breaks kept as structure):
    /// equal folded texts differ only editorially.
    var folded: String

    /// The blocks of a clause, with each list item and each table row a block of its own (the
    /// header row carries the delimiter row, so a change of alignment is a change in it).
    static func blocks(of clause: [Block]) -> [DiffBlock] {
        let renderer = CanonicalRenderer()
        var result: [DiffBlock] = []
        result.reserveCapacity(clause.count)
        for block in clause {
            switch block {
            case .list(let list):
                for (index, item) in list.items.enumerated() {
                    var single = list
                    single.items = [item]
                    single.start = list.ordinal(at: index) ?? 1
                    result.append(DiffBlock(.list(single), renderer))
                }
            case .table(let table):
                let lines = renderer.render(block).split(separator: "\n", omittingEmptySubsequences: false)
                guard lines.count >= 2 else {
                    result.append(DiffBlock(block, renderer))
                    continue
                }
                result.append(DiffBlock(text: lines[0] + "\n" + lines[1]))
                for line in lines.dropFirst(2).prefix(table.rows.count) { result.append(DiffBlock(text: String(line))) }
            default:
                result.append(DiffBlock(block, renderer))
            }
        }
        return result
    }

    private init(text: String) {
        self.text = text
        folded = Fingerprint.fold(text, lines: true)
    }

    private init(_ block: Block, _ renderer: CanonicalRenderer) {
        text = renderer.render(block)
        // Ordinals are the only difference between the two renderings: render again only if there are any.
        folded = Fingerprint.fold(block.containsOrderedList ? CanonicalRenderer(ordinals: false).render(block) : text, lines: true)
    }

    /// A clause body's folded text, the input of its fingerprint. Blocks are kept apart by a
    /// blank line (folded text has none), so a paragraph that becomes part of the quote or the
    /// list item before it (a lazy continuation line) changes the fingerprint.
    static func foldedBody(_ blocks: [DiffBlock]) -> String {
        blocks.map(\.folded).joined(separator: "\n\n")
    }
}

extension Block {
    var containsOrderedList: Bool {
        switch self {
        case .list(let list): return list.ordered || list.items.contains { $0.blocks.contains(where: \.containsOrderedList) }
        case .quote(let blocks), .footnoteDefinition(_, let blocks): return blocks.contains(where: \.containsOrderedList)
        default: return false
        }
    }
}

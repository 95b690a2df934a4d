/// A block of a clause as comparisons see it: a paragraph, one list item, a quote, a code block.
struct DiffBlock: Sendable, Hashable {
    /// Canonical Markdown (a list item with its marker and ordinal).
    var text: String
    /// The text folded as for fingerprints (ordinals dropped): equal folded texts differ only editorially.
    var folded: String

    /// The blocks of a clause, with each list item a block of its own.
    static func blocks(of clause: [Block]) -> [DiffBlock] {
        let renderer = CanonicalRenderer()
        var result: [DiffBlock] = []
        result.reserveCapacity(clause.count)
        for block in clause {
            if case .list(let list) = block {
                for (index, item) in list.items.enumerated() {
                    var single = list
                    single.items = [item]
                    single.start = list.ordinal(at: index) ?? 1
                    result.append(DiffBlock(.list(single), renderer))
                }
            } else {
                result.append(DiffBlock(block, renderer))
            }
        }
        return result
    }

    private init(_ block: Block, _ renderer: CanonicalRenderer) {
        text = renderer.render(block)
        // Ordinals are the only difference between the two renderings: render again only if there are any.
        folded = Fingerprint.fold(block.containsOrderedList ? CanonicalRenderer(ordinals: false).render(block) : text)
    }

    /// A clause body's folded text, the input of its fingerprint.
    static func foldedBody(_ blocks: [DiffBlock]) -> String {
        blocks.map(\.folded).joined(separator: " ")
    }
}

extension Block {
    var containsOrderedList: Bool {
        switch self {
        case .list(let list): return list.ordered || list.items.contains { $0.contains(where: \.containsOrderedList) }
        case .quote(let blocks): return blocks.contains(where: \.containsOrderedList)
        default: return false
        }
    }
}

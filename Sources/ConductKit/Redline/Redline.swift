/// A comparison as a reader sees it: each changed clause, what happened to it, and its heading
/// and blocks marked word by word, each mark editorial or substantive.
///
/// The one model every redline is drawn from: `diff`, `since` and proposal diffs in a terminal
/// (`RedlineText`), `diff --format markdown` (`RedlineMarkdown`), the `since:` lines of
/// `comments`, and the site's revision and proposal pages (Publish's `RedlineHTML`).
public struct Redline: Sendable {
    /// The labels of the two sides: `v1.0`, `v1.1`, a proposal's id.
    public var old: String
    public var new: String
    /// The clauses shown, in the comparison's order.
    public var clauses: [Clause]

    /// One changed clause.
    public struct Clause: Sendable {
        /// The clause-level change: status, what happened, significance and both sides.
        public var diff: ClauseDiff
        /// The heading's words, marked, when it was renamed.
        public var heading: [Mark]?
        public var blocks: [Block]

        public var significance: Significance { diff.significance }
        public var isEditorial: Bool { diff.significance == .editorial }
    }

    /// One block of a clause: the same on both sides, or its marks.
    public struct Block: Sendable {
        public var operation: BlockDiff.Operation
        public var significance: Significance
        /// An equal block: one unmarked run, its text. An inserted or deleted block: one mark.
        /// A replaced one: the old text deleted, then the new inserted. A changed one: its words.
        public var marks: [Mark]
    }

    /// A run of words: unchanged, deleted or inserted.
    public struct Mark: Sendable {
        public var operation: WordEdit.Operation
        public var text: String
        /// Shown quieter: the change keeps the meaning (the block's or heading's significance),
        /// or it changes only characters that render as nothing.
        public var editorial: Bool
        /// The change is of characters that render as nothing (a direction mark, a zero-width space).
        public var invisible: Bool
    }

    public init(old: String, new: String, clauses: [ClauseDiff]) {
        self.old = old
        self.new = new
        self.clauses = clauses.map(Clause.init)
    }

    /// The clauses `shown` of a comparison.
    public init(_ comparison: Comparison, shown: [ClauseDiff]) {
        self.init(old: comparison.old.label, new: comparison.new.label, clauses: shown)
    }

    /// Word edits as marks; `editorial` is the significance of the text they stand in.
    public static func marks(_ edits: [WordEdit], editorial: Bool) -> [Mark] {
        // A change of characters that render as nothing is editorial wherever it stands.
        let invisible = WordDiff.invisibleChanges(edits)
        return edits.indices.map { index in
            Mark(operation: edits[index].operation, text: edits[index].text,
                 editorial: editorial || invisible[index], invisible: invisible[index])
        }
    }
}

extension Redline.Clause {
    public init(_ diff: ClauseDiff) {
        self.diff = diff
        heading = diff.heading.map { Redline.marks($0, editorial: diff.significance == .editorial) }
        blocks = diff.blocks.map(Redline.Block.init)
    }
}

extension Redline.Block {
    public init(_ block: BlockDiff) {
        operation = block.operation
        significance = block.significance
        let editorial = block.significance == .editorial
        switch block.operation {
        case .equal:
            marks = [Redline.Mark(operation: .equal, text: block.new ?? "", editorial: false, invisible: false)]
        case .inserted:
            marks = [Redline.Mark(operation: .insert, text: block.new ?? "", editorial: false, invisible: false)]
        case .deleted:
            marks = [Redline.Mark(operation: .delete, text: block.old ?? "", editorial: false, invisible: false)]
        case .replaced:
            marks = [Redline.Mark(operation: .delete, text: block.old ?? "", editorial: editorial, invisible: false),
                     Redline.Mark(operation: .insert, text: block.new ?? "", editorial: editorial, invisible: false)]
        case .changed:
            marks = Redline.marks(block.words ?? [], editorial: editorial)
        }
    }
}

extension ClauseDiff.Side {
    /// A clause's number and heading text; its slug when both are empty.
    public var headingText: String {
        let text = [number, heading].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? name : text
    }
}

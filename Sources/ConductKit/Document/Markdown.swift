/// An inline element of a Markdown block, copied out of cmark-gfm's tree.
public indirect enum Inline: Sendable, Hashable {
    case text(String)
    case softBreak
    case lineBreak
    case code(String)
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    /// A link, written as one or found by the autolink extension (`www.example.org`).
    case link(destination: String, title: String, content: [Inline])
    case image(source: String, title: String, alt: [Inline])
    /// `~~struck~~` text (the strikethrough extension).
    case strikethrough([Inline])
    /// `[^label]`: a reference to the footnote definition with this label (as the definition spells it).
    case footnoteReference(String)
}

/// A block of a clause: a paragraph, list, quote, code block, raw HTML, rule, nested heading,
/// table or footnote definition.
public indirect enum Block: Sendable, Hashable {
    case paragraph([Inline])
    /// A heading that is not a clause boundary (inside a quote or a list item).
    case heading(level: Int, content: [Inline])
    case list(MarkdownList)
    case quote([Block])
    case code(info: String, literal: String)
    case html(String)
    case thematicBreak
    /// A GitHub table (the table extension).
    case table(MarkdownTable)
    /// `[^label]: …`, the text a footnote reference points at.
    case footnoteDefinition(label: String, blocks: [Block])
    /// A block whose canonical spelling would not mean what `source` means, kept as written.
    /// `block` is what it parses to (for the site); `source` is what canonical text shows.
    case verbatim(source: String, block: Block)
}

/// A bullet or ordered list. An item's ordinal is `start + index`.
public struct MarkdownList: Sendable, Hashable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var items: [ListItem]

    /// The ordinal an ordered list gives its item at `index`; nil for a bullet list.
    public func ordinal(at index: Int) -> Int? { ordered ? start + index : nil }
}

/// One item of a list: its blocks, and its check box when it is a task (`- [ ]`, `- [x]`).
public struct ListItem: Sendable, Hashable {
    public enum Task: Sendable, Hashable {
        case unchecked, checked
    }

    /// nil when the item is no task.
    public var task: Task?
    public var blocks: [Block]

    public init(task: Task? = nil, blocks: [Block]) {
        self.task = task
        self.blocks = blocks
    }
}

/// A table: a header row, a delimiter row's alignments, and body rows of cells of inline content.
/// Every row has as many cells as there are columns (cmark-gfm pads short rows, drops extra cells).
public struct MarkdownTable: Sendable, Hashable {
    public enum Alignment: Sendable, Hashable {
        case none, left, center, right
    }

    public var alignments: [Alignment]
    public var header: [[Inline]]
    public var rows: [[[Inline]]]
}

/// A top-level block of a parsed document with the source lines it came from.
struct SourceBlock {
    var block: Block
    /// 1-based first and last source line.
    var startLine: Int
    var endLine: Int
}

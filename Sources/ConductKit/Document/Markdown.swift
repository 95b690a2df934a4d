/// An inline element of a Markdown block, copied out of cmark's tree.
public indirect enum Inline: Sendable, Hashable {
    case text(String)
    case softBreak
    case lineBreak
    case code(String)
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    case link(destination: String, title: String, content: [Inline])
    case image(source: String, title: String, alt: [Inline])
}

/// A block of a clause: a paragraph, list, quote, code block, raw HTML, rule or nested heading.
public indirect enum Block: Sendable, Hashable {
    case paragraph([Inline])
    /// A heading that is not a clause boundary (inside a quote or a list item).
    case heading(level: Int, content: [Inline])
    case list(MarkdownList)
    case quote([Block])
    case code(info: String, literal: String)
    case html(String)
    case thematicBreak
}

/// A bullet or ordered list. An item's ordinal is `start + index`.
public struct MarkdownList: Sendable, Hashable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool
    public var items: [[Block]]

    /// The ordinal an ordered list gives its item at `index`; nil for a bullet list.
    public func ordinal(at index: Int) -> Int? { ordered ? start + index : nil }
}

/// A top-level block of a parsed document with the source lines it came from.
struct SourceBlock {
    var block: Block
    /// 1-based first and last source line.
    var startLine: Int
    var endLine: Int
}

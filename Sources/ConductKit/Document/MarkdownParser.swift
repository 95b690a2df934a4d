import CCmarkGFM
import Synchronization

/// Parses GitHub Flavored Markdown with cmark-gfm (tables, strikethrough, autolinks, task
/// lists, footnotes) and copies the result into Swift values.
///
/// No `cmark_node` outlives `parse`: the whole C tree is freed before it returns.
enum MarkdownParser {
    /// Containers deeper than this are refused, so hostile input cannot exhaust the stack.
    static let maximumDepth = 1_000

    struct TooDeep: Error {}

    /// What the parser tells about a top-level block before converting it.
    struct NodeInfo {
        /// The heading level, or nil when the block is not a heading.
        var headingLevel: Int?
        /// The heading's inline content (headings are always converted).
        var headingContent: [Inline]
        /// 1-based first and last source line.
        var startLine: Int
        var endLine: Int
    }

    /// The top-level blocks of `text`, in order, with their source lines.
    static func parse(_ text: String) throws(TooDeep) -> [SourceBlock] {
        let (infos, blocks) = try parse(text) { _ in nil }
        return zip(infos, blocks).compactMap { info, block in
            block.map { SourceBlock(block: $0, startLine: info.startLine, endLine: info.endLine) }
        }
    }

    /// Parses `text`, shows `select` every top-level block (headings already converted), and
    /// converts only the blocks `select` names (nil: all of them). The C tree is freed on return.
    ///
    /// A converted block whose canonical spelling would not parse back to the same block is
    /// returned as `.verbatim` with its source text (see `FaithfulBlocks`).
    static func parse(_ text: String, select: ([NodeInfo]) -> Set<Int>?) throws(TooDeep) -> ([NodeInfo], [Block?]) {
        let (infos, blocks, labels) = try convert(text, select: select)
        return (infos, try FaithfulBlocks.check(blocks, infos: infos, in: text, footnoteLabels: labels))
    }

    /// The conversion alone, without the faithfulness check; also the labels of every footnote
    /// definition in the text.
    static func convert(_ text: String, select: ([NodeInfo]) -> Set<Int>?) throws(TooDeep) -> ([NodeInfo], [Block?], Set<String>) {
        let tree = CmarkTree(text)
        // The tree's nodes are used through plain pointers below: keep it alive to the end.
        defer { withExtendedLifetime(tree) {} }
        // Footnote definitions are moved to the end of cmark-gfm's tree; put each back where it
        // was written, so a definition belongs to the clause that holds it. (Only definitions
        // move: a paragraph cut short by a table has an earlier start line than it shows.)
        var nodes: [(node: OpaquePointer, start: Int, end: Int)] = []
        var definitions: [(node: OpaquePointer, start: Int, end: Int)] = []
        var child = cmark_node_first_child(tree.root)
        while let node = child {
            let entry = (node, Int(cmark_node_get_start_line(node)), Int(cmark_node_get_end_line(node)))
            if cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION { definitions.append(entry) } else { nodes.append(entry) }
            child = cmark_node_next(node)
        }
        if !definitions.isEmpty {
            var merged: [(node: OpaquePointer, start: Int, end: Int)] = []
            merged.reserveCapacity(nodes.count + definitions.count)
            var next = 0
            for definition in definitions.enumerated().sorted(by: { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }).map(\.element) {
                while next < nodes.count, nodes[next].start <= definition.start {
                    merged.append(nodes[next])
                    next += 1
                }
                merged.append(definition)
            }
            nodes = merged + nodes[next...]
        }

        var infos: [NodeInfo] = []
        infos.reserveCapacity(nodes.count)
        var labels = Set<String>()
        for (node, start, end) in nodes {
            let type = cmark_node_get_type(node)
            let isHeading = type == CMARK_NODE_HEADING
            if type == CMARK_NODE_FOOTNOTE_DEFINITION { labels.insert(footnoteLabel(node)) }
            infos.append(NodeInfo(
                headingLevel: isHeading ? Int(cmark_node_get_heading_level(node)) : nil,
                headingContent: isHeading ? try inlines(node, depth: 0) : [],
                startLine: start, endLine: end))
        }
        let selected = select(infos)
        var blocks: [Block?] = []
        blocks.reserveCapacity(nodes.count)
        for (index, entry) in nodes.enumerated() {
            if let level = infos[index].headingLevel {
                blocks.append(.heading(level: level, content: infos[index].headingContent))
            } else if selected?.contains(index) ?? true {
                blocks.append(try convertBlock(entry.node, depth: 0))
            } else {
                blocks.append(nil)
            }
        }
        return (infos, blocks, labels)
    }

    /// cmark-gfm's own HTML for `text`, with the extensions and options `parse` uses (raw
    /// HTML kept): the reference the faithfulness tests compare canonical text against.
    static func html(_ text: String) -> String {
        let tree = CmarkTree(text)
        defer { withExtendedLifetime(tree) {} }
        guard let html = cmark_render_html(tree.root, CmarkTree.options | CMARK_OPT_UNSAFE,
                                           cmark_parser_get_syntax_extensions(tree.parser)) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(html) }
        return String(cString: html)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Names the extensions give their node kinds (their type values are not in the headers).
    private static func typeName(_ node: OpaquePointer) -> String {
        string(cmark_node_get_type_string(node))
    }

    /// The label of a footnote definition, or of the definition a reference points at. cmark-gfm
    /// has no getter for it; its CommonMark renderer writes `[^label]` first, unescaped.
    private static func footnoteLabel(_ node: OpaquePointer) -> String {
        guard let rendered = cmark_render_commonmark(node, CMARK_OPT_DEFAULT, 0) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(rendered) }
        let text = String(cString: rendered)
        guard text.hasPrefix("[^"), let close = text.firstIndex(of: "]") else { return "" }
        return String(text[text.index(text.startIndex, offsetBy: 2)..<close])
    }

    private static func children(_ node: OpaquePointer, depth: Int) throws(TooDeep) -> [Block] {
        var blocks: [Block] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            if let block = try convertBlock(current, depth: depth + 1) { blocks.append(block) }
            child = cmark_node_next(current)
        }
        return blocks
    }

    private static func convertBlock(_ node: OpaquePointer, depth: Int) throws(TooDeep) -> Block? {
        guard depth < maximumDepth else { throw TooDeep() }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(try inlines(node, depth: depth))
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), content: try inlines(node, depth: depth))
        case CMARK_NODE_BLOCK_QUOTE:
            return .quote(try children(node, depth: depth))
        case CMARK_NODE_CODE_BLOCK:
            return .code(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK:
            return .html(string(cmark_node_get_literal(node)))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        case CMARK_NODE_LIST:
            var items: [ListItem] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                // The task list extension marks an item by its type name, not its type.
                let task: ListItem.Task? = typeName(current) == "tasklist"
                    ? (cmark_gfm_extensions_get_tasklist_item_checked(current) ? .checked : .unchecked) : nil
                items.append(ListItem(task: task, blocks: try children(current, depth: depth + 1)))
                item = cmark_node_next(current)
            }
            return .list(MarkdownList(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0,
                items: items))
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            return .footnoteDefinition(label: footnoteLabel(node), blocks: try children(node, depth: depth))
        default:
            return typeName(node) == "table" ? try table(node, depth: depth) : nil
        }
    }

    private static func table(_ node: OpaquePointer, depth: Int) throws(TooDeep) -> Block {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [MarkdownTable.Alignment] = []
        if let marks = cmark_gfm_extensions_get_table_alignments(node) {
            for column in 0..<columns {
                switch marks[column] {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        } else {
            alignments = Array(repeating: .none, count: columns)
        }
        var header: [[Inline]] = []
        var rows: [[[Inline]]] = []
        var row = cmark_node_first_child(node)
        while let current = row {
            var cells: [[Inline]] = []
            var cell = cmark_node_first_child(current)
            while let each = cell {
                cells.append(try inlines(each, depth: depth + 1))
                cell = cmark_node_next(each)
            }
            if typeName(current) == "table_header" { header = cells } else { rows.append(cells) }
            row = cmark_node_next(current)
        }
        return .table(MarkdownTable(alignments: alignments, header: header, rows: rows))
    }

    private static func inlines(_ node: OpaquePointer, depth: Int) throws(TooDeep) -> [Inline] {
        var result: [Inline] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            if let inline = try convertInline(current, depth: depth + 1), inline != .text("") {
                // cmark splits text at special characters; join neighbours so text is one value.
                if case .text(let next) = inline, case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + next)
                } else {
                    result.append(inline)
                }
            }
            child = cmark_node_next(current)
        }
        return result
    }

    private static func convertInline(_ node: OpaquePointer, depth: Int) throws(TooDeep) -> Inline? {
        guard depth < maximumDepth else { throw TooDeep() }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: return .html(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis(try inlines(node, depth: depth))
        case CMARK_NODE_STRONG: return .strong(try inlines(node, depth: depth))
        case CMARK_NODE_LINK:
            return .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
                         content: try inlines(node, depth: depth))
        case CMARK_NODE_IMAGE:
            return .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)),
                          alt: try inlines(node, depth: depth))
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            return .footnoteReference(footnoteLabel(node))
        default:
            return typeName(node) == "strikethrough" ? .strikethrough(try inlines(node, depth: depth)) : nil
        }
    }
}

/// A cmark-gfm parser with the GitHub extensions attached and the document it parsed; both
/// are freed with it, so no C pointer outlives the parse that made it.
private final class CmarkTree {
    static let options = CMARK_OPT_FOOTNOTES

    /// The extensions GitHub renders with; registered once per process, never changed after
    /// (so the pointers may be shared between threads).
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        let names: [String] = ["table", "strikethrough", "autolink", "tasklist"]
        return names.compactMap { name in cmark_find_syntax_extension(name) }
    }()

    /// cmark-gfm adds its extensions' special characters to a table shared by every parser
    /// while one parses inlines, and takes them out after: two parses at once would race.
    private static let parsing = Mutex(())

    let parser: OpaquePointer
    let root: OpaquePointer

    init(_ text: String) {
        let parser: OpaquePointer = cmark_parser_new(Self.options)
        self.parser = parser
        for extensionPointer in Self.extensions { cmark_parser_attach_syntax_extension(parser, extensionPointer) }
        var text = text
        nonisolated(unsafe) var finished: OpaquePointer?
        Self.parsing.withLock { _ in
            text.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    if let base = characters.baseAddress { cmark_parser_feed(parser, base, characters.count) }
                }
            }
            finished = cmark_parser_finish(parser)
        }
        root = finished!
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }
}

import CCmark

/// Parses CommonMark with cmark and copies the result into Swift values.
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
    static func parse(_ text: String, select: ([NodeInfo]) -> Set<Int>?) throws(TooDeep) -> ([NodeInfo], [Block?]) {
        var bytes = Array(text.utf8)
        let root: OpaquePointer? = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, CMARK_OPT_DEFAULT)
                }
            } ?? cmark_parse_document("", 0, CMARK_OPT_DEFAULT)
        }
        guard let root else { return ([], []) }
        defer { cmark_node_free(root) }

        var nodes: [OpaquePointer] = []
        var infos: [NodeInfo] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            let isHeading = cmark_node_get_type(node) == CMARK_NODE_HEADING
            infos.append(NodeInfo(
                headingLevel: isHeading ? Int(cmark_node_get_heading_level(node)) : nil,
                headingContent: isHeading ? try inlines(node, depth: 0) : [],
                startLine: Int(cmark_node_get_start_line(node)),
                endLine: Int(cmark_node_get_end_line(node))))
            nodes.append(node)
            child = cmark_node_next(node)
        }
        let selected = select(infos)
        var blocks: [Block?] = []
        blocks.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            if let level = infos[index].headingLevel {
                blocks.append(.heading(level: level, content: infos[index].headingContent))
            } else if selected?.contains(index) ?? true {
                blocks.append(try convertBlock(node, depth: 0))
            } else {
                blocks.append(nil)
            }
        }
        return (infos, blocks)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
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
            var items: [[Block]] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                items.append(try children(current, depth: depth + 1))
                item = cmark_node_next(current)
            }
            return .list(MarkdownList(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0,
                items: items))
        default:
            return nil
        }
    }

    private static func inlines(_ node: OpaquePointer, depth: Int) throws(TooDeep) -> [Inline] {
        var result: [Inline] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            if let inline = try convertInline(current, depth: depth + 1) {
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
        default: return nil
        }
    }
}

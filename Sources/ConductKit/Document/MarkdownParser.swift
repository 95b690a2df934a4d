import CCmark

/// Parses CommonMark with cmark and copies the result into Swift values.
///
/// No `cmark_node` outlives `parse`: the whole C tree is freed before it returns.
enum MarkdownParser {
    /// Containers deeper than this are refused, so hostile input cannot exhaust the stack.
    static let maximumDepth = 400

    struct TooDeep: Error {}

    /// The top-level blocks of `text`, in order, with their source lines.
    static func parse(_ text: String) throws(TooDeep) -> [SourceBlock] {
        var bytes = Array(text.utf8)
        let root: OpaquePointer? = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, CMARK_OPT_DEFAULT)
                }
            } ?? cmark_parse_document("", 0, CMARK_OPT_DEFAULT)
        }
        guard let root else { return [] }
        defer { cmark_node_free(root) }

        var result: [SourceBlock] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            if let block = try convertBlock(node, depth: 0) {
                result.append(SourceBlock(
                    block: block,
                    startLine: Int(cmark_node_get_start_line(node)),
                    endLine: Int(cmark_node_get_end_line(node))))
            }
            child = cmark_node_next(node)
        }
        return result
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

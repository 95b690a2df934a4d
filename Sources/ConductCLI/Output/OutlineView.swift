import ConductKit

/// `conduct outline`: the front matter, then each clause's fingerprint, number, heading and id.
enum OutlineView {
    static func text(_ outline: ConductKit.Outline, revision: Revision) -> String {
        var out = "\(revision.label)  \(outline.title)  (\(outline.document), commit \(revision.commit.hex.prefix(12)))\n"
        if let part = outline.frontMatter {
            out += "\(part.fingerprint.prefix(12))  \(Document.frontMatterKey) \(part.format)\n"
            for entry in part.entries {
                let value = entry.value.count > 60 ? String(entry.value.prefix(59)) + "…" : entry.value
                out += String(repeating: " ", count: 14) + "  \(entry.key): \(value.replacingNewlines)\n"
            }
        }
        func walk(_ nodes: [ConductKit.Outline.Node], depth: Int) {
            for node in nodes {
                let indent = String(repeating: "  ", count: depth)
                let number = node.number.map { $0 + " " } ?? ""
                out += "\(node.fingerprint.prefix(12))  \(indent)\(number)\(node.heading)  {#\(node.id)}\n"
                walk(node.children, depth: depth + 1)
            }
        }
        walk(outline.clauses, depth: 0)
        return out
    }
}

private extension String {
    /// The text on one line: each line break shown as "⏎".
    var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ⏎ ") }
}

/// A `Redline` as HTML, clause by clause: the same model the terminal redline shows, with
/// `<ins>` and `<del>` classed `substantive` or `editorial` (quieter), and moved clauses marked
/// as such in words, not only by colour.
enum RedlineHTML {
    /// The section id a changed clause gets on a redline page: its id, or `Preamble` or
    /// `FrontMatter` (clause ids are lowercase, so they never meet).
    static func anchor(_ entry: ClauseDiff) -> String {
        switch (entry.new ?? entry.old)?.index {
        case ClauseDiff.Side.preambleIndex: return "Preamble"
        case ClauseDiff.Side.frontMatterIndex: return "FrontMatter"
        default: return entry.id
        }
    }

    /// Whether the entry is a part of the document that is not a clause (front matter, preamble).
    static func isPart(_ entry: ClauseDiff) -> Bool { ((entry.new ?? entry.old)?.index ?? 0) < 0 }

    /// The clause's title: number and heading, or the document's title for the preamble.
    static func title(_ entry: ClauseDiff) -> String {
        guard let side = entry.new ?? entry.old else { return "" }
        if side.index == ClauseDiff.Side.preambleIndex { return "Title and preamble" }
        if side.index == ClauseDiff.Side.frontMatterIndex { return "Front matter" }
        return [side.number, side.heading].compactMap { $0 }.joined(separator: " ")
    }

    /// The line under a changed clause's heading: its significance and what happened, in words.
    static func summary(_ entry: ClauseDiff, into html: inout HTML) {
        let significance = entry.significance == .substantive ? "substantive" : "editorial"
        html.element("p", [("class", "what")]) { line in
            line.element("span", [("class", "badge " + significance)], text: significance == "substantive" ? "Substantive" : "Editorial")
            if entry.changes.contains(.moved) {
                line.text(" ")
                line.element("span", [("class", "badge moved")], text: "⇅ Moved")
            }
            let description = entry.changeDescription
            if !description.isEmpty {
                line.text(" " + description)
            }
            if entry.changes.contains(.moved), let old = entry.old, let new = entry.new {
                line.text(" (was clause \(old.index + 1) of the old text, now \(new.index + 1))")
            }
        }
    }

    /// The clause's heading edits and blocks, marked word by word.
    static func body(_ clause: Redline.Clause, into html: inout HTML) {
        if let heading = clause.heading {
            html.element("p", [("class", "block heading-change")]) { line in
                line.element("span", [("class", "label")], text: "Heading: ")
                marks(heading, into: &line)
            }
        }
        for block in clause.blocks {
            if block.operation == .equal {
                html.element("p", [("class", "block same")], text: block.marks.first?.text ?? "")
                continue
            }
            // A replaced block's old and new texts stand apart.
            html.element("p", [("class", "block")]) { marks(block.marks, apart: block.operation == .replaced, into: &$0) }
        }
    }

    private static func marks(_ marks: [Redline.Mark], apart: Bool = false, into html: inout HTML) {
        for (index, mark) in marks.enumerated() {
            if apart, index > 0 { html.text(" ") }
            let kind = mark.editorial ? "editorial" : "substantive"
            switch mark.operation {
            case .equal: html.text(mark.text)
            case .delete: html.element("del", [("class", kind)], text: mark.text)
            case .insert: html.element("ins", [("class", kind)], text: mark.text)
            }
        }
    }

    /// A key to the marks, for the top of a redline page.
    static func legend(into html: inout HTML) {
        html.element("p", [("class", "key")]) { line in
            line.text("Key: ")
            line.element("ins", [("class", "substantive")], text: "inserted")
            line.text(" and ")
            line.element("del", [("class", "substantive")], text: "deleted")
            line.text(" words of a substantive change; ")
            line.element("ins", [("class", "editorial")], text: "inserted")
            line.text(" and ")
            line.element("del", [("class", "editorial")], text: "deleted")
            line.text(" in an editorial one (same meaning: spacing, quotes, numbering); unchanged text in grey.")
        }
    }
}

/// The HTML redline of one clause of a `DocumentDiff`: the same model the terminal redline
/// shows, with `<ins>` and `<del>` classed `substantive` or `editorial` (quieter), and moved
/// clauses marked as such in words, not only by colour.
enum Redline {
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
    static func body(_ entry: ClauseDiff, into html: inout HTML) {
        let quiet = entry.significance == .editorial
        if let heading = entry.heading {
            html.element("p", [("class", "block heading-change")]) { line in
                line.element("span", [("class", "label")], text: "Heading: ")
                words(heading, editorial: quiet, into: &line)
            }
        }
        for block in entry.blocks {
            let editorial = block.significance == .editorial
            switch block.operation {
            case .equal:
                html.element("p", [("class", "block same")], text: block.new ?? "")
            case .inserted:
                html.element("p", [("class", "block")]) { $0.element("ins", [("class", "substantive")], text: block.new ?? "") }
            case .deleted:
                html.element("p", [("class", "block")]) { $0.element("del", [("class", "substantive")], text: block.old ?? "") }
            case .replaced:
                html.element("p", [("class", "block")]) { line in
                    line.element("del", [("class", editorial ? "editorial" : "substantive")], text: block.old ?? "")
                    line.text(" ")
                    line.element("ins", [("class", editorial ? "editorial" : "substantive")], text: block.new ?? "")
                }
            case .changed:
                html.element("p", [("class", "block")]) { words(block.words ?? [], editorial: editorial, into: &$0) }
            }
        }
    }

    private static func words(_ edits: [WordEdit], editorial: Bool, into html: inout HTML) {
        // A change of characters that render as nothing is editorial wherever it stands.
        let invisible = WordDiff.invisibleChanges(edits)
        for (index, edit) in edits.enumerated() {
            let kind = editorial || invisible[index] ? "editorial" : "substantive"
            switch edit.operation {
            case .equal: html.text(edit.text)
            case .delete: html.element("del", [("class", kind)], text: edit.text)
            case .insert: html.element("ins", [("class", kind)], text: edit.text)
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

/// A redline as a Markdown change summary, fit for a commit message or a pull request
/// (`diff --format markdown`): substantive and editorial changes listed apart, each
/// substantive one with its first changed words as `~~old~~ → **new**`.
public enum RedlineMarkdown {
    public static func render(_ redline: Redline) -> String {
        var out = "### Changes from \(redline.old) to \(redline.new)\n\n"
        let shown = redline.clauses
        let substantive = shown.filter { $0.significance == .substantive }
        let editorial = shown.filter { $0.significance == .editorial }
        if shown.isEmpty { return out + "No clause changed.\n" }
        out += "\(substantive.count) substantive and \(editorial.count) editorial change\(shown.count == 1 ? "" : "s").\n"
        for (title, clauses) in [("Substantive", substantive), ("Editorial", editorial)] where !clauses.isEmpty {
            out += "\n**\(title)**\n\n"
            for clause in clauses {
                let entry = clause.diff
                guard let side = entry.new ?? entry.old else { continue }
                var name = side.index < 0 ? side.heading : side.headingText
                if side.index == ClauseDiff.Side.frontMatterIndex { name = "Front matter" }
                if side.index == ClauseDiff.Side.preambleIndex, name.isEmpty { name = "Preamble" }
                out += "- \(entry.changeDescription.capitalizedFirstLetter): \(name)\(side.id.isEmpty ? "" : " (`\(side.id)`)")"
                if entry.significance == .substantive, let excerpt = excerpt(clause) { out += " — \(excerpt)" }
                out += "\n"
            }
        }
        return out
    }

    /// The first changed words of a clause, as `~~old~~ **new**`.
    private static func excerpt(_ clause: Redline.Clause) -> String? {
        for block in clause.blocks where block.operation == .changed {
            let parts = block.marks.filter { $0.operation != .equal }.prefix(2).map { mark -> String in
                let text = String(mark.text.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace))
                let short = text.count > 80 ? String(text.prefix(77)) + "…" : text
                return mark.operation == .delete ? "~~\(short)~~" : "**\(short)**"
            }
            if !parts.isEmpty { return parts.joined(separator: " → ") }
        }
        return nil
    }
}

import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders a comparison as a terminal redline or a Markdown summary (both drawn from the one
/// `Redline` model by ConductKit's renderers), or a `--stat` table.
struct DiffRenderer {
    struct Style {
        /// Whether to colour the redline; `--color` decides (see `ColorOptions`).
        var color: Bool
    }

    var style: Style
    /// Open comment threads per clause id, mentioned beside each clause.
    var openComments: [String: Int] = [:]

    /// A clause's label: its number and heading, with its `{#id}` when it has one.
    static func title(_ entry: ClauseDiff) -> String { RedlineText.title(entry) }

    /// What a `--stat` row names a clause by: its id, else its heading (a file without ids).
    static func statName(_ entry: ClauseDiff) -> String {
        guard let side = entry.new ?? entry.old else { return "" }
        return side.id.isEmpty ? side.headingText : side.id
    }

    static func describe(_ entry: ClauseDiff) -> String {
        entry.changeDescription
    }

    /// The terminal redline: each changed clause with its changed blocks marked word by word.
    func redline(_ comparison: Comparison, _ shown: [ClauseDiff]) -> String {
        RedlineText(style: .init(color: style.color), openComments: openComments).render(Redline(comparison, shown: shown))
    }

    /// One line per changed clause: id, what happened, significance, words inserted and deleted.
    static func stat(_ comparison: Comparison, _ shown: [ClauseDiff]) -> String {
        let idWidth = shown.map { statName($0).count }.max() ?? 0
        let describeWidth = shown.map { describe($0).count }.max() ?? 0
        var inserted = 0, deleted = 0
        var out = ""
        for entry in shown {
            let counts = entry.wordCounts
            inserted += counts.inserted
            deleted += counts.deleted
            out += statName(entry).padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                + describe(entry).padding(toLength: describeWidth + 2, withPad: " ", startingAt: 0)
                + entry.significance.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                + "+\(counts.inserted) -\(counts.deleted)\n"
        }
        out += "\(shown.count.counting("clause")) changed, \(inserted.counting("word")) inserted, \(deleted) deleted\n"
        return out
    }

    /// A change summary fit for a commit message or a pull request.
    static func markdown(_ comparison: Comparison, _ shown: [ClauseDiff]) -> String {
        RedlineMarkdown.render(Redline(comparison, shown: shown))
    }
}

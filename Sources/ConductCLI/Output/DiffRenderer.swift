import ConductKit
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders a comparison as a terminal redline, a Markdown summary or a `--stat` table.
struct DiffRenderer {
    struct Style {
        var color: Bool

        /// Colour only on a terminal, and never with NO_COLOR set.
        static var forStandardOutput: Style {
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return Style(color: isatty(STDOUT_FILENO) == 1 && !noColor)
        }
    }

    var style: Style
    /// Open comment threads per clause id, mentioned beside each clause.
    var openComments: [String: Int] = [:]

    private func paint(_ text: String, _ code: String) -> String {
        style.color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func deleted(_ text: String, editorial: Bool) -> String {
        style.color ? paint(text, editorial ? "2;9" : "31;9") : "[-\(text)-]"
    }

    private func inserted(_ text: String, editorial: Bool) -> String {
        style.color ? paint(text, editorial ? "2;4" : "32;4") : "{+\(text)+}"
    }

    /// A clause's label: its number and heading, with its `{#id}` when it has one.
    static func title(_ entry: ClauseDiff) -> String {
        guard let side = entry.new ?? entry.old else { return "" }
        if side.index == ClauseDiff.Side.frontMatterIndex { return Document.frontMatterKey }
        if side.index == ClauseDiff.Side.preambleIndex { return side.heading.isEmpty ? Document.preambleKey : "(preamble) \(side.heading)" }
        let heading = headingText(side)
        return side.id.isEmpty ? heading : heading + " {#\(side.id)}"
    }

    /// A clause's number and heading text; its slug when both are empty.
    static func headingText(_ side: ClauseDiff.Side) -> String {
        let text = [side.number, side.heading].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? side.name : text
    }

    /// What a `--stat` row names a clause by: its id, else its heading (a file without ids).
    static func statName(_ entry: ClauseDiff) -> String {
        guard let side = entry.new ?? entry.old else { return "" }
        return side.id.isEmpty ? headingText(side) : side.id
    }

    static func describe(_ entry: ClauseDiff) -> String {
        entry.changeDescription
    }

    private func headline(_ comparison: Comparison, _ shown: [ClauseDiff]) -> String {
        let substantive = shown.filter { $0.significance == .substantive }.count
        let editorial = shown.filter { $0.significance == .editorial }.count
        return "\(comparison.old.label) → \(comparison.new.label): \(shown.count) clause\(shown.count == 1 ? "" : "s") changed"
            + " (\(substantive) substantive, \(editorial) editorial)\n"
    }

    /// The terminal redline: each changed clause with its changed blocks marked word by word.
    func redline(_ comparison: Comparison, _ shown: [ClauseDiff]) -> String {
        var out = headline(comparison, shown)
        for entry in shown {
            let editorial = entry.significance == .editorial
            let label = paint("[\(entry.significance.rawValue)]", editorial ? "2" : "1")
            let comments = openComments[entry.id].map { "  (\($0) open comment\($0 == 1 ? "" : "s"))" } ?? ""
            out += "\n\(label) \(Self.title(entry))  \(Self.describe(entry))\(comments)\n"
            if let heading = entry.heading {
                out += "    heading: " + words(heading, editorial: editorial) + "\n"
            }
            var elided = false
            for block in entry.blocks {
                switch block.operation {
                case .equal:
                    if !elided { out += "    …\n" }
                    elided = true
                    continue
                case .inserted:
                    out += indent(inserted(block.new ?? "", editorial: false))
                case .deleted:
                    out += indent(deleted(block.old ?? "", editorial: false))
                case .replaced:
                    out += indent(deleted(block.old ?? "", editorial: block.significance == .editorial)
                                  + inserted(block.new ?? "", editorial: block.significance == .editorial))
                case .changed:
                    out += indent(words(block.words ?? [], editorial: block.significance == .editorial))
                }
                elided = false
            }
        }
        return out
    }

    /// Unchanged text longer than this is shortened to its ends around a change.
    static let context = 160

    private func words(_ edits: [WordEdit], editorial: Bool) -> String {
        // A change of characters that render as nothing is editorial wherever it stands.
        let invisible = WordDiff.invisibleChanges(edits)
        return edits.enumerated().map { index, edit -> String in
            let editorial = editorial || invisible[index]
            switch edit.operation {
            case .equal:
                let text = edit.text
                guard text.count > 2 * Self.context else { return text }
                let head = index == 0 ? "" : String(text.prefix(Self.context))
                let tail = index == edits.count - 1 ? "" : String(text.suffix(Self.context))
                return head + "…" + tail
            case .delete: return deleted(invisible[index] ? Self.named(edit.text) : edit.text, editorial: editorial)
            case .insert: return inserted(invisible[index] ? Self.named(edit.text) : edit.text, editorial: editorial)
            }
        }.joined()
    }

    /// The text with each character that renders as nothing written as its code point, `<U+200F>`.
    static func named(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if String(scalar).withoutInvisibles.isEmpty {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
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
        out += "\(shown.count) clause\(shown.count == 1 ? "" : "s") changed, \(inserted) words inserted, \(deleted) deleted\n"
        return out
    }

    /// A change summary fit for a commit message or a pull request.
    static func markdown(_ comparison: Comparison, _ shown: [ClauseDiff]) -> String {
        var out = "### Changes from \(comparison.old.label) to \(comparison.new.label)\n\n"
        let substantive = shown.filter { $0.significance == .substantive }
        let editorial = shown.filter { $0.significance == .editorial }
        if shown.isEmpty { return out + "No clause changed.\n" }
        out += "\(substantive.count) substantive and \(editorial.count) editorial change\(shown.count == 1 ? "" : "s").\n"
        for (title, entries) in [("Substantive", substantive), ("Editorial", editorial)] where !entries.isEmpty {
            out += "\n**\(title)**\n\n"
            for entry in entries {
                guard let side = entry.new ?? entry.old else { continue }
                var name = side.index < 0 ? side.heading : headingText(side)
                if side.index == ClauseDiff.Side.frontMatterIndex { name = "Front matter" }
                if side.index == ClauseDiff.Side.preambleIndex, name.isEmpty { name = "Preamble" }
                out += "- \(describe(entry).capitalizedFirstLetter): \(name)\(side.id.isEmpty ? "" : " (`\(side.id)`)")"
                if entry.significance == .substantive, let excerpt = excerpt(entry) { out += " — \(excerpt)" }
                out += "\n"
            }
        }
        return out
    }

    /// The first changed words of a clause, as `~~old~~ **new**`.
    private static func excerpt(_ entry: ClauseDiff) -> String? {
        for block in entry.blocks {
            guard block.operation == .changed, let edits = block.words else { continue }
            let parts = edits.filter { $0.operation != .equal }.prefix(2).map { edit -> String in
                let text = String(edit.text.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace))
                let short = text.count > 80 ? String(text.prefix(77)) + "…" : text
                return edit.operation == .delete ? "~~\(short)~~" : "**\(short)**"
            }
            if !parts.isEmpty { return parts.joined(separator: " → ") }
        }
        return nil
    }
}


import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare two revisions clause by clause, with a word-level redline.",
            discussion: """
                With no revision, compares main with the revision before it; with one, that revision with \
                main. Every change is labelled editorial (the clause's fingerprint is unchanged: reflowed \
                lines, quote and dash forms, bullets, renumbering, case) or substantive.

                With --lang LANG: what a translator into LANG must redo. For each source clause changed \
                substantively, added or removed since the revision the translation translates (or since \
                OLD), up to main (or NEW): its redline, then the translation's text of it. Clauses changed \
                only editorially are named at the end.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

        @Argument(help: ArgumentHelp("The old and new revision (or, with --files, the old and new file).", valueName: "REV"))
        var sides: [String] = []

        @Flag(help: "Compare two Markdown files; no store is needed.")
        var files = false

        @Option(help: "Output format: a redline (text), JSON, or a Markdown change summary.")
        var format: Format = .text

        @Flag(help: "One line per changed clause, with words inserted and deleted.")
        var stat = false

        @Flag(help: "Leave out editorial changes.")
        var substantiveOnly = false

        @Option(help: ArgumentHelp("Only this clause: its old or new id, or its heading's text or slug (for files without ids).", valueName: "ID"))
        var clause: String?

        @Option(help: ArgumentHelp("What the translation in this language (a BCP 47 tag) must redo; OLD defaults to the revision it translates.", valueName: "LANG"))
        var lang: String?

        @OptionGroup var color: ColorOptions
        @OptionGroup var options: StoreOptions

        func validate() throws {
            if files, sides.count != 2 { throw ValidationError("--files takes two files: conduct diff --files OLD.md NEW.md") }
            if sides.count > 2 { throw ValidationError("give at most two revisions: conduct diff [OLD [NEW]]") }
            if lang != nil, files || stat || format == .markdown || substantiveOnly || clause != nil {
                throw ValidationError("--lang shows what a translation must redo, as text or JSON: conduct diff --lang LANG [OLD [NEW]] [--format json]; it takes no --files, --stat, --format markdown, --substantive-only or --clause")
            }
        }

        func run() throws {
            if let lang {
                let report = try options.open().translationDiff(lang, from: sides.first, to: sides.count > 1 ? sides[1] : nil)
                let view = TranslationDiffView(report: report, style: .init(color: color.enabled))
                return format == .json ? Terminal.json(try view.json()) : Terminal.write(view.text)
            }
            let comparison: Comparison
            var openComments: [String: Int] = [:]
            if files {
                comparison = try Store.compare(old: try readInput(sides[0]), oldSource: sides[0],
                                               new: try readInput(sides[1]), newSource: sides[1])
            } else {
                let store = try options.open()
                comparison = try store.compare(sides.first, sides.count > 1 ? sides[1] : nil)
                openComments = comparison.openComments
            }
            let clause = try self.clause.map { name throws(ConductError) in try comparison.clauseName(name) }
            let shown = comparison.diff.filtered(substantiveOnly: substantiveOnly, clause: clause)
            switch (format, stat) {
            case (.json, _):
                try Terminal.json(DiffView(comparison, clauses: shown))
            case (_, true):
                Terminal.write(DiffRenderer.stat(comparison, shown))
            case (.markdown, false):
                Terminal.write(DiffRenderer.markdown(comparison, shown))
            case (.text, false):
                Terminal.write(DiffRenderer(style: .init(color: color.enabled), openComments: openComments).redline(comparison, shown))
            }
        }
    }
}

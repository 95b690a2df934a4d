import ArgumentParser
import ConductKit

extension Conduct {
    struct Translations: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "translations",
            abstract: "Every translation, and whether it has kept up with the source.",
            discussion: """
                One row per language: the source revision it translates, and current (it translates the \
                revision read), current-editorial (only editorial or non-material source changes since), \
                behind (with the source clauses changed substantively, added or removed since, and the \
                revisions that changed them) or incomplete (source clauses it has no counterpart for). \
                With --check LANG, exit 1 unless LANG is current or current-editorial: for a translation team's CI.
                """)

        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @Option(help: ArgumentHelp("Exit 1 unless this language's translation is current or current-editorial.", valueName: "LANG"))
        var check: String?
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var options: StoreOptions

        func run() throws {
            let report = try options.open().translations(at: at, checking: check)
            if let language = report.checkedLanguage, report.checked == nil {
                Terminal.line("\(language): none at \(report.revision.label): its translations are of later revisions only")
                throw ExitCode(1)
            }
            switch format {
            case .json: Terminal.json(report.json, empty: .open)
            case .text: report.writeText(only: report.checked)
            }
            if let checked = report.checked, !checked.state.isCurrent { throw ExitCode(1) }
        }
    }
}

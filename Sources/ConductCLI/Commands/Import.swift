import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ImportVersioning: ExpressibleByArgument {}

extension Conduct {
    struct Import: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a code of conduct's history from a git repository: every commit that changed it becomes a revision.",
            discussion: """
                The branch's first-parent history is walked oldest first; each commit that changed FILE \
                (following renames) becomes a revision with its author, dates and message, and trailers \
                Conduct-Version, Conduct-Change and Conduct-Imported-From. Headings without a {#id} are \
                matched to the revision before by the diff engine (same text, same heading, then similar \
                text), so a clause keeps its id through rewording, renumbering and moves. \
                --versions tags (the default) takes versions from tags v1.2, 1.2 or v1.2.0 on the branch: a \
                tag names the newest change of FILE at or before the tagged commit, so a tag on a later \
                release commit counts; changes without one get no version. When no tag gives a version, or \
                with --versions sequence, revisions are numbered 1.0, 1.1, ... A change whose text cannot be \
                kept (binary, not UTF-8, too large) is skipped and listed, the others imported, and the exit \
                status is 1; --strict stops at the first such change instead and writes nothing. Importing \
                again adds only the commits made since the last import; with nothing new, nothing is written. \
                --translations GLOB imports translation files of the same branch with their history, after \
                the source's: each file's language comes from --translation-language, its front matter \
                (lang, language) or its name (ja.md, code_of_conduct.ja.md, README.pt-BR.md); each commit \
                that changed it becomes a translated revision of the latest source revision committed at or \
                before it, unless a trailer Translation-Of: REV or front matter translation-of: REV names \
                another. A translated revision that does not align is skipped and listed (exit status 1).
                """)

        @Option(name: .customLong("from-git"), help: ArgumentHelp("The git repository to read: a work tree or a git directory.", valueName: "REPO"))
        var repository: String

        @Option(help: ArgumentHelp("The document's path in REPO, as it is at the tip of the branch.", valueName: "FILE"))
        var path: String

        @Option(help: ArgumentHelp("The branch to walk (default: REPO's HEAD).", valueName: "NAME"))
        var branch: String?

        @Option(help: ArgumentHelp("Where versions come from: tags on the branch (each naming the newest change of FILE at or before its commit), or a sequence 1.0, 1.1, ...", valueName: "tags|sequence"))
        var versions: ImportVersioning = .tags

        @Option(help: ArgumentHelp("Import only changes made after this commit of REPO (as in 'git log COMMIT..').", valueName: "COMMIT"))
        var since: String?

        @Option(name: .customLong("translations"), help: ArgumentHelp(
            "Also import the translation files this pattern matches at the tip (code-of-conduct-languages/*.md; '**/' crosses folders), each commit a translated revision; repeatable.",
            valueName: "GLOB"))
        var translations: [String] = []

        @Option(name: .customLong("translation-language"), help: ArgumentHelp(
            "The language of a translation file whose name and front matter do not give it; repeatable.", valueName: "FILE=TAG"))
        var translationLanguages: [String] = []

        @Flag(help: "Stop at the first change of FILE that cannot be kept as a revision, writing nothing (default: skip and list it).")
        var strict = false

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(name: .long, help: ArgumentHelp("The store to import into, made when the path is new or empty (default: $CONDUCT_STORE, else the current directory).", valueName: "PATH"))
        var store: String?

        @OptionGroup var secretariat: SecretariatKeyOptions
        @OptionGroup var progress: ProgressOptions

        func validate() throws {
            for spec in translationLanguages where !spec.contains("=") {
                throw ValidationError("--translation-language '\(spec)' needs FILE=TAG, e.g. --translation-language docs/coc-japanese.md=ja")
            }
        }

        func run() throws {
            var languages: [String: String] = [:]
            for spec in translationLanguages {
                // A tag holds no '=': the last one ends the path.
                guard let equals = spec.lastIndex(of: "=") else { continue }
                languages[String(spec[..<equals])] = String(spec[spec.index(after: equals)...])
            }
            let request = ImportRequest(repository: repository, path: path, branch: branch, versioning: versions, since: since, strict: strict,
                                        secretariatKey: secretariat.secretariatKey, translations: translations,
                                        translationLanguages: languages)
            let report = try Store.importHistory(
                request, store: store, environment: ProcessInfo.processInfo.environment,
                currentDirectory: FileManager.default.currentDirectoryPath)
            switch format {
            case .json: try Terminal.json(ImportView(report))
            case .text: Terminal.write(ImportView.text(report))
            }
            if let setup = report.secretariatKey { Render.secretariatKey(setup) }
            // Written, but not every change: as with a check that fails, a script can tell.
            if !report.isComplete { throw ExitCode(1) }
        }
    }
}

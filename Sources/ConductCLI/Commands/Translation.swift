import ArgumentParser
import ConductKit

extension Conduct {
    struct TranslationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "translation",
            abstract: "Record a translation of an adopted revision, or a new translated revision of it.",
            discussion: """
                A translation's headings are aligned with the source's clauses: a heading that carries the \
                source's {#id} keeps it; the others are paired by structure (heading levels and numbers, \
                order, the numbers, links and lists of their text) and get the source's ids written into the \
                stored text. A clause that cannot be aligned is named, and nothing is recorded. Translations \
                are signed by the secretariat (--secretariat-key FILE, else git config conduct.secretariatKey).
                """,
            subcommands: [Add.self, Update.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Record the first translation of a language.")
            @OptionGroup var translation: TranslationOptions
            @Option(help: ArgumentHelp("The adopted revision it translates.", valueName: "REV")) var of: String

            func run() throws { try translation.record(of: of, update: false) }
        }

        struct Update: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "update",
                abstract: "Record a new translated revision of a language; earlier ones stay readable (show REV --lang LANG).")
            @OptionGroup var translation: TranslationOptions
            @Option(help: ArgumentHelp("The adopted revision it translates (default: main).", valueName: "REV")) var of: String?

            func run() throws { try translation.record(of: of, update: true) }
        }
    }
}

/// What `translation add` and `translation update` share.
struct TranslationOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The language, as a BCP 47 tag: ja, fr, pt-BR, zh-Hant.", valueName: "LANG"))
    var language: String
    @Option(help: ArgumentHelp("The translated Markdown file (- for standard input).", valueName: "FILE")) var from: String
    @Option(help: ArgumentHelp("Who translated it, as 'NAME <EMAIL>'.", valueName: "IDENTITY")) var translator: String?
    @Flag(help: "Accept a translation that has no counterpart for some source clauses (it is shown as incomplete).")
    var allowIncomplete = false
    @OptionGroup var secretariat: SecretariatKeyOptions
    @OptionGroup var authorship: AuthorshipOptions
    @OptionGroup var options: StoreOptions

    func record(of revision: String?, update: Bool) throws {
        let store = secretariat.applied(to: try options.openForWriting())
        let request = TranslationRequest(
            language: language, bytes: try readInput(from), source: from, of: revision,
            translator: try translator.map { try Identity(parsing: $0) }, allowIncomplete: allowIncomplete, update: update)
        let recorded = try store.recordTranslation(request, authorship: try authorship.authorship(store: store))
        recorded.writeText()
    }
}

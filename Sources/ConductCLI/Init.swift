import ArgumentParser
import ConductKit

extension Conduct {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a store whose first revision is a Markdown file.",
            discussion: "Headings without a {#id} get one minted from their words; the store is a bare git repository.")

        @Argument(help: ArgumentHelp("Where to create the store: a new or empty directory.", valueName: "PATH"))
        var path: String

        @Option(help: ArgumentHelp("The first revision's text (Markdown; - for standard input).", valueName: "FILE"))
        var from: String

        @Option(help: ArgumentHelp("Its version.", valueName: "X.Y"))
        var version: String = "1.0"

        @Option(help: "The revision's message (default: 'Adopt vX.Y').")
        var message: String?

        @Option(help: ArgumentHelp("The document's file name in the store.", valueName: "NAME"))
        var documentName: String = Store.defaultDocumentName

        @OptionGroup var secretariat: SecretariatKeyOptions
        @OptionGroup var authorship: AuthorshipOptions

        func run() throws {
            guard let version = Version(version) else { throw ConductError.invalidVersion(version) }
            let bytes = try readInput(from)
            let who = try authorship.authorship(store: nil)
            let (store, adoption) = try Store.create(
                at: path, bytes: bytes, source: from, documentName: documentName,
                version: version, message: message, authorship: who, secretariatKey: secretariat.secretariatKey)
            let clauses = adoption.changes.filter { !Document.isPartKey($0.clause) }.count
            Terminal.line("Created store \(path) with \(adoption.revision.label) (commit \(adoption.revision.commit.hex.prefix(12))): \(clauses) clause\(clauses == 1 ? "" : "s").")
            Render.assignments(adoption.assignments)
            if let setup = store.createdSecretariatKey { Render.secretariatKey(setup) }
        }
    }
}

import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a store whose first revision is a Markdown file.",
            discussion: """
                Headings without a {#id} get one minted from their words; the store is a bare git repository. \
                With --adopt-existing, marks an existing repository (PATH, default: the one around the current \
                directory) as a store instead: one made by an earlier conduct, or a plain git clone of one.
                """)

        @Argument(help: ArgumentHelp("Where to create the store: a new or empty directory (with --adopt-existing: the repository to adopt).", valueName: "PATH"))
        var path: String?

        @Option(help: ArgumentHelp("The first revision's text (Markdown; - for standard input).", valueName: "FILE"))
        var from: String?

        @Flag(help: "Adopt an existing git repository as a store (its main must hold the document), rather than create one.")
        var adoptExisting = false

        @Flag(help: "With --adopt-existing: adopt a repository whose work tree has main checked out.")
        var force = false

        @Option(help: ArgumentHelp("Its version.", valueName: "X.Y"))
        var version: String = "1.0"

        @Option(help: "The revision's message (default: 'Adopt vX.Y').")
        var message: String?

        @Option(help: ArgumentHelp("The document's file name in the store (default: \(Store.defaultDocumentName); with --adopt-existing, the one Markdown file on main).", valueName: "NAME"))
        var documentName: String?

        @OptionGroup var secretariat: SecretariatKeyOptions
        @OptionGroup var authorship: AuthorshipOptions

        func validate() throws {
            if adoptExisting {
                if from != nil { throw ValidationError("--from makes a new store; --adopt-existing adopts one as it is: give one of them") }
            } else {
                if path == nil { throw ValidationError("Missing expected argument '<path>' (or adopt an existing store with --adopt-existing)") }
                if from == nil { throw ValidationError("Missing expected argument '--from <file>'") }
                if force { throw ValidationError("--force goes with --adopt-existing") }
            }
        }

        func run() throws {
            if adoptExisting {
                let report = try Store.adoptExisting(at: path, currentDirectory: FileManager.default.currentDirectoryPath,
                                                     documentName: documentName, force: force,
                                                     secretariatKey: secretariat.secretariatKey, authorship: try authorship.authorship(store: nil))
                Terminal.line(report.wasAdopted
                    ? "\(report.path) was a store already; its document is \(report.documentName)."
                    : "Adopted \(report.path) as a store; its document is \(report.documentName).")
                Terminal.line(report.establishedAuthority
                    ? "Established the secretariat's authority (record \(report.authority.prefix(12))), endorsing the ledger, main and version tags as they stand."
                    : "It trusts the authority record \(report.authority.prefix(12)) its ledger holds; see 'conduct secretariat show'.")
                if let setup = report.secretariatKey { Render.secretariatKey(setup) }
                return
            }
            guard let path, let from else { throw ValidationError("Missing expected argument '<path>'") }
            guard let version = Version(version) else { throw ConductError.invalidVersion(version) }
            let bytes = try readInput(from)
            let who = try authorship.authorship(store: nil)
            let (store, adoption) = try Store.create(
                at: path, bytes: bytes, source: from, documentName: documentName ?? Store.defaultDocumentName,
                version: version, message: message, authorship: who, secretariatKey: secretariat.secretariatKey)
            let clauses = adoption.changes.filter { !Document.isPartKey($0.clause) }.count
            Terminal.line("Created store \(path) with \(adoption.revision.label) (commit \(adoption.revision.commit.hex.prefix(12))): \(clauses) clause\(clauses == 1 ? "" : "s").")
            Render.assignments(adoption.assignments)
            if let setup = store.createdSecretariatKey { Render.secretariatKey(setup) }
        }
    }
}

import ArgumentParser
import ConductKit

extension Conduct {
    struct Secretariat: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "secretariat",
            abstract: "Show or change the secretariat's keys: the store's root of authority.",
            discussion: """
                Signatory, key, setting and adoption records count only when signed by a secretariat key in force \
                at their time (a key change may instead be signed by one of that signatory's own keys). The keys \
                are named by a chain of authority records, each signed by enough keys of the one before.
                """,
            subcommands: [Show.self, Change.self, Migrate.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "The keys in force, the threshold, and the chain with dates.")
            @Option(help: "Output format.") var format: OutputFormat = .text
            @OptionGroup var options: StoreOptions

            func run() throws {
                let authority = try options.open().authority()
                switch format {
                case .json: try Terminal.json(AuthorityView(authority))
                case .text:
                    AuthorityView.writeText(authority)
                }
            }
        }

        struct Change: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "change",
                abstract: "Add or remove secretariat keys or change the threshold, signed by enough keys in force.")
            @Option(name: .customLong("add-key"), help: ArgumentHelp("A public key to add (repeatable).", valueName: "FILE.pub"))
            var addKey: [String] = []
            @Option(name: .customLong("remove-key"), help: ArgumentHelp("The fingerprint of a key to remove (repeatable).", valueName: "SHA256:..."))
            var removeKey: [String] = []
            @Option(help: ArgumentHelp("How many keys must sign the next change.", valueName: "N")) var threshold: Int?
            @Option(name: .customLong("secretariat-key"), help: ArgumentHelp("A secretariat key in force that signs (repeat for several).", valueName: "FILE"))
            var secretariatKey: [String] = []
            @OptionGroup var authorship: AuthorshipOptions
            @OptionGroup var options: StoreOptions

            func run() throws {
                let store = try options.open()
                let signers = try secretariatKey.isEmpty ? [try store.secretariatKey(explicit: nil)] : secretariatKey.map(readPrivateKey)
                let link = try store.changeSecretariat(adding: try addKey.map(readPublicKey), removing: removeKey, threshold: threshold,
                                                       signers: signers, authorship: try authorship.authorship(store: store))
                Terminal.line("Secretariat changed (authority record \(link.id.prefix(12))): \(link.keys.count) key\(link.keys.count == 1 ? "" : "s"), threshold \(link.threshold)")
            }
        }

        struct Migrate: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "migrate",
                abstract: "Give a store made before records were signed its first authority record.",
                discussion: "The record endorses the ledger, main and version tags as they stand: what is there counts as the secretariat's.")
            @OptionGroup var secretariat: SecretariatKeyOptions
            @OptionGroup var authorship: AuthorshipOptions
            @OptionGroup var options: StoreOptions

            func run() throws {
                let store = secretariat.applied(to: try options.open())
                let record = try store.migrateAuthority(authorship: try authorship.authorship(store: store))
                Terminal.line("Established the secretariat's authority (record \(record.id.prefix(12))), endorsing the ledger, main and version tags as they stand")
            }
        }
    }
}

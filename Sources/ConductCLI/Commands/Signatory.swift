import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif

extension Signatory.Kind: ExpressibleByArgument {
    /// `organization`, the spelling of American English, names the same kind.
    public init?(argument: String) {
        self.init(rawValue: argument == "organization" ? Self.organisation.rawValue : argument)
    }
}

extension Conduct {
    struct SignatoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signatory", abstract: "Register signatories and their keys, and list them.",
            subcommands: [Add.self, KeyCommand.self, List.self, Show.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an organisation or person that attests.")
            @Argument(help: ArgumentHelp("A short id: lowercase letters, digits, '.', '_' or '-'.", valueName: "ID")) var id: String
            @Option(help: "The signatory's name.") var name: String
            @Option(help: "organisation or person.") var kind: Signatory.Kind
            @Option(help: ArgumentHelp("Its first public key (an OpenSSH Ed25519 .pub file).", valueName: "FILE.pub")) var key: String?
            @Option(help: ArgumentHelp("Who may sign for it, as 'NAME <EMAIL>' (repeat for several).", valueName: "IDENTITY"))
            var representative: [String] = []
            @OptionGroup var secretariat: SecretariatKeyOptions
            @OptionGroup var authorship: AuthorshipOptions
            @OptionGroup var options: StoreOptions

            func run() throws {
                let store = secretariat.applied(to: try options.openForWriting())
                let representatives = try representative.map { try Identity(parsing: $0) }
                let signatory = try store.addSignatory(id, name: name, kind: kind, key: try key.map(readPublicKey),
                                                       representatives: representatives,
                                                       authorship: try authorship.authorship(store: store))
                Terminal.line("Registered \(signatory.id) (\(signatory.name))" + (signatory.keys.first.map { " with key \($0.fingerprint)" } ?? ""))
            }
        }

        struct KeyCommand: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "key", abstract: "Add or revoke a signatory's public key.", subcommands: [AddKey.self, RevokeKey.self])

            /// The signatory, its public key file, and who records the change.
            struct KeyArguments: ParsableArguments {
                @Argument(help: ArgumentHelp("The signatory.", valueName: "ID")) var id: String
                @Argument(help: ArgumentHelp("An OpenSSH Ed25519 public key file.", valueName: "FILE.pub")) var file: String
                @Option(name: .customLong("signatory-key"),
                        help: ArgumentHelp("Sign the change with one of the signatory's own keys in force (its private key file) instead of the secretariat's key.", valueName: "FILE"))
                var signatoryKey: String?
                @OptionGroup var secretariat: SecretariatKeyOptions
                @OptionGroup var authorship: AuthorshipOptions
                @OptionGroup var options: StoreOptions

                /// Runs `change` on the store and says what was done.
                func record(_ done: String, _ change: (Store, String, SSHPublicKey, SSHPrivateKey?, String?, Authorship) throws -> Signatory) throws {
                    let store = secretariat.applied(to: try options.openForWriting())
                    let key = try readPublicKey(file)
                    let signing = try signatoryKey.map(readPrivateKey)
                    _ = try change(store, id, key, signing, signatoryKey, try authorship.authorship(store: store))
                    Terminal.line("\(done) key \(key.fingerprint) (\(id))")
                }
            }

            struct AddKey: ParsableCommand {
                static let configuration = CommandConfiguration(commandName: "add", abstract: "Register another public key.")
                @OptionGroup var arguments: KeyArguments

                func run() throws { try arguments.record("Added") { try $0.addKey($1, key: $2, signingKey: $3, signingKeyFile: $4, authorship: $5) } }
            }

            struct RevokeKey: ParsableCommand {
                static let configuration = CommandConfiguration(
                    commandName: "revoke", abstract: "Revoke a public key: what it signs from now on does not count.")
                @OptionGroup var arguments: KeyArguments

                func run() throws { try arguments.record("Revoked") { try $0.revokeKey($1, key: $2, signingKey: $3, signingKeyFile: $4, authorship: $5) } }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered signatories.")
            @Option(help: "Output format.") var format: ListingFormat = .text
            @OptionGroup var options: StoreOptions

            func run() throws {
                let signatories = try options.open().signatories().values.sorted { $0.id < $1.id }
                switch format {
                case .json:
                    Terminal.json(SignatoryView.json(signatories))
                case .csv:
                    CSV.write(signatories.map(\.json), columns: SignatoryView.csvColumns)
                case .text:
                    SignatoryView.writeList(signatories)
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a signatory: representatives and keys.")
            @Argument(help: ArgumentHelp("The signatory.", valueName: "ID")) var id: String
            @Option(help: "Output format.") var format: OutputFormat = .text
            @OptionGroup var options: StoreOptions

            func run() throws {
                let signatory = try options.open().signatory(id)
                switch format {
                case .json:
                    Terminal.json(signatory.json)
                case .text:
                    Terminal.write(SignatoryView.text(signatory))
                }
            }
        }
    }
}

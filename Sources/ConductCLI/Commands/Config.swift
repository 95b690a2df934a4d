import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif

extension Conduct {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Store settings, kept as ledger records.",
            discussion: "attestation.max-age: attestations older than this are expired (365d, 52w, 12h; 0d for none). attestation.grace: how long past the maximum age an attestation still counts. adoption.approvers, adoption.quorum, adoption.editorial-quorum, adoption.consultation, adoption.override: the adoption rule (see 'conduct policy --help' and 'conduct policy show').",
            subcommands: [Set.self, Show.self])

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set", abstract: "Set attestation.max-age, attestation.grace or a part of the adoption rule (adoption.*).")
            @Argument(help: "The setting.") var key: String
            @Argument(help: "A duration: 365d, 52w or 12h (0d for none); for adoption.*, see 'conduct policy --help'.") var value: String
            @OptionGroup var secretariat: SecretariatKeyOptions
            @OptionGroup var authorship: AuthorshipOptions
            @OptionGroup var options: StoreOptions

            func run() throws {
                let store = secretariat.applied(to: try options.openForWriting())
                _ = try store.setSetting(key, value: value, authorship: try authorship.authorship(store: store))
                Terminal.line("Set \(key) to \(value)")
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the settings in force.")
            @OptionGroup var options: StoreOptions

            func run() throws {
                let settings = try options.open().settings()
                Terminal.line("attestation.max-age  \(settings.maximumAge?.description ?? "none")")
                Terminal.line("attestation.grace    \(settings.grace?.description ?? "none")")
                Terminal.line("adoption.*           the adoption rule: see 'conduct policy show'")
            }
        }
    }
}

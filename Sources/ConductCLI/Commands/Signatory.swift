import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif

extension Signatory.Kind: ExpressibleByArgument {}

/// Reads an OpenSSH public key file (`FILE.pub`).
func readPublicKey(_ path: String) throws -> SSHPublicKey {
    let text = String(decoding: try readInput(path), as: UTF8.self)
    do {
        return try SSHPublicKey(openSSHLine: String(text.trimmingSuffix(while: \.isWhitespace)))
    } catch {
        throw ConductError.signing(error, file: path)
    }
}

/// Reads an unencrypted OpenSSH Ed25519 private key, refusing one that others may read (as
/// ssh-keygen does: a key anyone can copy proves nothing about who signed).
func readPrivateKey(_ path: String) throws -> SSHPrivateKey {
    let text = String(decoding: try readInput(path), as: UTF8.self)
    let key: SSHPrivateKey
    do {
        key = try SSHPrivateKey(openSSHText: text)
    } catch {
        throw ConductError.signing(error, file: path)
    }
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
        throw CommandFailure(message: "\(path) can be read by others (mode \(String(status.st_mode & 0o777, radix: 8))); protect it with 'chmod 600 \(path)'")
    }
    return key
}

extension Conduct {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make Ed25519 key pairs for signing attestations.", subcommands: [Generate.self])

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a new OpenSSH Ed25519 key pair: FILE (mode 0600) and FILE.pub.",
                discussion: "The files are the ones ssh-keygen writes: ssh-keygen -y -f FILE reads the key, and ssh-keygen -Y verify checks what it signs.")

            @Option(help: ArgumentHelp("Where to write the private key (FILE.pub gets the public key).", valueName: "FILE"))
            var out: String
            @Option(help: "A comment stored with the key.") var comment = "conduct"

            func run() throws {
                let publicPath = out + ".pub"
                for path in [out, publicPath] where FileKind(atPath: path) != .missing {
                    throw CommandFailure(message: "\(path) exists already; choose another --out, conduct does not overwrite keys")
                }
                let key = SSHPrivateKey.generate(comment: comment)
                try writeNew(out, Array(key.openSSHText.utf8), mode: 0o600)
                try writeNew(publicPath, Array((key.publicKey.openSSHLine + "\n").utf8), mode: 0o644)
                Terminal.line("Wrote \(out) and \(publicPath): \(key.publicKey.fingerprint)")
            }

            /// Creates `path` (never replacing a file) with `mode`, and writes `bytes`.
            private func writeNew(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
                guard descriptor >= 0 else {
                    throw CommandFailure(message: "cannot create \(path): \(String(cString: strerror(errno))); check the folder exists and is writable")
                }
                defer { close(descriptor) }
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                guard written == bytes.count else {
                    throw CommandFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    struct SignatoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signatory", abstract: "Register signatories and their keys, and list them.",
            subcommands: [Add.self, KeyCommand.self, List.self, Show.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register an organisation or person that attests.")
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
            static let configuration = CommandConfiguration(abstract: "List the registered signatories.")
            @Option(help: "Output format.") var format: OutputFormat = .text
            @OptionGroup var options: StoreOptions

            func run() throws {
                let signatories = try options.open().signatories().values.sorted { $0.id < $1.id }
                switch format {
                case .json:
                    JSONValue.object(["signatories": .array(signatories.map(\.json))]).writePretty { Terminal.writeBytes($0) }
                    Terminal.line()
                case .text:
                    if signatories.isEmpty { Terminal.note("No signatories yet; register one with 'conduct signatory add'.") }
                    for signatory in signatories {
                        let keys = signatory.keys.filter { $0.revoked == nil }.count
                        Terminal.line("\(signatory.id)  \(signatory.kind.rawValue)  \(signatory.name)  (\(keys) key\(keys == 1 ? "" : "s") in force)")
                    }
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show a signatory: representatives and keys.")
            @Argument(help: ArgumentHelp("The signatory.", valueName: "ID")) var id: String
            @Option(help: "Output format.") var format: OutputFormat = .text
            @OptionGroup var options: StoreOptions

            func run() throws {
                let signatory = try options.open().signatory(id)
                switch format {
                case .json:
                    signatory.json.writePretty { Terminal.writeBytes($0) }
                    Terminal.line()
                case .text:
                    var out = "\(signatory.id)  \(signatory.name)  (\(signatory.kind.rawValue), registered \(signatory.registered.day))\n"
                    for representative in signatory.representatives { out += "  representative  \(representative)\n" }
                    for key in signatory.keys {
                        let state = key.revoked.map { "revoked \($0)" } ?? "in force"
                        out += "  key  \(key.fingerprint)  added \(key.added)  \(state)\n"
                    }
                    Terminal.write(out)
                }
            }
        }
    }

    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store settings, kept as ledger records.",
            discussion: "attestation.max-age: attestations older than this are expired (365d, 52w, 12h; 0d for none). attestation.grace: how long past the maximum age an attestation still counts.",
            subcommands: [Set.self, Show.self])

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set attestation.max-age or attestation.grace.")
            @Argument(help: "The setting.") var key: String
            @Argument(help: "A duration: 365d, 52w or 12h (0d for none).") var value: String
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
            static let configuration = CommandConfiguration(abstract: "Show the settings in force.")
            @OptionGroup var options: StoreOptions

            func run() throws {
                let settings = try options.open().settings()
                Terminal.line("attestation.max-age  \(settings.maximumAge?.description ?? "none")")
                Terminal.line("attestation.grace    \(settings.grace?.description ?? "none")")
            }
        }
    }
}

extension Signatory {
    var json: JSONValue {
        .object([
            "id": .string(id), "name": .string(name), "kind": .string(kind.rawValue), "registered": .string(registered.description),
            "representatives": .array(representatives.map { .object(["name": .string($0.name), "email": .string($0.email)]) }),
            "keys": .array(keys.map { key in
                var object: [String: JSONValue] = [
                    "fingerprint": .string(key.fingerprint), "key": .string(key.line), "added": .string(key.added.description),
                ]
                if let revoked = key.revoked { object["revoked"] = .string(revoked.description) }
                return .object(object)
            }),
        ])
    }
}

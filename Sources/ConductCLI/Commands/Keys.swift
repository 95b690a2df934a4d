import ArgumentParser
import ConductKit

extension Conduct {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Make Ed25519 key pairs for signing attestations.", subcommands: [Generate.self])

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "generate",
                abstract: "Write a new OpenSSH Ed25519 key pair: FILE (mode 0600) and FILE.pub.",
                discussion: "The files are the ones ssh-keygen writes: ssh-keygen -y -f FILE reads the key, and ssh-keygen -Y verify checks what it signs.")

            @Option(help: ArgumentHelp("Where to write the private key (FILE.pub gets the public key).", valueName: "FILE"))
            var out: String
            @Option(help: "A comment stored with the key.") var comment = "conduct"

            func run() throws {
                let key: SSHPrivateKey
                do throws(KeyFileError) {
                    key = try SSHPrivateKey.writeNewPair(at: out, comment: comment)
                } catch {
                    throw CommandFailure(message: error.description)
                }
                Terminal.line("Wrote \(out) and \(out).pub: \(key.publicKey.fingerprint)")
            }
        }
    }
}

import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif

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
}

import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Verify: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the whole ledger from scratch; exit 1 on any finding.",
            discussion: """
                Every ledger file's name against its content; every record the ledger's history held against \
                its tip; every signature against the key valid for its signatory at signing time; every \
                revision a record names; every attestation's document digest and clause fingerprints; the \
                chain of authority records, and every signatory, key, setting and adoption record against the \
                secretariat keys in force at its time. \
                Fingerprints computed by an earlier fingerprint rule, over a document whose digest \
                still matches, are noted, not found wrong. Every commit on main and every version tag \
                must carry the secretariat's git signature (gpg.format ssh), and each tag must name the \
                revision on main of its version. Every revision adopted while an adoption rule was in force \
                must have waited for its proposal's consultation window, or carry an override the rule allowed. With --write-allowed-signers, only writes the file for \
                git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=FILE verify-commit main.
                """)

        @Option(help: "Output format.") var format: OutputFormat = .text
        @Option(help: ArgumentHelp("Write a git allowed-signers file for the secretariat's keys to FILE, and check nothing.",
                                   valueName: "FILE"))
        var writeAllowedSigners: String?
        @Option(help: ArgumentHelp("A secretariat key fingerprint known out of band: the first authority record must name no other (repeatable).", valueName: "SHA256:..."))
        var authority: [String] = []
        @OptionGroup var options: StoreOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            if let file = writeAllowedSigners {
                let text = try options.open().allowedSigners()
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
                } catch {
                    throw CommandFailure(message: "cannot write \(file): \(error); check the folder exists and is writable")
                }
                Terminal.line("Wrote \(file); check main with: git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=\(file) verify-commit main")
                return
            }
            let report = try options.open().verify(authority: authority)
            switch format {
            case .json:
                Terminal.json(report.json)
            case .text:
                Terminal.write(report.text)
            }
            if !report.isClean { throw ExitCode(1) }
        }
    }
}

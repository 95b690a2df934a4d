import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Exit 0 when a signatory's attestation is current (or current-editorial), 1 otherwise.",
            discussion: "Prints one line of reason: for a signatory's own CI.")

        @Argument(help: ArgumentHelp("The signatory.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let report = try store.status(at: at, now: Timestamp.now, only: [signatory])
            report.noteSkipped()
            guard let row = try report.rows().first else {
                // Not registered: the store's error lists those that are.
                _ = try store.signatory(signatory)
                throw ConductError.unknownSignatory(signatory, known: [])
            }
            Terminal.line("\(row.signatory.id): \(row.state.rawValue) at \(report.revision.label): \(row.reason)")
            if !row.state.isCurrent { throw ExitCode(1) }
        }
    }
}

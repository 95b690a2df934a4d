import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Status: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Who has attested to what, and whether each attestation is still current.",
            discussion: """
                One row per signatory: current, current-editorial (only editorial or non-material changes since), \
                stale (with the clauses changed or added since), expired, withdrawn, never, or invalid (its \
                signature or key does not verify). Only attestations whose signature verifies count.
                """)

        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @Option(help: "Output format.") var format: ListingFormat = .text
        @OptionGroup var options: StoreOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            let report = try options.open().status(at: at, now: Timestamp.now)
            report.noteSkipped()
            switch format {
            case .json:
                try report.writeJSON { Terminal.writeBytes($0) }
            case .csv:
                try report.writeCSV { Terminal.writeBytes($0) }
            case .text:
                try report.writeText()
            }
        }
    }
}

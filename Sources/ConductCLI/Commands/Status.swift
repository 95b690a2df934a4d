import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who has attested to what, and whether each attestation is still current.",
            discussion: """
                One row per signatory: current, current-editorial (only editorial or non-material changes since), \
                stale (with the clauses changed or added since), expired, withdrawn, never, or invalid (its \
                signature or key does not verify). Only attestations whose signature verifies count.
                """)

        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var options: StoreOptions

        /// Says on standard error which ledger files were skipped as not being valid records.
        static func noteSkipped(_ report: StatusReport) {
            guard !report.skipped.isEmpty else { return }
            Terminal.note("conduct: warning: \(report.skipped.count) ledger file\(report.skipped.count == 1 ? " is" : "s are") not a valid record and \(report.skipped.count == 1 ? "was" : "were") skipped; 'conduct verify' lists every finding:")
            for line in report.skipped.prefix(5) { Terminal.note("  \(line)") }
        }

        func run() throws {
            let report = try options.open().status(at: at, now: Timestamp.now)
            Status.noteSkipped(report)
            switch format {
            case .json:
                try report.writeJSON { Terminal.writeBytes($0) }
            case .text:
                // Written in pieces while the rows are judged, like the JSON.
                let width = report.longestID()
                var out = "", empty = true
                try report.forEachRow { row in
                    empty = false
                    let id = row.signatory.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    let state = row.state.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
                    let date = row.attestation.map { $0.time.day } ?? ""
                    out += "\(id)  \(state)  \((row.attested ?? "").padding(toLength: 8, withPad: " ", startingAt: 0))  \(date.padding(toLength: 10, withPad: " ", startingAt: 0))  \(row.reason)\n"
                    if out.utf8.count >= 1 << 16 {
                        Terminal.write(out)
                        out = ""
                    }
                }
                Terminal.write(out)
                if empty { Terminal.note("No signatories yet; register one with 'conduct signatory add'.") }
            }
        }
    }
}

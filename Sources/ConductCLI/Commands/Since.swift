import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Since: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "since",
            abstract: "What changed in a signatory's scope since the revision it attested, substantive first.")

        @Argument(help: ArgumentHelp("The signatory.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var color: ColorOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            let report = try options.open().since(signatory)
            switch format {
            case .json: try Terminal.json(DiffView(report.comparison, clauses: report.clauses))
            case .text:
                let scope = report.attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
                let read = report.reading.map { ", " + $0.summary } ?? ""
                Terminal.note("\(signatory) attested \(report.comparison.old.label) (\(scope)) on \(report.attestation.time.day)\(read)")
                Terminal.write(DiffRenderer(style: .init(color: color.enabled), openComments: [:]).redline(report.comparison, report.clauses))
            }
        }
    }
}

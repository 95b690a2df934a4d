import ArgumentParser
import ConductKit

extension Conduct {
    struct Outline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outline",
            abstract: "Show the clause tree of a revision: level, number, id, heading and short fingerprint.")

        @Argument(help: ArgumentHelp("The revision (default: main).", valueName: "REV"))
        var revision: String?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let revision = try store.resolve(self.revision)
            let outline = ConductKit.Outline(revision: revision, documentName: store.documentName, document: try store.document(at: revision))
            switch format {
            case .json:
                try Terminal.json(outline)
            case .text:
                Terminal.write(OutlineView.text(outline, revision: revision))
            }
        }
    }
}

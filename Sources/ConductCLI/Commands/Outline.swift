import ArgumentParser
import ConductKit

extension Conduct {
    struct Outline: ParsableCommand {
        static let configuration = CommandConfiguration(
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
                var out = "\(revision.label)  \(outline.title)  (\(outline.document), commit \(revision.commit.hex.prefix(12)))\n"
                if let part = outline.frontMatter {
                    out += "\(part.fingerprint.prefix(12))  \(Document.frontMatterKey) \(part.format)\n"
                    for entry in part.entries {
                        let value = entry.value.count > 60 ? String(entry.value.prefix(59)) + "…" : entry.value
                        out += String(repeating: " ", count: 14) + "  \(entry.key): \(value.replacingNewlines)\n"
                    }
                }
                func walk(_ nodes: [ConductKit.Outline.Node], depth: Int) {
                    for node in nodes {
                        let indent = String(repeating: "  ", count: depth)
                        let number = node.number.map { $0 + " " } ?? ""
                        out += "\(node.fingerprint.prefix(12))  \(indent)\(number)\(node.heading)  {#\(node.id)}\n"
                        walk(node.children, depth: depth + 1)
                    }
                }
                walk(outline.clauses, depth: 0)
                Terminal.write(out)
            }
        }
    }
}

private extension String {
    /// The text on one line: each line break shown as "⏎".
    var replacingNewlines: String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ⏎ ") }
}

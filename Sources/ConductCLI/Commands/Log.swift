import ArgumentParser
import ConductKit

extension Conduct {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List adopted revisions, newest first, with the clauses each one changed.")

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("Show at most N revisions.", valueName: "N"))
        var limit: Int?

        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let summaries = try store.log(limit: limit)
            switch format {
            case .json:
                try Terminal.json(LogView(documentName: store.documentName, summaries: summaries))
            case .text:
                var out = ""
                for (index, summary) in summaries.enumerated() {
                    let revision = summary.revision
                    if index > 0 { out += "\n" }
                    out += "\(revision.label)  \(revision.date.day)  \(revision.author)  commit \(revision.commit.hex.prefix(12))"
                    out += "  \(revision.change ?? ClauseChange.rollUp(summary.changes).rawValue)"
                    out += revision.proposal.map { "  proposal \($0)\n" } ?? "\n"
                    for line in revision.message.split(separator: "\n", omittingEmptySubsequences: false) {
                        out += line.isEmpty ? "\n" : "    \(line)\n"
                    }
                    if revision.parent == nil {
                        let count = summary.changes.filter { !Document.isPartKey($0.clause) }.count
                        out += "    initial revision: \(count) clause\(count == 1 ? "" : "s")\n"
                    } else if summary.changes.isEmpty {
                        out += "    no clause changed\n"
                    } else {
                        out += Render.changeSummary(summary.changes, indent: "    ")
                    }
                }
                Terminal.write(out)
            }
        }
    }
}

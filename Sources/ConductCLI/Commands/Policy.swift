import ArgumentParser
import ConductKit

extension Conduct {
    struct Policy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "The adoption rule: who approves, the quorum, the consultation window and overrides.",
            discussion: """
                The rule is made of settings the secretariat signs (conduct config set adoption.KEY VALUE): \
                adoption.approvers (signatory ids, or role:organisation / role:person for every registered \
                signatory of that kind), adoption.quorum (2, or a share such as 2/3), adoption.editorial-quorum \
                (for proposals adopted --non-material; default: the quorum), adoption.consultation (30d: the \
                least time from a proposal's last substantive version to its adoption) and adoption.override \
                (allowed or forbidden, the default). The rule in force when a proposal is adopted is the one \
                that applies to it.
                """,
            subcommands: [Show.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the adoption rule in force (now, at a date, or when a revision was adopted).")
            @Option(help: ArgumentHelp("A revision on main (the rule it was adopted under) or a date (2025-03-01).", valueName: "REV|DATE"))
            var at: String?
            @Option(help: "Output format.") var format: OutputFormat = .text
            @OptionGroup var options: StoreOptions

            func run() throws {
                let report = try options.open().policy(at: at, now: Timestamp.now)
                switch format {
                case .json: Terminal.json(PolicyView.json(report))
                case .text: Terminal.write(PolicyView.text(report))
                }
            }
        }
    }
}

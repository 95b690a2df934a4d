import ArgumentParser
import ConductKit

extension Conduct {
    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject an open proposal (the secretariat's decision).")
        @Argument(help: "The proposal (an id prefix).") var proposal: String
        @Option(help: "Why it is rejected.") var reason: String
        @OptionGroup var secretariat: SecretariatKeyOptions
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            try changeStatus(proposal, to: .rejected, reason: reason, verb: "Rejected", options: options, authorship: authorship,
                             secretariat: secretariat)
        }
    }
}

import ArgumentParser
import ConductKit

extension Conduct {
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw an open proposal (its author's choice).")
        @Argument(help: "The proposal (an id prefix).") var proposal: String
        @Option(help: "Why.") var reason: String?
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func run() throws {
            try changeStatus(proposal, to: .withdrawn, reason: reason, verb: "Withdrew", options: options, authorship: authorship)
        }
    }
}

/// Withdraws, rejects or reopens a proposal and says so: what the three status commands share.
func changeStatus(_ proposal: String, to status: Proposal.Status, reason: String?, verb: String,
                 options: StoreOptions, authorship: AuthorshipOptions, secretariat: SecretariatKeyOptions? = nil) throws {
    let store = try options.openForWriting()
    if let secretariat { _ = secretariat.applied(to: store) }
    let updated = try store.setStatus(proposal, to: status, reason: reason, authorship: try authorship.authorship(store: store))
    Terminal.line("\(verb) \(updated.id): \(updated.title)")
}

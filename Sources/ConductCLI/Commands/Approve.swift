import ArgumentParser
import ConductKit

extension Conduct {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Sign a signatory's approval of a proposal's version, or withdraw it.",
            discussion: """
                The approval is an SSHSIG signature (namespace conduct-approval) over the record without its \
                signature: proposal, version number and commit, the SHA-256 of the text that version holds, \
                signatory, key, time and statement. ssh-keygen -Y verify -n conduct-approval checks it. The key \
                is one registered for the signatory and in force. A new version of the proposal ('conduct \
                revise') makes earlier approvals stale; 'conduct show PROPOSAL' and 'conduct proposals' show \
                each signatory's latest approval and its state (valid, stale, withdrawn, invalid).
                """)

        @Argument(help: ArgumentHelp("The proposal (its id or a unique prefix).", valueName: "PROPOSAL")) var proposal: String
        @Option(name: .customLong("version"), help: ArgumentHelp("The version approved (default: the latest).", valueName: "N"))
        var proposalVersion: Int?
        @Option(name: .customLong("as"), help: ArgumentHelp("The signatory approving.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: ArgumentHelp("The signatory's private key to sign with.", valueName: "PRIVATE_KEY")) var key: String
        @Option(help: "A statement signed with the approval.") var statement: String?
        @Flag(help: "Withdraw the signatory's approval of the proposal instead.") var withdraw = false
        @Option(help: ArgumentHelp("The representative who signs, as 'NAME <EMAIL>' (default: the signatory's first).",
                                   valueName: "IDENTITY")) var by: String?
        @Option(help: ArgumentHelp("When it was decided: YYYY-MM-DD or ISO 8601 (default: now).", valueName: "DATE")) var date: String?
        @OptionGroup var options: StoreOptions

        func validate() throws {
            if withdraw, proposalVersion != nil || statement != nil {
                throw ValidationError("--withdraw takes only --as, --key (and --by, --date)")
            }
            if let proposalVersion, proposalVersion < 1 { throw ValidationError("--version is a version number from 1") }
        }

        func run() throws {
            let store = try options.openForWriting()
            let signer = try readPrivateKey(key)
            let who = try store.signer(for: signatory, given: try AuthorshipOptions.authorship(identity: by, date: date, store: store),
                                       named: by != nil)
            if withdraw {
                let id = try store.withdrawApproval(proposal, as: signatory, key: signer, keyFile: key, authorship: who)
                Terminal.line("Withdrew the approval of \(signatory) (record \(id.prefix(10)))")
                return
            }
            try store.approve(proposal, version: proposalVersion, as: signatory, key: signer, keyFile: key,
                              statement: statement, authorship: who).writeApproved()
        }
    }
}

import ArgumentParser
import ConductKit

extension Conduct {
    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remind",
            abstract: "Write a reminder e-mail to each representative of the signatories that are stale, expired or have never attested.",
            discussion: """
                One RFC 5322 message per representative with an e-mail address, from --as (default: git config \
                user.name and user.email), dated --date (default: now, which also judges expiry): where the \
                signatory stands at the revision, what changed in its scope since it attested (substantive \
                first, as 'conduct since' says), and the 'conduct attest' command that renews it. conduct sends \
                nothing: give each file to 'sendmail -t < FILE' or open it in a mail client. A signatory none of whose \
                representatives has an e-mail address gets no message; standard error names it.

                --out DIR writes one file per message, SIGNATORY--N.eml (N: the representative's place in the \
                signatory's list), with CRLF line ends; DIR is made if missing. Reminders an earlier 'conduct \
                remind' wrote there are replaced, and those this run does not write again are removed, so DIR \
                holds this run's messages only; a DIR that holds any other file is refused and left as it was. \
                --mbox FILE writes every message into one mbox file (mboxrd), or to standard output for '-'; a \
                FILE that holds anything but reminders is refused. Nothing is written into the store, nor into a \
                DIR or FILE inside it.
                """)

        @Option(help: ArgumentHelp("The states to remind, comma-separated: \(AttestationStatus.State.allCases.map(\.rawValue).joined(separator: ", ")).",
                                   valueName: "STATE,..."))
        var states = "stale,expired,never"
        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @Option(help: ArgumentHelp("Write one .eml file per message into this folder.", valueName: "DIR")) var out: String?
        @Option(help: ArgumentHelp("Write every message into this mbox file ('-': standard output).", valueName: "FILE")) var mbox: String?
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func validate() throws {
            guard (out == nil) != (mbox == nil) else { throw ValidationError("give exactly one of --out DIR and --mbox FILE") }
            _ = try selected()
        }

        /// The states `--states` names; an unknown one is refused with those there are.
        private func selected() throws -> Set<AttestationStatus.State> {
            let known = AttestationStatus.State.allCases.map(\.rawValue).joined(separator: ", ")
            let names = states.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { !$0.isWhitespace }) }
            return Set(try names.map { name in
                guard let state = AttestationStatus.State(rawValue: name) else {
                    throw ValidationError("'\(name)' is not a state in --states; the states are \(known)")
                }
                return state
            })
        }

        func run() throws {
            let store = try options.open()
            let sender = try authorship.authorship(store: store)
            let report = try store.reminders(states: try selected(), at: at, now: sender.date, from: sender.author)
            let target: String
            if let out {
                for path in try ReminderFiles.writeFolder(report.reminders, to: out, store: store.path) { Terminal.line(path) }
                target = out
            } else {
                let path = mbox ?? "-"
                try ReminderFiles.writeMailbox(report.reminders, to: path, store: store.path)
                target = path == "-" ? "standard output" : path
            }
            ReminderFiles.summarise(report, into: target)
        }
    }
}

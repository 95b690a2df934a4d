import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Sync: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Fetch from a remote, take in what checks out, push what it lacks, and say what moved.",
            discussion: """
                main and proposals move only by fast-forward: diverged tips are reported and nothing is \
                overwritten (--accept-remote takes the remote's main, keeping the local tip on a backup ref). \
                Incoming ledger records are checked (name against content, record format, signatures) and \
                union-merged; records that fail are kept under refs/conduct/quarantine/REMOTE and reported. \
                While the remote's ledger holds such records, the local ledger is not pushed; once you have looked \
                at them, --replace-remote-ledger replaces the remote's ledger with this store's, which holds every \
                record of the remote's that checked out.
                """)
        @Argument(help: "The remote (default: origin, or the only one).") var remote: String?
        @Flag(help: "Fetch and say what would change, without changing or pushing anything.") var dryRun = false
        @Flag(help: "When main has diverged, take the remote's (the local tip is kept on a backup ref).") var acceptRemote = false
        @Flag(help: "When the remote's ledger holds quarantined records, replace it with this store's (only if this one holds every other record there).")
        var replaceRemoteLedger = false
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            let store = try options.openForWriting()
            let report = try store.sync(try store.syncRemote(remote), dryRun: dryRun, acceptRemote: acceptRemote, replaceRemoteLedger: replaceRemoteLedger,
                                        authorship: try authorship.authorship(store: store))
            switch format {
            case .json:
                Terminal.json(SyncView.json(report))
            case .text:
                Terminal.write(SyncView.text(report))
            }
            if !report.isClean { throw ExitCode(1) }
        }
    }
}

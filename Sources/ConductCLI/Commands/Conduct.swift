import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `conduct` command: a code of conduct under version control.
public struct Conduct: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "conduct",
        abstract: "Keep a code of conduct under version control: revisions, proposals, clause-level history.",
        discussion: """
            A store is a git repository holding every adopted revision of the document, every proposed \
            amendment and a ledger of records. Revisions are named by version (v1.1 or 1.1), commit id \
            prefix, main or main~N; proposals by their id (p...) or any unique prefix of it. The store is \
            found from --store, $CONDUCT_STORE, or the current directory.
            """,
        version: "0.1.0",
        subcommands: [Init.self, Log.self, Show.self, Outline.self, Diff.self, Propose.self, Proposals.self, Revise.self,
                      Approve.self, Adopt.self, Withdraw.self, Reject.self, Reopen.self, CommentCommand.self, Comments.self, Reply.self,
                      Resolve.self, Keys.self, SignatoryCommand.self, Attest.self, Status.self, Check.self, Since.self, Remind.self,
                      Verify.self, Recover.self, Config.self, Policy.self, Secretariat.self, RemoteCommand.self, Clone.self, Sync.self, Import.self, Publish.self,
                      TranslationCommand.self, Translations.self]
    )

    public init() {}

    /// Parses the arguments, runs the command, and maps failures to messages and exit codes:
    /// 2 for a user error (with a message naming the way out), 64 for bad usage.
    public static func runMain() -> Never {
        /// What a write cleared or finished on the way, and ledger files the reads skipped, go to stderr.
        func sayAside() {
            ProgressLine.clear()
            for notice in Store.takeNotices() { Terminal.note("conduct: \(notice)") }
            SkippedRecords.warn()
        }
        do {
            try CommandNames.check(Array(CommandLine.arguments.dropFirst()), root: Conduct.self)
            var command = try parseAsRoot()
            ProgressLine.install(quiet: (command as? ShowsProgress)?.progress.quiet)
            try command.run()
            sayAside()
            Glibc.exit(0)
        } catch let error as ConductError {
            sayAside()
            Terminal.error(error.description)
            Glibc.exit(2)
        } catch let error as CommandFailure {
            sayAside()
            Terminal.error(error.message)
            Glibc.exit(error.code)
        } catch {
            sayAside()
            exit(withError: error)
        }
    }
}

/// A failure the CLI itself detects (not a store error), with its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32 = 2
}

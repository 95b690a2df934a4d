import ArgumentParser
import ConductKit

extension Conduct {
    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recover",
            abstract: "Finish the writes a crash left half done, and clear lock files no writer holds.",
            discussion: """
                Every writing command does this first on its own; 'recover' does only this. It restores \
                a version tag an interrupted adopt left out (or sets aside one it left off main), records \
                the adoption of a proposal that main holds, moves a proposal's ref to the version its \
                latest record names (or removes a ref no record opens), removes staging refs of a sync \
                that did not finish, and removes lock files that no running conduct writer holds. \
                Exits 1 when something is left (another writer is at work: run it again later).
                """)

        @OptionGroup var options: StoreOptions

        func run() throws {
            let left = try options.openForWriting().recover()
            for notice in Store.takeNotices() { Terminal.line(notice) }
            for item in left { Terminal.line("left: \(item)") }
            if left.isEmpty { Terminal.line("nothing half done") }
            if !left.isEmpty { throw ExitCode(1) }
        }
    }
}

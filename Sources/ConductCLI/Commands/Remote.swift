import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct RemoteCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remote", abstract: "Name the stores this one syncs with.", subcommands: [Add.self, Remove.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a remote: a path, file://, git://, ssh:// or https:// URL.")
            @Argument(help: "Its name.") var name: String
            @Argument(help: "Where it is.") var url: String
            @OptionGroup var options: StoreOptions

            func run() throws {
                try options.openForWriting().addRemote(name, url: url)
                Terminal.line("Added remote \(name) (\(Store.displayURL(url)))")
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a remote and what was fetched from it.")
            @Argument(help: "Its name.") var name: String
            @OptionGroup var options: StoreOptions

            func run() throws {
                try options.openForWriting().removeRemote(name)
                Terminal.line("Removed remote \(name)")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the remotes.")
            @OptionGroup var options: StoreOptions

            func run() throws {
                for remote in try options.open().remotes() { Terminal.line("\(remote.name)  \(remote.displayURL)") }
            }
        }
    }
}

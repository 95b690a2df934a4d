import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Clone: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(commandName: "clone", abstract: "Make a new store from another one, which becomes its remote 'origin'.")
        @Argument(help: "The store to copy: a path or a URL.") var url: String
        @Argument(help: "Where to make the new store.") var path: String
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            let (store, report) = try Store.clone(from: url, to: path, authorship: try authorship.authorship(store: nil))
            Terminal.line("Cloned \(Store.displayURL(url)) into \(store.path)")
            Terminal.write(SyncView.text(report))
            if !report.isClean { throw ExitCode(1) }
        }
    }
}

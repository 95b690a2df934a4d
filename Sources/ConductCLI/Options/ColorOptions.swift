import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--color auto|always|never`, shared by every command whose text output has colour.
struct ColorOptions: ParsableArguments {
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: ArgumentHelp(
        "When to colour the output: auto (only on a terminal, and not with NO_COLOR set), always (also into a pipe or a file), or never.",
        valueName: "WHEN"))
    var color: Choice = .auto

    /// Whether standard output gets colour. NO_COLOR (set and not empty) turns off only the
    /// automatic choice: a user who writes `--color always` has said what they want.
    var enabled: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return isatty(STDOUT_FILENO) == 1 && !noColor
        }
    }
}

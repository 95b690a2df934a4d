import Foundation
import Testing

/// The manual page made from the command definitions by `Scripts/manual` (swift-argument-parser's
/// generate-manual plugin), read by `man` as a user reads it.
@Suite("Manual page")
struct ManualTests {
    /// `$CONDUCT_MANUAL` (Scripts/test makes the page and sets it), else where Scripts/manual writes.
    static var page: String {
        if let path = ProcessInfo.processInfo.environment["CONDUCT_MANUAL"], !path.isEmpty { return path }
        return CLI.packageRoot.appendingPathComponent(".build/manual/conduct.1").path
    }

    /// `man -l PAGE` at 80 columns with groff's warnings on, and the page's text.
    static func render() throws -> CLI.Result {
        try #require(FileManager.default.fileExists(atPath: page), "no manual page at \(page): run Scripts/manual (Scripts/test does)")
        return try CLI.run("/usr/bin/env", ["man", "-l", "--warnings", page],
                           environment: ["MANWIDTH": "80", "LC_ALL": "C.UTF-8", "MANPAGER": "cat", "PAGER": "cat"])
    }

    /// Every command the binary defines, depth first (as the page lists them), with its
    /// abstract, from the binary's own description of its commands.
    static func commands() throws -> [(path: String, abstract: String)] {
        let dump = try CLI.succeed(try CLI.conduct(["--experimental-dump-help"]))
        var found: [(path: String, abstract: String)] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            for sub in command["subcommands"] as? [[String: Any]] ?? [] where sub["shouldDisplay"] as? Bool != false {
                let name = sub["commandName"] as? String ?? ""
                found.append(((path + [name]).joined(separator: " "), sub["abstract"] as? String ?? ""))
                walk(sub, path + [name])
            }
        }
        walk(try #require(try CLI.json(dump)["command"] as? [String: Any]), [])
        return found
    }

    /// `text` without white space and without the hyphens groff adds where it breaks a word:
    /// what is left does not depend on where the lines were broken.
    static func squeezed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "\u{2010}" }))
    }

    @Test func theManualRendersWithoutWarnings() throws {
        let result = try Self.render()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "man -l --warnings: \(result.stderr)")
        #expect(result.stdout.hasPrefix("CONDUCT(1)") || result.stdout.contains("\nCONDUCT(1)"), "\(result.stdout.prefix(300))")
        #expect(result.stdout.contains("SYNOPSIS"))
    }

    /// The page is the binary's: every subcommand, nested ones too, is named in its place with
    /// its one-line description exactly as `--help` gives it, so a page made before a command was
    /// added or reworded fails here, and so does a character the page generator dropped.
    @Test func theManualNamesEveryCommandAsTheBinaryDefinesIt() throws {
        let text = Self.squeezed(try Self.render().stdout)
        let commands = try Self.commands()
        #expect(commands.count > 40, "\(commands.map(\.path))")
        for name in ["status", "signatory add", "signatory key revoke", "keys generate", "help"] {
            #expect(commands.contains { $0.path == name }, "the binary defines no '\(name)'")
        }
        var rest = text[...]
        for command in commands {
            let entry = Self.squeezed((command.path.split(separator: " ").last.map(String.init) ?? "") + command.abstract)
            guard let found = rest.range(of: entry) else {
                Issue.record("""
                    the manual page does not name '\(command.path)' with its description "\(command.abstract)" after \
                    the commands before it: make it again with Scripts/manual (help text must be ASCII: the page \
                    generator drops other characters)
                    """)
                continue
            }
            rest = rest[found.upperBound...]
        }
    }
    /// The page generator drops every character outside ASCII, so each help text (abstracts,
    /// discussions, option help, value names) stays ASCII, or the page says less than `--help`.
    @Test func everyHelpTextIsASCII() throws {
        let dump = try CLI.succeed(try CLI.conduct(["--experimental-dump-help"]))
        var offending: [String] = []
        func walk(_ value: Any) {
            if let text = value as? String, !text.unicodeScalars.allSatisfy(\.isASCII) { offending.append(text) }
            if let object = value as? [String: Any] { object.values.forEach(walk) }
            if let array = value as? [Any] { array.forEach(walk) }
        }
        walk(try CLI.json(dump))
        #expect(offending.isEmpty, "help text outside ASCII, which the manual page would lose: \(offending)")
    }
}

import Foundation
import Testing

/// `--color auto|always|never` on the commands that colour a redline (`diff`, `since`): auto
/// colours only a terminal and yields to NO_COLOR; always colours a pipe too, NO_COLOR or not.
@Suite("Colour")
struct ColorTests {
    static let escape = "\u{1B}["

    /// Two files a word apart, so that the redline has something to colour.
    static func files(in directory: TemporaryDirectory) throws -> [String] {
        let old = "# Code\n\n## Reporting {#reporting}\n\nReports are answered within a week.\n"
        return [try directory.write("old.md", old),
                try directory.write("new.md", old.replacingOccurrences(of: "a week", with: "two days"))]
    }

    /// `conduct ARGS` into a pipe, with NO_COLOR set to `noColor`, or unset when nil.
    static func piped(_ arguments: [String], noColor: String?) throws -> CLI.Result {
        guard let noColor else { return try CLI.run("/usr/bin/env", ["-u", "NO_COLOR", CLI.binary] + arguments) }
        return try CLI.conduct(arguments, environment: ["NO_COLOR": noColor])
    }

    /// `conduct ARGS` with standard output a terminal (util-linux's `script` gives it one), with
    /// NO_COLOR as in `piped`; what the terminal showed.
    static func onTerminal(_ arguments: [String], noColor: String?) throws -> String {
        let quoted = ([CLI.binary] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        let command = (noColor.map { "env NO_COLOR='\($0)' " } ?? "env -u NO_COLOR ") + quoted
        return try CLI.succeed(try CLI.run("/usr/bin/env", ["script", "-qec", command, "/dev/null"])).stdout
    }

    @Test func alwaysColoursAPipeEvenWithNoColor() throws {
        let directory = try TemporaryDirectory()
        let diff = ["diff", "--files"] + (try Self.files(in: directory))
        for noColor in [nil, "1"] {
            let result = try CLI.succeed(try Self.piped(diff + ["--color", "always"], noColor: noColor))
            #expect(result.stdout.contains(Self.escape + "31;9m"), "NO_COLOR=\(noColor ?? "(unset)"): \(result.stdout)")
            #expect(result.stdout.contains(Self.escape + "32;4m") && !result.stdout.contains("[-"))
        }
    }

    @Test func neverAndAutoLeaveAPipePlain() throws {
        let directory = try TemporaryDirectory()
        let diff = ["diff", "--files"] + (try Self.files(in: directory))
        for (extra, noColor) in [(["--color", "never"], nil), ([], nil), (["--color", "auto"], nil), ([], "1"), ([], "")] as [([String], String?)] {
            let result = try CLI.succeed(try Self.piped(diff + extra, noColor: noColor))
            #expect(!result.stdout.contains("\u{1B}"), "\(extra), NO_COLOR=\(noColor ?? "(unset)"): \(result.stdout)")
            #expect(result.stdout.contains("[-a week-]{+two days+}"), "\(result.stdout)")
        }
    }

    /// On a terminal, auto colours unless NO_COLOR is set and not empty; never stays plain.
    @Test func autoColoursATerminalUnlessNoColor() throws {
        let directory = try TemporaryDirectory()
        let diff = ["diff", "--files"] + (try Self.files(in: directory))
        #expect(try Self.onTerminal(diff, noColor: nil).contains(Self.escape + "31;9m"))
        #expect(try Self.onTerminal(diff, noColor: "").contains(Self.escape + "31;9m"))
        #expect(!(try Self.onTerminal(diff, noColor: "1").contains("\u{1B}")))
        #expect(!(try Self.onTerminal(diff + ["--color", "never"], noColor: nil).contains("\u{1B}")))
        #expect(try Self.onTerminal(diff + ["--color", "always"], noColor: "1").contains(Self.escape + "31;9m"))
    }

    @Test func sinceTakesTheSameChoice() throws {
        let directory = try TemporaryDirectory()
        let store = try AttestationTests.store(in: directory)
        let key = try AttestationTests.register("acme", in: directory, store: store)
        try AttestationTests.attest("acme", key: key, store: store, ["--date", "2023-11-02"])
        try CLI.succeed(try CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.2"), "--version", "1.2",
                                         "--date", "2025-02-07"]))
        let since = ["since", "acme", "--store", store]
        #expect(try CLI.succeed(try Self.piped(since + ["--color", "always"], noColor: "1")).stdout.contains(Self.escape))
        #expect(!(try CLI.succeed(try Self.piped(since, noColor: nil)).stdout.contains("\u{1B}")))
        #expect(!(try Self.onTerminal(since + ["--color", "never"], noColor: nil).contains("\u{1B}")))
        #expect(try Self.onTerminal(since, noColor: nil).contains(Self.escape))
    }

    @Test func anUnknownChoiceIsAUsageError() throws {
        let result = try CLI.conduct(["diff", "--files", "a.md", "b.md", "--color", "sometimes"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("auto") && result.stderr.contains("always") && result.stderr.contains("never"), "\(result.stderr)")
    }
}

import Foundation
import Testing

/// The completion scripts `conduct --generate-completion-script SHELL` writes, read by the
/// shells they are for. zsh and fish are checked where installed (`CONDUCT_TEST=1 Scripts/setup`
/// installs them); bash is always there.
@Suite("Shell completion")
struct CompletionTests {
    static func installed(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

    /// The script for `shell`, written to a file in `directory`.
    static func script(_ shell: String, in directory: TemporaryDirectory) throws -> String {
        let result = try CLI.succeed(try CLI.conduct(["--generate-completion-script", shell]))
        #expect(result.stdout.contains("conduct"))
        return try directory.write("conduct.\(shell)", result.stdout)
    }

    /// What bash offers for the last word of `words`, through the function the script registers
    /// for conduct (as `complete -p conduct` names it), called the way bash's completion calls it.
    static func bashCompletions(_ script: String, _ words: [String]) throws -> (registered: String, offered: [String]) {
        let program = #"""
            source "$1"; shift
            spec=$(complete -p conduct) || exit 3
            echo "$spec"
            function=$(sed -n 's/.* -F \([^ ]*\) .*/\1/p' <<<"$spec")
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
            COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            "$function" conduct "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """#
        let result = try CLI.succeed(try CLI.run("/bin/bash", ["-c", program, "bash", script] + words))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        return (lines.first ?? "", Array(lines.dropFirst()))
    }

    @Test func bashReadsItsScriptAndCompletesCommandsAndOptions() throws {
        let directory = try TemporaryDirectory()
        let script = try Self.script("bash", in: directory)
        let syntax = try CLI.run("/bin/bash", ["-n", script])
        #expect(syntax.status == 0, "bash -n: \(syntax.stderr)")

        let status = try Self.bashCompletions(script, ["conduct", "sta"])
        #expect(status.registered.contains("-F ") && status.registered.hasSuffix(" conduct"), "\(status.registered)")
        #expect(status.offered == ["status"], "\(status.offered)")
        #expect(try Self.bashCompletions(script, ["conduct", "signatory", "a"]).offered == ["add"])
        #expect(try Self.bashCompletions(script, ["conduct", "diff", "--col"]).offered == ["--color"])
    }

    @Test(.enabled(if: installed("zsh"), "zsh is not installed (CONDUCT_TEST=1 Scripts/setup installs it)"))
    func zshReadsItsScript() throws {
        let directory = try TemporaryDirectory()
        let script = try Self.script("zsh", in: directory)
        #expect(try String(contentsOfFile: script, encoding: .utf8).hasPrefix("#compdef conduct"))
        let syntax = try CLI.run("/usr/bin/env", ["zsh", "-n", script])
        #expect(syntax.status == 0, "zsh -n: \(syntax.stderr)")
    }

    @Test(.enabled(if: installed("fish"), "fish is not installed (CONDUCT_TEST=1 Scripts/setup installs it)"))
    func fishReadsItsScriptAndCompletesCommands() throws {
        let directory = try TemporaryDirectory()
        let script = try Self.script("fish", in: directory)
        let syntax = try CLI.run("/usr/bin/env", ["fish", "--no-execute", script])
        #expect(syntax.status == 0, "fish --no-execute: \(syntax.stderr)")
        // fish runs `conduct` itself for some completions: give it the built binary's folder.
        let folder = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        let path = folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let offered = try CLI.succeed(try CLI.run("/usr/bin/env", ["fish", "--no-config", "-c", #"source $argv[1]; complete -C "conduct sta""#, script],
                                                  environment: ["PATH": path]))
        let names = offered.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) ?? "" }
        #expect(names == ["status"], "\(offered.stdout)")
    }
}

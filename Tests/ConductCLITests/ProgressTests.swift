import Foundation
import Testing

/// Long work says how far it has come on standard error when that is a terminal, and only then:
/// with `--quiet`, or with standard error a pipe, nothing is said, and standard output is the
/// same byte for byte in all three.
///
/// The terminal is a real pseudo-terminal (Python's pty module) holding standard error alone;
/// standard output goes to a file. `CONDUCT_PROGRESS_INTERVAL=0` makes every report drawn.
@Suite("Progress on a terminal")
struct ProgressTests {
    static let erase = "\r\u{1B}[K"

    /// Runs `conduct ARGS` with standard error on a pseudo-terminal 200 columns wide.
    static func underTerminal(_ arguments: [String], in directory: TemporaryDirectory) throws -> CLI.Result {
        let script = """
            import fcntl, os, struct, subprocess, sys, termios, tty
            master, slave = os.openpty()
            tty.setraw(slave)
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
            with open(sys.argv[1], "wb") as out:
                child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out, stderr=slave)
            os.close(slave)
            said = bytearray()
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                said += chunk
            sys.stderr.buffer.write(bytes(said))
            sys.exit(child.wait())
            """
        let output = directory.path("terminal-stdout")
        let result = try CLI.run("/usr/bin/env", ["python3", "-c", script, output, CLI.binary] + arguments,
                                 environment: CLI.identity.merging(["TERM": "xterm", "CONDUCT_PROGRESS_INTERVAL": "0"]) { $1 })
        let stdout = try Data(contentsOf: URL(fileURLWithPath: output))
        return CLI.Result(stdout: String(decoding: stdout, as: UTF8.self), stderr: result.stderr, status: result.status, stdoutBytes: stdout)
    }

    /// `conduct ARGS` three times, `prepare` run before each: under a terminal, under a terminal
    /// with `--quiet`, and with standard error a pipe. Requires the same exit status and standard
    /// output of all three, no progress from the last two, and standard error under the terminal
    /// to be theirs once its progress lines are taken out, the last one erased. Returns the
    /// progress lines drawn.
    /// A line of standard output that starts with `clock` tells the time it ran, and is not compared.
    static func progress(_ arguments: [String], in directory: TemporaryDirectory, clock: String? = nil,
                         prepare: () throws -> Void = {}) throws -> [String] {
        try prepare()
        let shown = try underTerminal(arguments, in: directory)
        try prepare()
        let quiet = try underTerminal(arguments + ["--quiet"], in: directory)
        try prepare()
        let piped = try CLI.conduct(arguments, environment: ["TERM": "xterm", "CONDUCT_PROGRESS_INTERVAL": "0"])
        let command = arguments.prefix(2).joined(separator: " ")
        func compared(_ output: Data) -> Data {
            guard let clock else { return output }
            return Data(output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .filter { !$0.starts(with: Array(clock.utf8)) }.joined(separator: [UInt8(ascii: "\n")]))
        }
        #expect(shown.status == piped.status && quiet.status == piped.status, "\(command): \(shown.stderr) \(quiet.stderr) \(piped.stderr)")
        #expect(compared(shown.stdoutBytes) == compared(piped.stdoutBytes), "\(command): standard output under a terminal differs")
        #expect(compared(quiet.stdoutBytes) == compared(piped.stdoutBytes), "\(command): standard output with --quiet differs")
        #expect(!piped.stdoutBytes.isEmpty)
        for (name, result) in [("--quiet", quiet), ("a pipe", piped)] {
            #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "\(command) with \(name): \(result.stderr.debugDescription)")
        }
        // Each drawing starts with an erase and holds no newline; everything else is what the
        // command says without a terminal.
        let pieces = shown.stderr.components(separatedBy: erase)
        let lines = pieces.dropFirst().filter { !$0.isEmpty && !$0.contains("\n") }
        let rest = ([pieces[0]] + pieces.dropFirst().filter { $0.contains("\n") }).joined()
        #expect(rest == piped.stderr, "\(command): \(shown.stderr.debugDescription)")
        #expect(pieces.count == 1 || pieces.last == "" || pieces.last?.hasSuffix("\n") == true,
                "\(command): the last progress line is left on the screen: \(shown.stderr.debugDescription)")
        #expect(!lines.isEmpty, "\(command) drew no progress: \(shown.stderr.debugDescription)")
        return lines
    }

    /// The lines of `lines` that start with `phase: `.
    static func phase(_ phase: String, in lines: [String]) -> [String] {
        lines.filter { $0.hasPrefix(phase + ": ") }
    }

    /// A bare repository holding a generated history of `revisions` revisions, and its number of changes of the document.
    static func history(_ revisions: Int, in directory: TemporaryDirectory) throws -> (path: String, changes: Int) {
        let source = directory.path("source.git")
        try CLI.succeed(CLI.git(["init", "--quiet", "--bare", "--initial-branch=main", source]))
        let stream = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-history").path, "\(revisions)", "12"])
        try #require(stream.status == 0, "\(stream.stderr)")
        try #require(try CLI.run("/usr/bin/env", ["git", "-C", source, "fast-import", "--quiet"], stdin: stream.stdoutBytes).status == 0)
        let changes = try CLI.succeed(CLI.git(["-C", source, "rev-list", "--count", "main", "--", "CODE_OF_CONDUCT.md"]))
        return (source, try #require(Int(changes.stdout.trimmingCharacters(in: .whitespacesAndNewlines))))
    }

    static func count(_ text: String) -> Int? { Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) }

    @Test func aColdStatusShowsTheLedgerReadOnlyOnATerminal() throws {
        let directory = try TemporaryDirectory()
        let store = try LedgerScaleTests.ledgerOf(300, in: directory)
        let signatories = try CLI.succeed(CLI.git(["-C", store, "ls-tree", "--name-only", "refs/conduct/records:signatories"]))
            .stdout.split(separator: "\n").count
        #expect(signatories == 300)
        for format in ["text", "json"] {
            let lines = try Self.progress(["status", "--store", store, "--format", format], in: directory,
                                          clock: format == "json" ? "  \"now\" : " : nil) {
                try? FileManager.default.removeItem(atPath: store + "/conduct-cache")
            }
            let read = Self.phase("reading the ledger", in: lines)
            #expect(!read.isEmpty && read.allSatisfy { $0.contains(" of \(signatories) signatories") }, "\(lines)")
            #expect(read.last?.hasPrefix("reading the ledger: \(signatories) of \(signatories) signatories") == true, "\(lines)")
        }
        // verify reads every signatory's registration and attestation folders, trusting no cache.
        let folders = try ["signatories", "attestations"].map { folder in
            try CLI.succeed(CLI.git(["-C", store, "ls-tree", "--name-only", "refs/conduct/records:" + folder])).stdout.split(separator: "\n").count
        }.reduce(0, +)
        let verified = Self.phase("checking the ledger", in: try Self.progress(["verify", "--store", store], in: directory))
        #expect(verified.last?.hasPrefix("checking the ledger: \(folders) of \(folders) folders") == true, "\(verified)")
    }

    @Test func importPublishAndLogShowWhatTheyDo() throws {
        let directory = try TemporaryDirectory()
        let (source, changes) = try Self.history(40, in: directory)
        let key = directory.path("secretariat")
        try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
        let store = directory.path("store.git")
        let importing = ["import", "--from-git", source, "--path", "CODE_OF_CONDUCT.md", "--store", store, "--secretariat-key", key]
        let imported = try Self.progress(importing, in: directory) { try? FileManager.default.removeItem(atPath: store) }
        let written = Self.phase("writing revisions", in: imported)
        #expect(written.last?.hasPrefix("writing revisions: \(changes) of \(changes) revisions") == true, "\(imported)")
        #expect(Self.phase("reading the changes", in: imported).allSatisfy { $0.contains(" of \(changes) changes") }, "\(imported)")

        let revisions = try #require(Self.count(try CLI.succeed(CLI.git(["-C", store, "rev-list", "--count", "main"])).stdout))
        let published = try Self.progress(["publish", "--store", store, "--out", directory.path("site"), "--date", "2026-01-01"], in: directory)
        let pages = Self.phase("writing revision pages", in: published)
        #expect(pages.last?.hasPrefix("writing revision pages: \(revisions) of \(revisions) revisions") == true, "\(published)")

        // The summaries import wrote are gone: the first log computes every one.
        let logged = try Self.progress(["log", "--store", store], in: directory) {
            try? FileManager.default.removeItem(atPath: store + "/conduct-cache")
        }
        let summaries = Self.phase("summarising revisions", in: logged)
        #expect(summaries.last?.hasPrefix("summarising revisions: \(revisions) of \(revisions) revisions") == true, "\(logged)")

        // Each comment thread is anchored in today's text.
        let clause = try #require((try CLI.json(try CLI.succeed(CLI.conduct(["outline", "main", "--store", store, "--format", "json"])))["clauses"]
            as? [[String: Any]])?.first?["id"] as? String)
        for number in 1...12 {
            try CLI.succeed(CLI.conduct(["comment", "main", "--clause", clause, "--message", "Remark \(number)", "--store", store]))
        }
        let threads = Self.phase("anchoring comments", in: try Self.progress(["comments", "--store", store], in: directory))
        #expect(threads.last?.hasPrefix("anchoring comments: 12 of 12 threads") == true, "\(threads)")
    }

    @Test func cloneAndSyncOverAPathShowTheTransfer() throws {
        let directory = try TemporaryDirectory()
        let (source, _) = try Self.history(40, in: directory)
        try CLI.succeed(CLI.git(["-C", source, "branch", "early", "main~20"]))
        let key = directory.path("secretariat")
        try CLI.succeed(CLI.conduct(["keys", "generate", "--out", key]))
        let hub = directory.path("hub.git")
        let importing = ["import", "--from-git", source, "--path", "CODE_OF_CONDUCT.md", "--store", hub, "--secretariat-key", key]
        try CLI.succeed(CLI.conduct(importing + ["--branch", "early"]))

        // The clone copies the store, then summarises every revision for its first log.
        let copy = directory.path("copy.git")
        let revisions = try #require(Self.count(try CLI.succeed(CLI.git(["-C", hub, "rev-list", "--count", "main"])).stdout))
        let cloned = try Self.progress(["clone", hub, copy], in: directory) { try? FileManager.default.removeItem(atPath: copy) }
        #expect(Self.phase("receiving objects from origin", in: cloned).last?.contains(" objects") == true, "\(cloned)")
        #expect(Self.phase("summarising revisions", in: cloned).last?.hasPrefix("summarising revisions: \(revisions) of \(revisions) revisions") == true,
                "\(cloned)")

        // The hub moves on; a sync of the copy receives what it lacks, every object it was told of.
        try CLI.succeed(CLI.conduct(importing))
        let kept = directory.path("copy-before-sync.git")
        try FileManager.default.copyItem(atPath: copy, toPath: kept)
        let synced = try Self.progress(["sync", "--store", copy], in: directory) {
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: kept, toPath: copy)
        }
        let received = Self.phase("receiving objects from origin", in: synced)
        let last = try #require(received.last, "\(synced)")
        let numbers = last.split(separator: " ").compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
        #expect(numbers.count >= 2 && numbers[0] == numbers[1] && numbers[0] > 0, "\(last)")
        #expect(last.contains(" of ") && last.contains(" objects, "), "\(last)")
    }
}

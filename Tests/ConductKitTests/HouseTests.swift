import Foundation
import Testing

/// The house rules of the code, checked on the sources themselves: each room holds what its
/// name says and uses only what it may. A rule broken here is a design decision to take in
/// the open (change the rule, and the README's code layout table, in the same commit).
@Suite("House rules")
struct HouseTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// The Swift files under `folder` (relative to Sources), with their text.
    static func files(_ folder: String) throws -> [(name: String, text: String)] {
        let root = folder.isEmpty ? sources : sources.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return try walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map {
            ((folder.isEmpty ? "" : folder + "/") + $0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// Lines of `text` that are code: not blank, not comments.
    static func codeLines(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter {
            let line = $0.drop(while: \.isWhitespace)
            return !line.isEmpty && !line.hasPrefix("//")
        }
    }

    /// The façade and the rooms this layout split stay in files a reader takes in at once;
    /// no file anywhere grows past 450 lines.
    @Test(arguments: [("ConductKit/Store", 300), ("ConductKit/Publish", 300), ("ConductKit/Currency", 300),
                      ("ConductKit/Sync", 300), ("ConductKit/Import", 300), ("ConductCLI", 300), ("", 450)])
    func filesStaySmall(_ folder: String, _ limit: Int) throws {
        let files = try Self.files(folder)
        #expect(!files.isEmpty)
        for file in files {
            let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            #expect(lines <= limit, "\(file.name) has \(lines) lines; files in \(folder.isEmpty ? "Sources" : folder) stay at \(limit) or under")
        }
    }

    /// A newcomer finds a command in one hop: each subcommand is in `Commands/` in a file named
    /// after it (`conduct status` in Status.swift), its own subcommands beside it.
    @Test func eachSubcommandHasAFileNamedForIt() throws {
        let commands = try Self.files("ConductCLI/Commands")
        #expect(commands.count >= 30)
        for file in commands {
            let base = String(file.name.split(separator: "/").last!.dropLast(".swift".count))
            // The subcommands are the structs one level inside `extension Conduct`.
            for line in file.text.split(separator: "\n") {
                guard let match = line.wholeMatch(of: #/\s{4}(?:public )?struct (\w+): ParsableCommand.*/#) else { continue }
                let name = String(match.1)
                #expect(name == base || name == base + "Command", "\(file.name) holds the subcommand \(name)")
            }
        }
        for file in try Self.files("ConductCLI/Output") + Self.files("ConductCLI/Options") {
            #expect(!file.text.contains(": ParsableCommand"), "\(file.name) holds a command; commands live in Commands/")
        }
    }

    @Test func recordsDependOnNoStore() throws {
        for file in try Self.files("ConductKit/Records") {
            for line in Self.codeLines(file.text) where line.contains("Store.") || line.contains("extension Store") || line.contains(": Store") {
                Issue.record("\(file.name) reaches the store: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test func publishRendersAndNeverDiffs() throws {
        for file in try Self.files("ConductKit/Publish") {
            for line in Self.codeLines(file.text) where line.contains("Differ(") || line.contains("store.") {
                Issue.record("\(file.name) diffs or calls the store: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test func onlyGitAndConductKitImportLibgit2() throws {
        for file in try Self.files("ConductCLI") + Self.files("conduct") {
            for line in file.text.split(separator: "\n") where line.hasPrefix("import Git") || line.contains("import CLibGit2") {
                Issue.record("\(file.name) imports git: \(line)")
            }
        }
        for file in try Self.files("ConductKit") {
            for line in file.text.split(separator: "\n") where line.contains("import CLibGit2") || line.hasPrefix("public import Git") {
                Issue.record("\(file.name) imports libgit2 or re-exports Git: \(line)")
            }
        }
    }

    @Test func conductKitNeverPrints() throws {
        for file in try Self.files("ConductKit") {
            for line in Self.codeLines(file.text) where line.contains(/(^|[^A-Za-z_.])(print|debugPrint|dump)\(/) || line.contains("FileHandle.standardOutput") {
                Issue.record("\(file.name) prints: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }
}

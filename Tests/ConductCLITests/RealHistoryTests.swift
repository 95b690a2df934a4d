import Foundation
import Testing

/// Codes of conduct as real projects wrote them (Fixtures/RealHistories, see its README):
/// every hand-labelled pair of consecutive versions is compared with `diff --files` and must
/// get the reader's label, and every shipped run of versions is rebuilt as a git history and
/// taken through `import`, `log`, `publish` and `git fsck --strict`.
@Suite("Real histories")
struct RealHistoryTests {
    static let root = CLI.packageRoot.appendingPathComponent("Tests/ConductCLITests/Fixtures/RealHistories")

    struct Pair: Sendable {
        var repository, path, oldCommit, newCommit, oldFile, newFile, label, reason: String
    }

    struct Version: Sendable {
        var index: Int
        var commit, path, author, email, date, subject, file: String
    }

    /// A consecutive run of versions of one file of one repository.
    struct Chain: Sendable, CustomTestStringConvertible {
        var folder: String    // owner-repo/file
        var repository: String
        var versions: [Version]
        var testDescription: String { folder }
    }

    static func rows(_ file: URL) -> [[String]] {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    static let pairs: [Pair] = rows(root.appendingPathComponent("labels.tsv")).map {
        Pair(repository: $0[0], path: $0[1], oldCommit: $0[2], newCommit: $0[3], oldFile: $0[4], newFile: $0[5], label: $0[6], reason: $0[7])
    }

    static let chains: [Chain] = {
        let manager = FileManager.default
        var chains: [Chain] = []
        for owner in ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            let note = root.appendingPathComponent("\(owner)/LICENSE-NOTE")
            guard let license = try? String(contentsOf: note, encoding: .utf8),
                  let start = license.range(of: "https://github.com/")?.upperBound,
                  let repository = license[start...].split(whereSeparator: { $0 == " " || $0 == "\n" }).first
            else { continue }
            for file in ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(owner).path)) ?? []).sorted() {
                let history = root.appendingPathComponent("\(owner)/\(file)/history.tsv")
                guard manager.fileExists(atPath: history.path) else { continue }
                let versions = rows(history).map {
                    Version(index: Int($0[0]) ?? 0, commit: $0[1], path: $0[2], author: $0[3], email: $0[4], date: $0[5], subject: $0[6], file: $0[7])
                }
                chains.append(Chain(folder: "\(owner)/\(file)", repository: String(repository), versions: versions))
            }
        }
        return chains
    }()

    static func bytes(_ relative: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relative))
    }

    /// The first line of a command's complaint, for the table.
    static func complaint(_ result: CLI.Result) -> String {
        let text = result.stderr.isEmpty ? result.stdout : result.stderr
        let line = text.split(separator: "\n").first.map(String.init) ?? "exit \(result.status), no message"
        return line.replacingOccurrences(of: root.path + "/", with: "")
    }

    /// The labels cover five repositories or more, a Japanese or Chinese and a right-to-left
    /// history, and every labelled pair is two consecutive, different versions of one file.
    @Test func theLabelledPairsAreConsecutiveVersionsOfRealFiles() throws {
        #expect(Self.pairs.count >= 36)
        #expect(Set(Self.pairs.map(\.repository)).count >= 5)
        #expect(Set(Self.chains.map(\.repository)).count >= 5)
        #expect(Self.pairs.contains { $0.path.hasSuffix("ja.md") || $0.path.contains("zh-cn") })
        #expect(Self.pairs.contains { $0.path.hasSuffix("ar.md") || $0.path.contains(".iw.") })
        for pair in Self.pairs {
            #expect(["editorial", "substantive"].contains(pair.label), "\(pair.oldFile): label \(pair.label)")
            #expect(try Self.bytes(pair.oldFile) != Self.bytes(pair.newFile), "\(pair.newFile) equals the version before")
            let folder = (pair.newFile as NSString).deletingLastPathComponent
            let chain = Self.chains.first { $0.folder == folder }
            let old = chain?.versions.first { $0.commit == pair.oldCommit }, new = chain?.versions.first { $0.commit == pair.newCommit }
            #expect(chain?.repository == pair.repository && old != nil && new?.index == (old?.index ?? -1) + 1 && new?.path == pair.path,
                    "\(pair.oldFile) -> \(pair.newFile) are not consecutive versions of \(pair.path) in \(folder)")
        }
    }

    // MARK: Labelled pairs

    /// `diff --files` on every labelled pair: exit 0 and the document's significance equal to
    /// the label (`substantive`, or `editorial`/`none` for an editorial label). The whole table
    /// and the per-repository counts are printed before anything is asserted.
    @Test func diffGivesEveryLabelledPairItsLabel() throws {
        struct Row { var pair: Pair; var status: Int32; var verdict: String; var problem: String }
        var table: [Row] = []
        for pair in Self.pairs {
            let result = try CLI.conduct(["diff", "--files", Self.root.appendingPathComponent(pair.oldFile).path,
                                          Self.root.appendingPathComponent(pair.newFile).path, "--format", "json"])
            var verdict = "-", problem = ""
            if result.status == 0,
               let json = try? JSONSerialization.jsonObject(with: result.stdoutBytes) as? [String: Any],
               let significance = json["significance"] as? String {
                verdict = significance == "substantive" ? "substantive" : "editorial"
            } else {
                problem = Self.complaint(result)
            }
            table.append(Row(pair: pair, status: result.status, verdict: verdict, problem: problem))
        }

        var report = "Real histories: diff --files on \(table.count) labelled pairs\n"
        for row in table {
            let mark = row.verdict == row.pair.label ? "ok " : "BAD"
            let name = "\(row.pair.oldFile) -> \((row.pair.newFile as NSString).lastPathComponent)"
            report += "\(mark) \(name)  label \(row.pair.label), got \(row.status == 0 ? row.verdict : "exit \(row.status): \(row.problem)")"
            report += row.verdict == row.pair.label ? "\n" : "  [\(row.pair.reason)]\n"
        }
        report += "repository                          labelled  editorial  substantive  right  exit≠0  substantive called editorial\n"
        for repository in Array(Set(table.map(\.pair.repository))).sorted() {
            let rows = table.filter { $0.pair.repository == repository }
            func column(_ value: Int, _ width: Int) -> String { String(value).padding(toLength: width, withPad: " ", startingAt: 0) }
            let editorial = rows.filter { $0.pair.label == "editorial" }.count
            let right = rows.filter { $0.verdict == $0.pair.label }.count
            let failed = rows.filter { $0.status != 0 }.count
            let missed = rows.filter { $0.pair.label == "substantive" && $0.verdict == "editorial" }.count
            let line: [String] = [repository.padding(toLength: 36, withPad: " ", startingAt: 0), column(rows.count, 10), column(editorial, 11),
                                  column(rows.count - editorial, 13), column(right, 7), column(failed, 8), String(missed)]
            report += line.joined() + "\n"
        }
        print(report, terminator: "")

        // Never a change of meaning called editorial.
        let missed = table.filter { $0.pair.label == "substantive" && $0.verdict == "editorial" }
        #expect(missed.isEmpty, "substantive changes called editorial: \(missed.map { "\($0.pair.newFile) (\($0.pair.reason))" })")
        for row in table {
            #expect(row.status == 0, "diff --files \(row.pair.oldFile) \(row.pair.newFile): \(row.problem)")
            #expect(row.status != 0 || row.verdict == row.pair.label,
                    "\(row.pair.newFile): labelled \(row.pair.label) (\(row.pair.reason)), diff says \(row.verdict)")
        }
    }

    // MARK: Histories rebuilt

    /// Commits one version per commit into a new repository with the original author, date and
    /// subject, following the file's renames; returns the repository, the file's last path, and
    /// the versions whose commit changed the file (first, new bytes or a new path).
    static func rebuild(_ chain: Chain, in directory: TemporaryDirectory) throws -> (repo: String, path: String, committed: [String: Version]) {
        let repo = directory.path("source")
        try #require(try CLI.git(["init", "-q", "-b", "main", repo]).status == 0)
        var committed: [String: Version] = [:]
        var previous: (path: String, bytes: Data)?
        for version in chain.versions {
            let bytes = try bytes("\(chain.folder)/\(version.file)")
            if let previous, previous.path == version.path, previous.bytes == bytes { continue }
            if let previous, previous.path != version.path {
                try #require(try CLI.git(["-C", repo, "rm", "-q", previous.path]).status == 0)
            }
            let target = URL(fileURLWithPath: repo).appendingPathComponent(version.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: target)
            try #require(try CLI.git(["-C", repo, "add", version.path]).status == 0)
            let environment = ["GIT_AUTHOR_NAME": version.author, "GIT_AUTHOR_EMAIL": version.email, "GIT_AUTHOR_DATE": version.date,
                               "GIT_COMMITTER_NAME": version.author, "GIT_COMMITTER_EMAIL": version.email, "GIT_COMMITTER_DATE": version.date]
            let message = "\(version.subject)\n\nVersion \(version.index) of \(version.path), from \(chain.repository) commit \(version.commit).\n"
            let commit = try CLI.run("/usr/bin/env", ["git", "-C", repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message],
                                     environment: environment)
            try #require(commit.status == 0, "\(commit.stderr)")
            let head = try CLI.git(["-C", repo, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            committed[head] = version
            previous = (version.path, bytes)
        }
        return (repo, previous?.path ?? "", committed)
    }

    @Test(arguments: RealHistoryTests.chains)
    func aRealHistoryImportsLogsPublishesAndChecks(_ chain: Chain) throws {
        let directory = try TemporaryDirectory()
        let (repo, path, committed) = try Self.rebuild(chain, in: directory)
        let store = directory.path("store.git")

        // Every commit that changed the file is a revision, or is left out only as identical.
        let imported = try CLI.conduct(["import", "--from-git", repo, "--path", path, "--store", store, "--format", "json"])
        let report = imported.status <= 1 ? try? JSONSerialization.jsonObject(with: imported.stdoutBytes) as? [String: Any] : nil
        let skipped = report?["skipped"] as? [[String: Any]] ?? []
        // Messages name commits of the rebuilt repository: say which real version each is.
        func version(named text: String) -> String {
            committed.first { text.contains(String($0.key.prefix(12))) }
                .map { "version \($0.value.index) (\(chain.repository) commit \($0.value.commit.prefix(10)))" } ?? "a commit"
        }
        var line = "Real histories: \(chain.folder): \(chain.versions.count) versions, \(committed.count) commits; import exit \(imported.status)"
        if report == nil { line += ", \(version(named: imported.stderr)): \(Self.complaint(imported))" }
        for entry in skipped {
            line += "\n    skipped \(version(named: entry["commit"] as? String ?? "")): \(entry["reason"] as? String ?? "")"
        }
        print(line)
        #expect(imported.status == 0 && skipped.isEmpty, "import of \(chain.folder): \(imported.stderr)")
        guard let report else { return }
        let revisions = report["revisions"] as? [[String: Any]] ?? []
        let summary = report["summary"] as? [String: Any] ?? [:]
        let identical = summary["identical"] as? Int ?? 0
        // A commit that only renamed the file brings no new text: it is listed among the renames.
        let sources = Set(revisions.compactMap { $0["source"] as? String })
        let renamesOnly = (report["renames"] as? [[String: Any]] ?? []).filter { !sources.contains($0["commit"] as? String ?? "") }.count
        #expect(revisions.count + identical + renamesOnly + skipped.count == committed.count,
                "\(chain.folder): \(revisions.count) revisions + \(identical) identical + \(renamesOnly) renames + \(skipped.count) skipped of \(committed.count) commits")
        #expect(Set(revisions.compactMap { $0["source"] as? String }).isSubset(of: Set(committed.keys)))

        // `log` tells the story the labels tell.
        let log = try CLI.conduct(["log", "--store", store, "--format", "json"])
        try #require(log.status == 0, "log: \(log.stderr)")
        let logged = (try JSONSerialization.jsonObject(with: log.stdoutBytes) as? [String: Any])?["revisions"] as? [[String: Any]] ?? []
        #expect(logged.count == revisions.count)
        var changeOfStoreCommit: [String: String] = [:]
        for revision in logged { changeOfStoreCommit[revision["commit"] as? String ?? ""] = revision["change"] as? String }
        var story: [String] = []
        for revision in revisions {
            guard let source = revision["source"] as? String, let version = committed[source],
                  let change = changeOfStoreCommit[revision["commit"] as? String ?? ""] else { continue }
            guard let pair = Self.pairs.first(where: { $0.newCommit == version.commit && $0.path == version.path }),
                  chain.versions.contains(where: { $0.commit == pair.oldCommit }) else { continue }
            story.append("\(version.index): \(change) (label \(pair.label))")
            #expect(change == pair.label, "\(chain.folder) version \(version.index) logged \(change), labelled \(pair.label): \(pair.reason)")
        }
        print("Real histories: \(chain.folder): log \(story.joined(separator: ", "))")

        // The site passes tidy and the link check, with the allowlist of the publish tests.
        let site = directory.path("site")
        let published = try CLI.conduct(["publish", "--store", store, "--out", site, "--date", "2026-12-01"])
        #expect(published.status == 0, "publish: \(published.stderr)")
        if published.status == 0 {
            try PublishTests.expectTidy(site, chain.folder + " ")
            let links = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/check-links").path, site])
            #expect(links.status == 0 && links.stdout.contains(" 0 broken"), "\(links.stdout)\(links.stderr)")
        }

        let fsck = try CLI.git(["-C", store, "fsck", "--strict"])
        #expect(fsck.status == 0 && !fsck.stderr.contains("error") && !fsck.stderr.contains("warning"), "\(fsck.stderr)")
    }
}

import Foundation
import Testing

/// `log` on a long history: a cold log splits the work over two threads once many revisions
/// lack a cached summary, and must say exactly what a walk of one revision at a time says; a
/// clone computes every summary as it is made.
@Suite("Log of a long history")
struct LogHistoryTests {
    @Test func aColdLogOnTwoThreadsSaysWhatOneRevisionAtATimeSays() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("history.git")
        try CLI.succeed(CLI.git(["init", "--quiet", "--bare", "--initial-branch=main", store]))
        let stream = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/generate-history").path, "600", "12"])
        try #require(stream.status == 0, "\(stream.stderr)")
        let imported = try CLI.run("/usr/bin/env", ["git", "-C", store, "fast-import", "--quiet"], stdin: stream.stdoutBytes)
        try #require(imported.status == 0, "\(imported.stderr)")
        try CLI.succeed(CLI.git(["-C", store, "config", "conduct.document", "CODE_OF_CONDUCT.md"]))
        try CLI.succeed(CLI.git(["-C", store, "config", "conduct.store", "1"]))
        let cache = store + "/conduct-cache"

        // 600 revisions without summaries: two threads, 300 each.
        let cold = try CLI.succeed(CLI.conduct(["log", "--store", store, "--format", "json"]))
        let all = try #require(try CLI.json(cold)["revisions"] as? [[String: Any]])
        #expect(all.count == 600)
        // The newest 200 alone, from no cache: one thread, one revision after the other.
        try FileManager.default.removeItem(atPath: cache)
        let newest = try CLI.succeed(CLI.conduct(["log", "--store", store, "--format", "json", "--limit", "200"]))
        let some = try #require(try CLI.json(newest)["revisions"] as? [[String: Any]])
        #expect(some.count == 200)
        for (one, other) in zip(all, some) {
            #expect(NSDictionary(dictionary: one).isEqual(to: other), "\(one["commit"] ?? "") differs")
        }
        // And warm, every summary read from the cache the cold run wrote.
        try FileManager.default.removeItem(atPath: cache)
        _ = try CLI.succeed(CLI.conduct(["log", "--store", store, "--format", "json"]))
        let warm = try CLI.succeed(CLI.conduct(["log", "--store", store, "--format", "json"]))
        #expect(warm.stdout == cold.stdout)

        // A clone has read the history as it was copied: its first log finds every summary.
        let clone = directory.path("clone.git")
        try CLI.succeed(CLI.conduct(["clone", store, clone]))
        let summaries = try String(contentsOfFile: clone + "/conduct-cache/summaries-v5", encoding: .utf8)
        #expect(summaries.split(separator: "\n").count == 600)
        let cloned = try CLI.succeed(CLI.conduct(["log", "--store", clone, "--format", "json"]))
        #expect(cloned.stdout == cold.stdout)
    }
}

import Foundation
import Testing

/// Many processes adopting into one store at once: every revision lands, none is lost.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test func eightProcessesAdoptingTwentyFiveRevisionsEach() throws {
        let directory = try TemporaryDirectory()
        let store = directory.path("store")
        let base = "# Code\n\n## Scope {#scope}\n\nEveryone.\n"
        try #require(try CLI.conduct(["init", store, "--from", try directory.write("base.md", base)]).status == 0)

        let writers = 8, revisions = 25
        var markers: Set<String> = []
        for writer in 0..<writers {
            for revision in 0..<revisions {
                let marker = "writer \(writer) revision \(revision)"
                markers.insert(marker)
                try directory.write("w\(writer)-\(revision).md", base + "\n## Note {#note}\n\nWritten by \(marker).\n")
            }
        }
        // Each writer is a shell loop of real `conduct adopt` processes; all eight run at once.
        let processes = try (0..<writers).map { writer -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", """
                for i in $(seq 0 \(revisions - 1)); do
                  "$CONDUCT" adopt --store "$STORE" --from "$DIR/w\(writer)-$i.md" >/dev/null || exit 1
                done
                """]
            var environment = ProcessInfo.processInfo.environment
            environment.merge(CLI.identity) { $1 }
            environment.merge(["CONDUCT": CLI.binary, "STORE": store, "DIR": directory.url.path]) { $1 }
            process.environment = environment
            try process.run()
            return process
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        let log = try CLI.conduct(["log", "--store", store, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [String: Any]
        let entries = try #require(object?["revisions"] as? [[String: Any]])
        #expect(entries.count == writers * revisions + 1)
        let versions = entries.compactMap { $0["version"] as? String }
        #expect(Set(versions).count == versions.count, "every revision has its own version")

        // Every text is in some revision: read them all through git cat-file --batch.
        let specs = (0..<(writers * revisions)).map { "main~\($0):CODE_OF_CONDUCT.md" }.joined(separator: "\n") + "\n"
        let batch = try CLI.run("/usr/bin/env", ["git", "-C", store, "cat-file", "--batch"], stdin: Data(specs.utf8))
        let found = Set(markers.filter { batch.stdout.contains("Written by \($0).") })
        #expect(found == markers)
        let tags = try CLI.git(["-C", store, "tag", "--list", "v*"])
        #expect(tags.stdout.split(separator: "\n").count == writers * revisions + 1)
        let fsck = try CLI.git(["-C", store, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.stderr)")
    }
}

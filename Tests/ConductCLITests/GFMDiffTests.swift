import Foundation
import Testing

/// GitHub Flavored Markdown through `conduct diff --files`, run as a user runs it: tables,
/// strikethrough, task lists and footnotes keep their meaning in the redline and the labels,
/// and spellings GitHub renders alike are editorial.
@Suite("GFM diff end to end")
struct GFMDiffTests {
    static let original = """
        # Code

        ## Reporting {#reporting}

        | Channel | Contact | Hours |
        | :-- | :-: | --: |
        | Email | conduct@example.org | any |
        | Phone | +1 555 0100 | 9–17 |

        ## Tasks {#tasks}

        - [ ] Appoint a committee
        - [x] Publish the code

        ## Notes {#notes}

        Reports are confidential.[^1]

        [^1]: Except where the law requires otherwise.

        ## Scope {#scope}

        Members *must* be kind.\\
        Always.

        - one
        - two

        See [the guide](https://example.org/guide "Guide") for more.

        Behaviour that harms is not allowed.

        """

    /// The diff of the original against `edited`, as JSON clauses by id.
    static func diff(_ edited: String) throws -> (text: String, clauses: [String: [String: Any]]) {
        let directory = try TemporaryDirectory()
        let old = try directory.write("old.md", original)
        let new = try directory.write("new.md", edited)
        let text = try CLI.conduct(["diff", "--files", old, new])
        #expect(text.status == 0, "\(text.stderr)")
        let json = try CLI.conduct(["diff", "--files", old, new, "--format", "json"])
        #expect(try CLI.validate(json.stdout, schema: "diff").status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        var clauses: [String: [String: Any]] = [:]
        for clause in object?["clauses"] as? [[String: Any]] ?? [] {
            let side = (clause["new"] ?? clause["old"]) as? [String: Any]
            if let id = side?["id"] as? String { clauses[id] = clause }
        }
        return (text.stdout, clauses)
    }

    static func changedBlocks(_ clause: [String: Any]?) -> [[String: Any]] {
        (clause?["blocks"] as? [[String: Any]] ?? []).filter { $0["operation"] as? String != "equal" }
    }

    @Test func aChangedCellIsASubstantiveChangeOfItsRow() throws {
        let edited = Self.original.replacingOccurrences(of: "| Phone | +1 555 0100 | 9–17 |", with: "| Phone | +1 555 0199 | 9–17 |")
        let (text, clauses) = try Self.diff(edited)
        #expect(text.contains("new.md: 1 clause changed (1 substantive, 0 editorial)"), "\(text)")
        #expect(clauses["reporting"]?["significance"] as? String == "substantive")
        let blocks = Self.changedBlocks(clauses["reporting"])
        // Only the phone row changed: the header row and the e-mail row are equal blocks.
        #expect(blocks.count == 1)
        #expect(blocks.first?["old"] as? String == "| Phone | +1 555 0100 | 9–17 |")
        #expect(blocks.first?["new"] as? String == "| Phone | +1 555 0199 | 9–17 |")
        #expect(text.contains("| Phone | +1 555 [-0100 -]{+0199 +}| 9–17 |"), "\(text)")
    }

    @Test func aChangedAlignmentIsAChangeOfTheHeaderRow() throws {
        let edited = Self.original.replacingOccurrences(of: "| :-- | :-: | --: |", with: "| :-- | :-: | :-- |")
        let (_, clauses) = try Self.diff(edited)
        let blocks = Self.changedBlocks(clauses["reporting"])
        #expect(blocks.count == 1)
        #expect((blocks.first?["new"] as? String)?.hasPrefix("| Channel | Contact | Hours |\n") == true)
        #expect(clauses["reporting"]?["significance"] as? String == "substantive")
    }

    @Test func struckTextIsSubstantive() throws {
        let edited = Self.original.replacingOccurrences(of: "that harms is", with: "that ~~harms~~ is")
        let (text, clauses) = try Self.diff(edited)
        #expect(clauses["scope"]?["significance"] as? String == "substantive", "\(text)")
        #expect(text.contains("{+~~harms~~"), "\(text)")
    }

    @Test func tickingATaskIsSubstantive() throws {
        let edited = Self.original.replacingOccurrences(of: "- [ ] Appoint", with: "- [x] Appoint")
        let (text, clauses) = try Self.diff(edited)
        #expect(text.contains("new.md: 1 clause changed (1 substantive, 0 editorial)"), "\(text)")
        let blocks = Self.changedBlocks(clauses["tasks"])
        #expect(blocks.map { $0["new"] as? String } == ["- [x] Appoint a committee"])
        // An upper-case X is the same tick.
        let same = Self.original.replacingOccurrences(of: "- [x] Publish", with: "- [X] Publish")
        #expect(try Self.diff(same).text.contains("new.md: 1 clause changed (0 substantive, 1 editorial)"))
    }

    @Test func aChangedFootnoteIsSubstantive() throws {
        let edited = Self.original.replacingOccurrences(of: "where the law requires", with: "where a court orders")
        let (text, clauses) = try Self.diff(edited)
        #expect(clauses["notes"]?["significance"] as? String == "substantive", "\(text)")
        #expect(text.contains("[^1]: Except where [-the law requires -]{+a court orders +}otherwise."), "\(text)")
        // The definition belongs to the clause it is written in, even though GitHub lists it last.
        #expect(clauses.count == 1)
    }

    @Test func spellingsGitHubRendersAlikeAreEditorial() throws {
        let edited = Self.original
            .replacingOccurrences(of: "Members *must* be kind.\\", with: "Members _must_ be kind.  ")
            .replacingOccurrences(of: "- one\n- two", with: "* one\n* two")
            .replacingOccurrences(of: "See [the guide](https://example.org/guide \"Guide\") for more.",
                                  with: "See [the guide][g] for more.\n\n[g]: https://example.org/guide \"Guide\"")
        #expect(edited.contains("_must_") && edited.contains("* one") && edited.contains("[g]:") && edited.contains("kind.  \n"))
        let (text, clauses) = try Self.diff(edited)
        #expect(text.contains("new.md: 1 clause changed (0 substantive, 1 editorial)"), "\(text)")
        #expect(clauses["scope"]?["significance"] as? String == "editorial")
        // Each spelling alone is editorial too, and a different link target is not.
        for (from, to) in [("*must*", "_must_"), ("- one\n- two", "* one\n* two"), ("kind.\\\n", "kind.  \n")] {
            let one = try Self.diff(Self.original.replacingOccurrences(of: from, with: to))
            #expect(one.clauses["scope"]?["significance"] as? String == "editorial", "\(from) → \(to): \(one.text)")
        }
        let moved = Self.original.replacingOccurrences(of: "https://example.org/guide", with: "https://example.org/other")
        #expect(try Self.diff(moved).clauses["scope"]?["significance"] as? String == "substantive")
    }
}

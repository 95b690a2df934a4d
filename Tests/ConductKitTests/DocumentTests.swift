import Testing
@testable import ConductKit

@Suite("Document parsing")
struct DocumentTests {
    static let sample = """
    # Code of Conduct

    Organisations that sign this code agree to what follows.

    ## 1. Identify risks {#risks}

    Before deployment, organisations "test" their systems -- including red-teaming.

    - evaluate
    - mitigate

    ### Red-teaming {#red-teaming}

    Teams probe the system.

    ## Article 3 — Transparency {#transparency}

    Publish reports.

    1. capabilities
    2. limitations

    """

    /// One paragraph of thousands of lines (a whole code pasted without blank lines) parses in
    /// linear time: the check that its canonical spelling parses back once collapsed every line
    /// into the whole paragraph again, and a 360 KB paragraph took minutes.
    @Test func aParagraphOfThousandsOfLinesParsesQuickly() throws {
        let words = ["safety", "security", "report", "risk", "publish", "evaluate", "incidents", "systems"]
        let lines = (0..<4_000).map { line in (0..<8).map { words[($0 * 7 + line) % words.count] }.joined(separator: " ") }
        let text = "# Code\n\n## One {#one}\n\n" + lines.joined(separator: "\n") + "\n"
        let clock = ContinuousClock()
        let start = clock.now
        let document = try Document.parse(text: text)
        let elapsed = clock.now - start
        #expect(document.clauses.count == 1)
        #expect(elapsed < .seconds(5), "parsing \(text.utf8.count) bytes took \(elapsed)")
    }

    @Test func clausesLevelsNumbersAndIDs() throws {
        let document = try Document.parse(text: Self.sample)
        #expect(document.title == "Code of Conduct")
        #expect(document.clauses.map(\.id) == ["risks", "red-teaming", "transparency"])
        #expect(document.clauses.map(\.level) == [2, 3, 2])
        #expect(document.clauses.map(\.heading.number) == ["1.", nil, "Article 3 —"])
        #expect(document.clauses.map(\.heading.text) == ["Identify risks", "Red-teaming", "Transparency"])
        #expect(document.clauses[1].parent == 0)
        #expect(document.clauses[2].parent == nil)
        guard case .list(let list) = document.clauses[2].blocks[1] else {
            Issue.record("expected a list")
            return
        }
        #expect(list.ordered && list.ordinal(at: 1) == 2)
    }

    @Test(arguments: [
        ("1. Scope", "1.", "Scope"),
        ("1.2 Scope", "1.2", "Scope"),
        ("1.2. Scope", "1.2.", "Scope"),
        ("3) Scope", "3)", "Scope"),
        ("Article 3 Scope", "Article 3", "Scope"),
        ("Article 3: Scope", "Article 3:", "Scope"),
        ("§ 2 Scope", "§ 2", "Scope"),
        ("§2 Scope", "§2", "Scope"),
        ("IV. Scope", "IV.", "Scope"),
        ("A. Scope", "A.", "Scope"),
        ("Action 11. Data", "Action 11.", "Data"),
    ])
    func headingNumbers(heading: String, number: String, text: String) {
        let parsed = HeadingText(parsing: heading + " {#x}")
        #expect(parsed.number == number)
        #expect(parsed.text == text)
        #expect(parsed.id == "x")
    }

    @Test(arguments: ["2023 in review", "IIV. Not roman", "Scope", "1984", "I am here"])
    func headingsWithoutNumbers(heading: String) {
        #expect(HeadingText(parsing: heading).number == nil)
        #expect(HeadingText(parsing: heading).text == heading)
    }

    @Test func fingerprintIgnoresEditorialChanges() throws {
        let original = try Document.parse(text: Self.sample)
        let editorial = """
        # Code of Conduct

        Organisations that sign this code
        agree to what follows.

        ## 2. IDENTIFY risks {#risks}

        Before deployment, organisations “test” their
        systems — including red-teaming.

        * evaluate
        * mitigate

        Red-teaming {#red-teaming}
        --------------------------

        Teams   probe the system.

        ## Article 4 — Transparency {#transparency}

        Publish reports.

        1. capabilities
        1. limitations

        """
        let changed = try Document.parse(text: editorial)
        #expect(changed.clauses.map(\.fingerprint) == original.clauses.map(\.fingerprint))
        #expect(changed.preambleFingerprint == original.preambleFingerprint)
        #expect(changed.clauses.map(\.rawDigest) != original.clauses.map(\.rawDigest))
    }

    /// An ordinal's width indents the item's lines, but the ordinal a list starts at is editorial.
    @Test func renumberingANestedListIsEditorial() throws {
        let a = try Document.parse(text: "# T\n\n## X {#x}\n\n9. Report\n   - risks\n\n   more\n")
        let b = try Document.parse(text: "# T\n\n## X {#x}\n\n10. Report\n    - risks\n\n    more\n")
        #expect(a.clauses[0].fingerprint == b.clauses[0].fingerprint)
    }

    @Test(arguments: [
        ("Publish reports.", "Publish reports!"),
        ("Publish reports.", "Publish annual reports."),
        ("Publish reports.", "Publish reports"),
        ("Publish reports.", "Publish *reports*."),
        ("Publish reports.", "Publish [reports](https://example.org)."),
        // Nesting is structure: an item moved under another, an indented code line.
        ("1. Report\n   - risks\n   - incidents", "1. Report\n   - risks\n     - incidents"),
        ("- Report\n  > risks\n  > incidents", "- Report\n  > risks\n  >  - incidents"),
        ("```\nif risk\n  report\n```", "```\nif risk\nreport\n```"),
    ])
    func fingerprintSeesWordAndPunctuationEdits(before: String, after: String) throws {
        let a = try Document.parse(text: "# T\n\n## X {#x}\n\n\(before)\n")
        let b = try Document.parse(text: "# T\n\n## X {#x}\n\n\(after)\n")
        #expect(a.clauses[0].fingerprint != b.clauses[0].fingerprint)
    }

    @Test func canonicalTextIsAFixedPoint() throws {
        let document = try Document.parse(text: Self.sample)
        let once = document.canonicalText
        let twice = try Document.parse(text: once).canonicalText
        #expect(once == twice)
        #expect(once.contains("## 1. Identify risks {#risks}"))
        #expect(once.contains("- evaluate\n- mitigate"))
    }

    @Test func problemsAreNamed() {
        #expect(throws: DocumentProblem.tooLarge(Document.maximumSize + 1)) {
            try Document.parse(bytes: [UInt8](repeating: 0x61, count: Document.maximumSize + 1))
        }
        #expect(throws: DocumentProblem.tooDeep(MarkdownParser.maximumDepth)) {
            try Document.parse(text: String(repeating: ">", count: MarkdownParser.maximumDepth + 1) + " deep\n")
        }
        #expect(throws: DocumentProblem.duplicateID("a", lines: [3, 5])) {
            try Document.parse(text: "# T\n\n## A {#a}\n\n## B {#a}\n")
        }
        #expect(throws: DocumentProblem.invalidID("bad/id", line: 3, heading: "A")) {
            try Document.parse(text: "# T\n\n## A {#bad/id}\n")
        }
        #expect(throws: DocumentProblem.binary) { try Document.parse(bytes: [0x23, 0x20, 0x54, 0x00]) }
        #expect(throws: DocumentProblem.notUTF8(offset: 3)) { try Document.parse(bytes: [0x23, 0x20, 0x54, 0xff]) }
    }

    @Test func missingIDsAreMatchedThenMinted() throws {
        let base = try Document.parse(text: "# T\n\n## 1. Scope {#scope}\n\nWho signs.\n\n## 2. Reports {#reports}\n\nPublish.\n")
        let edited = try Document.parse(text: "# T\n\n## 1. Scope\n\nWho signs.\n\n## 2. Annual reporting\n\nPublish.\n\n## 3. Data protection ##\n\nProtect data.\n\nSetext heading\n---\n\nText.\n")
        let (document, assignments) = try edited.assigningIDs(base: base)
        #expect(document.clauses.map(\.id) == ["scope", "reports", "data-protection", "setext-heading"])
        #expect(assignments.map(\.source) == [.heading, .body, .minted, .minted])
        #expect(document.text.contains("## 3. Data protection {#data-protection}\n"))
        #expect(document.text.contains("Setext heading {#setext-heading}\n---"))
    }

    @Test func mintedIDsAreUniqueAndAvoidBaseIDs() throws {
        let base = try Document.parse(text: "# T\n\n## Scope {#scope}\n\nA.\n")
        let edited = try Document.parse(text: "# T\n\n## Other {#other}\n\nB.\n\n## Scope\n\nC.\n\n## Scope\n\nD.\n")
        let ids = try edited.assigningIDs(base: base).document.clauses.map(\.id)
        // The first "Scope" matches the base clause by heading; the second gets a fresh id.
        #expect(ids == ["other", "scope", "scope-2"])
        let fresh = try Document.parse(text: "# T\n\n## Été {#ete}\n\nA.\n\n## Été\n\nB.\n").assigningIDs(base: nil)
        #expect(fresh.document.clauses.map(\.id) == ["ete", "ete-2"])
    }

    /// What import relies on: a clause reworded in heading and body, and moved, keeps its id, as
    /// the diff engine pairs it; adopt's rules (same heading, then same body) mint a new one.
    @Test func matchingClausesKeepsIDsThroughRewordingAndMoves() throws {
        let base = try Document.parse(text: """
            # T

            ## 1. Our standards {#our-standards}

            Examples of behaviour that contributes to a positive environment include using welcoming and inclusive language.

            ## 2. Scope {#scope}

            This code applies within all project spaces.

            ## 3. Reports {#reports}

            Publish a report every year on what was done.
            """)
        let edited = try Document.parse(text: """
            # T

            ## 1. Scope

            This code applies within all project spaces.

            ## 2. Expected behaviour

            Examples of behavior that contributes to a positive environment for our community include using welcoming and inclusive language.

            ## 3. Annual account

            Publish a report every year on what was done.

            ## 4. Appeals

            Decisions can be appealed.
            """)
        let (document, assignments) = try edited.assigningIDs(base: base, matchingClauses: true)
        #expect(document.clauses.map(\.id) == ["scope", "our-standards", "reports", "appeals"])
        #expect(assignments.map(\.source) == [.heading, .similar, .body, .minted])
        let plain = try edited.assigningIDs(base: base, matchingClauses: false).document.clauses.map(\.id)
        #expect(plain == ["scope", "expected-behaviour", "reports", "appeals"])
    }
}

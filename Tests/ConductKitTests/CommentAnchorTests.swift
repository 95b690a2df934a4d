import ConductKit
import Testing

/// Where a comment stands once the text moves on, read through ConductKit's public API: each
/// thread's anchor in main's text (current, outdated, moved or orphaned) and whether its quote
/// is still there.
@Suite("Comment anchoring through ConductKit")
struct CommentAnchorTests {
    static let v10 = StoreFixture.code + """

        ## Training {#training}

        Members train their staff every year.

        ## Privacy {#privacy}

        Members keep personal data for no longer than they need it.

        ## Contact {#contact}

        Write to the secretariat at any time.

        """

    /// The anchor of each comment once main holds `text`, by the comment's clause.
    static func anchors(after text: String, comments: [(clause: String, quote: String?)]) throws -> [String: Anchor] {
        let fixture = try StoreFixture(text: v10, version: "1.0", date: "2024-01-01")
        for (clause, quote) in comments {
            _ = try fixture.store.addComment(target: "v1.0", clause: clause, quote: quote, message: "About \(clause).", role: nil,
                                     authorship: try StoreFixture.authorship("2024-01-02", as: "Ann Example <ann@example.org>"))
        }
        try fixture.adopt(text, version: "1.1", date: "2024-02-01")
        let threads = try fixture.store.commentThreads()
        #expect(threads.count == comments.count)
        return Dictionary(uniqueKeysWithValues: threads.map { ($0.comment.clause, $0.anchor) })
    }

    @Test func anEditThatKeepsTheQuoteLeavesTheCommentOutdatedWithItsQuoteFound() throws {
        let text = Self.v10.replacingOccurrences(of: "before release.", with: "before release and after every update.")
        let anchor = try #require(try Self.anchors(after: text, comments: [("safety", "before release")])["safety"])
        #expect(anchor.state == .outdated)
        #expect(anchor.quoteFound == true)
        #expect(anchor.clause == "safety" && anchor.readAt == "v1.1")
    }

    @Test func anEditThatRemovesTheQuoteLeavesTheCommentOutdatedWithoutIt() throws {
        let text = Self.v10.replacingOccurrences(of: "within thirty days", with: "within fourteen days")
        let anchor = try #require(try Self.anchors(after: text, comments: [("reporting", "thirty days")])["reporting"])
        #expect(anchor.state == .outdated)
        #expect(anchor.quoteFound == false)
    }

    @Test func aMovedClauseTakesItsCommentAlong() throws {
        // Scope moves from first to last; its words stay as they were.
        let scope = "## Scope {#scope}\n\nThis code applies to every member of the project.\n\n"
        let text = Self.v10.replacingOccurrences(of: scope, with: "") + "\n" + scope
        let anchors = try Self.anchors(after: text, comments: [("scope", "every member"), ("contact", nil)])
        let anchor = try #require(anchors["scope"])
        #expect(anchor.state == .moved)
        #expect(anchor.clause == "scope" && anchor.heading == "Scope")
        #expect(anchor.quoteFound == true)
        #expect(anchors["contact"]?.state == .current, "a clause that kept its words and place is current")
        #expect(anchors["contact"]?.quoteFound == nil, "a comment without a quote has nothing to find")
    }

    @Test func aDeletedClauseOrphansItsCommentAndKeepsTheOriginal() throws {
        let training = "## Training {#training}\n\nMembers train their staff every year.\n\n"
        let text = Self.v10.replacingOccurrences(of: training, with: "")
        let anchors = try Self.anchors(after: text, comments: [("training", "every year"), ("privacy", nil)])
        let anchor = try #require(anchors["training"])
        #expect(anchor.state == .orphaned)
        #expect(anchor.clause == nil && anchor.quoteFound == nil)
        #expect(anchor.original?.contains("{#training}") == true)
        #expect(anchor.original?.contains("Members train their staff every year.") == true)
        #expect(anchors["privacy"]?.state == .current)
    }

    @Test func anEditorialEditKeepsTheCommentCurrent() throws {
        let text = Self.v10.replacingOccurrences(of: "Members keep personal data", with: "MEMBERS KEEP PERSONAL DATA")
        let anchor = try #require(try Self.anchors(after: text, comments: [("privacy", "personal data")])["privacy"])
        #expect(anchor.state == .current, "only the case changed: the fingerprint holds")
        #expect(anchor.quoteFound == true, "the quote is found with case folded")
    }
}

/// Everything a published site shows, read from the store at once: the revisions of main with
/// the redline of each against its parent, what the history says of each clause id, the comment
/// threads, the proposals with their redlines, the attestation matrix, and each language's
/// translation as it stands at the current revision.
///
/// `Store.siteHistory(now:)` builds it from the diff engine and the ledger; Publish only
/// renders it, and neither diffs nor reads the store itself.
struct SiteHistory {
    /// The store's document name, for a text without a title.
    var documentName: String
    /// Every revision of main, oldest first.
    var revisions: [Revision]
    /// The first revision's text (its page shows it whole) and the last one's (the current text).
    var first: Document
    var current: Document
    /// Per revision, the clauses that changed from its parent (`DocumentDiff.filtered()`),
    /// as a redline; nil for the first revision, which has no parent.
    var redlines: [Redline?]
    /// What the history says of each clause id.
    var clauses: [String: ClauseSpan]
    /// Every comment thread, anchored in today's text.
    var threads: [CommentThread]
    /// Every proposal, oldest first, with its redline against the revision it amends, or why
    /// its text cannot be read.
    var proposals: [ProposalRedline]
    /// How each revision adopted from a proposal, or with approvals or an override, was adopted.
    var adoptions: [CommitID: RevisionAdoption]
    /// Signatories × revisions, expiry judged at the day the site is published.
    var matrix: AttestationMatrix
    /// One per language with a translation of a revision of main, by tag.
    var translations: [Translation]

    /// A clause id's latest number and heading, and the revisions it first and last stood in.
    struct ClauseSpan {
        var number: String?
        var heading: String
        var first: Int
        var last: Int
    }

    /// A language's translation as the site shows it: where it stands at the current revision
    /// (`Store.translations(at:)`), its text, and the revision it translates.
    struct Translation {
        var status: TranslationStatus
        var document: Document
        /// The position in `revisions` of the revision it translates.
        var revision: Int
        var tag: LanguageTag { status.language }
    }

    struct ProposalRedline {
        /// The proposal with its consultation window, comment count and approvals.
        var listing: ProposalListing
        var redline: Result<Redline, ConductError>
        var proposal: Proposal { listing.proposal }
    }
}

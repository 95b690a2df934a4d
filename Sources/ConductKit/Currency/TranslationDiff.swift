/// What a translator must redo (`diff --lang`): each source clause changed substantively, added or
/// removed between two revisions, with its redline and the translation's text of it.
///
/// Which clauses are listed is the coverage rule's answer (`TranslationCurrency.behind`, the one
/// `translations` gives); how each changed is the diff's redline of the two revisions.
public struct TranslationDiff: Sendable {
    /// One source clause the translation has not caught up with.
    public struct Clause: Sendable {
        /// The clause, how it changed and the revisions that changed it, as `translations` says.
        public var behind: TranslationStatus.Behind
        public var id: String { behind.clause }
        /// The clause's redline from the older revision to the newer (nil only when the diff
        /// sees no change where the coverage rule does, which the two rules never disagree on).
        public var redline: ClauseDiff?
        /// The translation's text of the clause (its heading and own blocks, canonical Markdown);
        /// nil when the translation has no such clause (one added since).
        public var translated: String?
    }

    /// The translated revision read: the latest in the language at the newer revision.
    public var translation: Translation
    public var language: LanguageTag { translation.language }
    /// The revision the translation translates.
    public var source: Revision
    /// The two source revisions compared, with the labels the redline names them by.
    public var comparison: Comparison
    public var clauses: [Clause]
    /// Clauses whose changes between the two revisions are editorial only (or were adopted as
    /// non-material): nothing for a translator to redo.
    public var editorial: [String]

    /// Pairs the coverage rule's clauses with their redlines and the translation's texts.
    init(translation: Translation, source: Revision, comparison: Comparison, text: Document,
         behind: [TranslationStatus.Behind], editorial: [String]) {
        self.translation = translation
        self.source = source
        self.comparison = comparison
        self.editorial = editorial
        let entries = comparison.diff.clauses
        clauses = behind.map { clause in
            let id = clause.clause
            // An added clause is found on the new side, a removed one on the old, a changed one on either.
            let redline: ClauseDiff?
            switch clause.change {
            case .added: redline = entries.first { $0.new?.id == id }
            case .removed: redline = entries.first { $0.old?.id == id }
            case .changed: redline = entries.first { $0.new?.id == id && $0.old?.id == id } ?? entries.first { $0.new?.id == id || $0.old?.id == id }
            }
            let translated = text.clauses.firstIndex { $0.id == id }.map(text.canonicalText(ofClause:))
            return Clause(behind: clause, redline: redline, translated: translated)
        }
    }
}

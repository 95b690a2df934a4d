/// Where one language's translation stands at a revision of the source.
public struct TranslationStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        /// It translates the revision read.
        case current
        /// Only editorial (or non-material) source changes since the revision it translates.
        case currentEditorial = "current-editorial"
        /// Source clauses changed substantively, added or removed since.
        case behind
        /// Source clauses of the revision it translates have no counterpart in it.
        case incomplete

        /// Whether readers of the translation read what the source says.
        public var isCurrent: Bool { self == .current || self == .currentEditorial }
    }

    /// A source clause the translation has not caught up with.
    public struct Behind: Sendable, Equatable {
        public var clause: String
        public var change: AttestationStatus.Uncovered.Change
        /// The source revisions that changed it since (labels and commit ids), oldest first.
        public var revisions: [String]
        public var commits: [CommitID]
    }

    public var translation: Translation
    public var language: LanguageTag { translation.language }
    /// The label of the source revision it translates (`v1.0`).
    public var source: String
    public var state: State
    public var behind: [Behind]
    /// Clauses with editorial or non-material source changes since.
    public var editorial: [String]
    /// Source clauses of the translated revision the translation has no counterpart for.
    public var incomplete: [String]
}

/// The translations of a store as they stand at one revision of the source.
public struct TranslationsReport: Sendable {
    /// The revision read.
    public var revision: Revision
    /// One row per language, by tag.
    public var rows: [TranslationStatus]
    /// The language `--check` asked about, and its row (nil: it has no translation of the
    /// revision read or of one before it, which fails the check).
    public var checkedLanguage: LanguageTag?
    public var checked: TranslationStatus?
}

/// Judges a translation the way an attestation of the whole document is judged: each clause by
/// the one coverage rule (`CoverageRule`, through `CurrencyHistory.coverage`), from the revision
/// it translates to the revision read.
enum TranslationCurrency {
    static func status(of translation: Translation, translating position: Int, history: CurrencyHistory) throws(ConductError) -> TranslationStatus {
        let last = history.count - 1
        let (behind, coverage) = try self.behind(since: position, history: history)
        let translated = Set(((try? Document.parse(text: translation.text))?.clauses ?? []).compactMap(\.id))
        let incomplete = try history.clauses(at: position).keys.filter { !translated.contains($0) }
        let order = try history.order(at: position)
        let state: TranslationStatus.State = !behind.isEmpty ? .behind : !incomplete.isEmpty ? .incomplete
            : position == last ? .current : .currentEditorial
        return TranslationStatus(translation: translation, source: history.label(at: position), state: state, behind: behind,
                                 editorial: coverage.editorial, incomplete: order.filter(incomplete.contains))
    }

    /// The source clauses a text of the revision at `position` has not caught up with at the
    /// newest revision of `history`, each with the revisions that changed it, and the coverage
    /// they were read from (its `editorial` clauses changed only editorially or non-materially).
    /// `translations` and `diff --lang` both ask here: one rule for what a translator must redo.
    static func behind(since position: Int, history: CurrencyHistory) throws(ConductError) -> (behind: [TranslationStatus.Behind], coverage: Coverage) {
        let last = history.count - 1
        let coverage = try history.coverage(from: position, scope: nil)
        var behind: [TranslationStatus.Behind] = []
        for uncovered in coverage.uncovered {
            let positions = try history.materialChanges(of: uncovered.clause, from: position, to: last)
            behind.append(.init(clause: uncovered.clause, change: uncovered.change,
                                revisions: positions.map(history.label(at:)), commits: positions.map(history.commit(at:))))
        }
        return (behind, coverage)
    }
}

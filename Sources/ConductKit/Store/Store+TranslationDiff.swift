extension Store {
    /// What a translator into `language` must redo from `oldSpec` to `newSpec` (`diff --lang`):
    /// the translation is the latest in the language at the newer revision (main when nil); the
    /// older defaults to the revision it translates. Lists each source clause the coverage rule
    /// finds changed substantively, added or removed between the two, with the diff's redline of
    /// it and the translation's text of it.
    public func translationDiff(_ language: String, from oldSpec: String?, to newSpec: String?) throws(ConductError) -> TranslationDiff {
        let tag = try LanguageTag(parsing: language)
        let new = try adoptedRevision(newSpec)
        let translated = try translatedRevision(tag.value, at: newSpec)
        let old = try oldSpec.map { (spec: String) throws(ConductError) -> Revision in try adoptedRevision(spec) } ?? translated.source
        let history = try CurrencyHistory(store: self, head: new)
        guard let position = history.position(of: old.commit.hex) else {
            throw .notEarlierRevision(old.label, than: new.label, language: tag.value)
        }
        let (behind, coverage) = try TranslationCurrency.behind(since: position, history: history)
        history.flush()
        return TranslationDiff(translation: translated.translation, source: translated.source, comparison: try compare(old, new),
                               text: translated.document, behind: behind, editorial: coverage.editorial)
    }
}

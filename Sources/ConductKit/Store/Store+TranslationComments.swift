/// The text a comment is written on: a revision's or a proposal's document, or the translated
/// revision of a language in force at a revision.
struct CommentedText {
    /// The revision or proposal version; for a translation, the source revision it translates.
    var revision: Revision
    var document: Document
    /// The translated revision commented on (nil: the source text).
    var translation: Translation?
}

extension Store {
    /// What `comment TARGET [--lang LANG]` comments on: TARGET's text or, with a language, the
    /// latest translation in it of TARGET or of a revision before it (as `show TARGET --lang` shows).
    func commentedText(_ spec: String, language: String?) throws(ConductError) -> CommentedText {
        guard let language else {
            let revision = try resolve(spec)
            return CommentedText(revision: revision, document: try document(at: revision), translation: nil)
        }
        let translated = try translatedRevision(language, at: spec)
        return CommentedText(revision: translated.source, document: translated.document, translation: translated.translation)
    }
}

/// Translated revisions as comments on them are read: the one each comment was written on (by
/// record id), and per language the one in force at main, which its anchor is re-found in.
/// Each is read and parsed once, however many comments ask.
final class TranslationTexts {
    struct Text {
        /// The translation record's id: with the document, what a pair of texts is known by.
        var id: String
        var document: Document
        /// How a listing names it: `v1.1 (ja)` (the one in force), `ja` (the one written on).
        var label: String
    }

    private let store: Store
    private var records: [String: Translation]?
    private var written: [String: Text?] = [:]
    private var current: [String: Text?] = [:]

    init(store: Store) { self.store = store }

    /// The translated revision with record id `id`; nil when the ledger holds none that counts.
    func text(_ id: String) throws(ConductError) -> Text? {
        if let known = written[id] { return known }
        if records == nil {
            records = Dictionary(try store.translationRecords().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let text = records?[id].flatMap { translation in
            (try? Document.parse(text: translation.text)).map { Text(id: id, document: $0, label: translation.language.value) }
        }
        written[id] = text
        return text
    }

    /// The translated revision in `language` in force at main; nil when main has none.
    func inForce(_ language: String) throws(ConductError) -> Text? {
        if let known = current[language] { return known }
        let text: Text?
        do {
            let translated = try store.translatedRevision(language, at: nil)
            text = Text(id: translated.translation.id, document: translated.document,
                        label: "\(translated.source.label) (\(translated.translation.language))")
        } catch {
            switch error {
            case .noTranslation, .unknownLanguage: text = nil
            default: throw error
            }
        }
        current[language] = text
        return text
    }

    /// What a comment on `language` is read against: the translation in force at main, if any.
    func label(_ language: String) throws(ConductError) -> String {
        try inForce(language)?.label ?? "\(language) (no translation at main)"
    }
}

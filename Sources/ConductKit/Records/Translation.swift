/// A translated revision: the text of one adopted revision in another language, kept as a
/// ledger record signed by the secretariat (`translations/<tag in lower case>/<id>.json`).
///
/// The record holds the text itself, with the source's clause id written on every heading it
/// aligned (`{#id}`), so plain git reads it (`git show refs/conduct/records:translations/ja/ID.json`),
/// sync carries it with the rest of the ledger, and its name proves its content. `sha256` is the
/// digest of the text's UTF-8 bytes: what an attestation of the translation binds.
public struct Translation: Sendable, Hashable {
    static let type = "translation"
    static let folder = "translations"
    /// The most text a translated revision may hold: one string of a record.
    public static let maximumTextBytes = RecordLimits.maximumStringBytes

    /// The record id.
    public let id: String
    public let language: LanguageTag
    /// The source revision's commit id as the record writes it.
    public let revision: String
    public var revisionID: CommitID? { CommitID(hex: revision) }
    /// The stored text, ids on its headings.
    public let text: String
    public let sha256: String
    public let translator: Identity?
    /// Who recorded it.
    public let by: Identity
    public let time: Timestamp

    init?(_ record: Record) {
        let value = record.value
        guard record.type == Translation.type, Translation.problem(record) == nil,
              let tag = value["language"]?.stringValue, let language = try? LanguageTag(parsing: tag),
              let revision = value["revision"]?.stringValue, let text = value["text"]?.stringValue,
              let sha256 = value["sha256"]?.stringValue, let by = value["by"].flatMap(Identity.init(json:)) else { return nil }
        id = record.id
        self.language = language
        self.revision = revision
        self.text = text
        self.sha256 = sha256
        translator = value["translator"].flatMap(Identity.init(json:))
        self.by = by
        time = record.time
    }

    /// What is wrong with a translation record beyond its required fields (nil: nothing): its
    /// tag must be one in canonical case and its digest must be the text's.
    static func problem(_ record: Record) -> String? {
        let value = record.value
        guard let tag = value["language"]?.stringValue else { return "it has no 'language'" }
        guard let language = try? LanguageTag(parsing: tag), language.value == tag else {
            return "its 'language' '\(tag)' is not a BCP 47 tag in canonical case"
        }
        guard let text = value["text"]?.stringValue, let digest = value["sha256"]?.stringValue else { return "it has no 'text' or 'sha256'" }
        guard Fingerprint.sha256(Array(text.utf8)) == digest else { return "its 'sha256' is not the digest of its text" }
        if let translator = value["translator"], Identity(json: translator) == nil { return "its 'translator' is not a name and e-mail" }
        return nil
    }

    /// The latest translated revision of each language among `records` (by time, then id).
    static func latest(_ translations: [Translation]) -> [LanguageTag: Translation] {
        var latest: [LanguageTag: Translation] = [:]
        for translation in translations {
            if let known = latest[translation.language], (known.time, known.id) > (translation.time, translation.id) { continue }
            latest[translation.language] = translation
        }
        return latest
    }
}

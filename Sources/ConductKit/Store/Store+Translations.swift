internal import Git

/// What `translation add` and `translation update` are asked to record.
public struct TranslationRequest: Sendable {
    public var language: String
    /// The translated text as read, and where it was read from (for messages).
    public var bytes: [UInt8]
    public var source: String
    /// The source revision it translates; nil: main.
    public var of: String?
    public var translator: Identity?
    /// Accept a translation some source clauses have no counterpart in (state `incomplete`).
    public var allowIncomplete: Bool
    /// `update`: a translation of the language must be recorded already; else it must not be.
    public var update: Bool

    public init(language: String, bytes: [UInt8], source: String, of: String?, translator: Identity?,
                allowIncomplete: Bool, update: Bool) {
        (self.language, self.bytes, self.source, self.of) = (language, bytes, source, of)
        (self.translator, self.allowIncomplete, self.update) = (translator, allowIncomplete, update)
    }
}

/// A translated revision as recorded: the record, the source revision and how it was aligned.
public struct RecordedTranslation: Sendable {
    public var translation: Translation
    public var source: Revision
    public var alignment: TranslationAlignment
    /// The translated revision it follows (for an update).
    public var previous: Translation?
}

/// A translated revision read for a revision of the source.
public struct TranslatedRevision: Sendable {
    public var translation: Translation
    /// The revision it translates, and the one asked for (the same, or a later one it falls behind).
    public var source: Revision
    public var asked: Revision
    public var document: Document
}

extension Store {
    /// Records a translated revision of an adopted revision, its headings aligned with the
    /// source's clauses and given their ids, signed by the secretariat.
    public func recordTranslation(_ request: TranslationRequest, authorship: Authorship) throws(ConductError) -> RecordedTranslation {
        let language = try LanguageTag(parsing: request.language)
        let source = try adoptedRevision(request.of)
        guard request.bytes.count <= Translation.maximumTextBytes else {
            throw .translationTooLong(request.bytes.count, limit: Translation.maximumTextBytes)
        }
        let text: Document
        do {
            text = try Document.parse(bytes: request.bytes)
        } catch {
            throw .badDocument(source: request.source, problem: error)
        }
        let recorded = try translationRecords().filter { $0.language == language }
        let previous = Translation.latest(recorded)[language]
        if request.update, previous == nil {
            throw .noTranslation(language.value, known: try translationLanguages(), at: nil)
        }
        if !request.update, let previous {
            throw .translationExists(language.value, of: try sourceLabel(of: previous))
        }
        let made = try translationRecord(text, language: language, of: source, sourceDocument: try document(at: source),
                                         translator: request.translator ?? previous?.translator,
                                         allowIncomplete: request.allowIncomplete, authorship: authorship)
        let verb = previous == nil ? "Add" : "Update"
        try append([made.record], message: "\(verb) the \(language.value) translation of \(source.label)", authorship: authorship)
        return RecordedTranslation(translation: made.translation, source: source, alignment: made.alignment, previous: previous)
    }

    /// The signed record of `text`, a translation into `language` of `source` (whose document is
    /// `sourceDocument`), its headings aligned with the source's clauses and given their ids:
    /// the one way `translation add`, `translation update` and `import --translations` make one.
    /// (An update without a translator keeps the one before: the caller passes it.)
    func translationRecord(_ text: Document, language: LanguageTag, of source: Revision, sourceDocument: Document,
                           translator: Identity?, allowIncomplete: Bool, authorship: Authorship)
        throws(ConductError) -> (record: Record, translation: Translation, alignment: TranslationAlignment) {
        let aligned: (document: Document, alignment: TranslationAlignment)
        do throws(AlignmentFailure) {
            aligned = try text.aligningTranslation(to: sourceDocument, allowIncomplete: allowIncomplete)
        } catch {
            throw .translationNotAligned(language: language.value, source: source.label, problems: error.explanation)
        }
        let stored = Array(aligned.document.text.utf8)
        guard stored.count <= Translation.maximumTextBytes else {
            throw .translationTooLong(stored.count, limit: Translation.maximumTextBytes)
        }
        var fields: [String: JSONValue] = [
            "type": .string(Translation.type), "at": .string(authorship.date.description), "language": .string(language.value),
            "revision": .string(source.commit.hex), "text": .string(aligned.document.text),
            "sha256": .string(Fingerprint.sha256(stored)), "by": authorship.json,
        ]
        if let translator { fields["translator"] = translator.json }
        let record = try signedBySecretariat(fields, act: "recording a translation")
        guard let translation = Translation(record) else { throw .corruptStore("a translation record could not be read back") }
        return (record, translation, aligned.alignment)
    }

    /// Every language's translation as it stands at `spec` (main when nil): the latest translated
    /// revision of a revision on its history, judged by the coverage rule.
    public func translations(at spec: String? = nil, checking language: String? = nil) throws(ConductError) -> TranslationsReport {
        let tag = try language.map { (text: String) throws(ConductError) -> LanguageTag in try LanguageTag(parsing: text) }
        let head = try adoptedRevision(spec)
        let history = try CurrencyHistory(store: self, head: head)
        let candidates = try translationRecords().filter { $0.revisionID.flatMap { history.position(of: $0.hex) } != nil }
        var rows: [TranslationStatus] = []
        for (_, translation) in Translation.latest(candidates).sorted(by: { $0.key < $1.key }) {
            guard let position = translation.revisionID.flatMap({ history.position(of: $0.hex) }) else { continue }
            rows.append(try TranslationCurrency.status(of: translation, translating: position, history: history))
        }
        history.flush()
        var report = TranslationsReport(revision: head, rows: rows)
        if let tag {
            let known = try translationLanguages()
            // A language never translated is a slip to name; one translated only after REV fails the check.
            guard known.contains(tag.value) else { throw .noTranslation(tag.value, known: known, at: nil) }
            report.checked = rows.first { $0.language == tag }
            report.checkedLanguage = tag
        }
        return report
    }

    /// The translated revision in `language` of `spec` (main when nil): the latest of that very
    /// revision, else the latest of an earlier one on its history.
    public func translatedRevision(_ language: String, at spec: String? = nil) throws(ConductError) -> TranslatedRevision {
        let tag = try LanguageTag(parsing: language)
        let asked = try adoptedRevision(spec)
        guard let translated = try translatedRevision(tag, of: asked) else {
            throw .noTranslation(tag.value, known: try translationLanguages(), at: asked.label)
        }
        return translated
    }

    /// The translated revision in `tag` that stands for `asked` (an adopted revision): the latest
    /// of that very revision, else the latest of an earlier one on its history; nil: none.
    func translatedRevision(_ tag: LanguageTag, of asked: Revision) throws(ConductError) -> TranslatedRevision? {
        let history = try CurrencyHistory(store: self, head: asked)
        let candidates = try translationRecords().filter { $0.language == tag && $0.revisionID.flatMap { history.position(of: $0.hex) } != nil }
        let exact = candidates.filter { $0.revisionID == asked.commit }
        guard let translation = Translation.latest(exact.isEmpty ? candidates : exact)[tag] else { return nil }
        let source = try revision(at: translation.revisionID, recorded: translation.revision)
        let document: Document
        do {
            document = try Document.parse(text: translation.text)
        } catch {
            throw .corruptStore("the \(tag.value) translation \(translation.id.prefix(12)) does not parse: \(error.explanation)")
        }
        return TranslatedRevision(translation: translation, source: source, asked: asked, document: document)
    }

    /// The translated revisions the ledger holds that count (signed by the secretariat).
    func translationRecords() throws(ConductError) -> [Translation] {
        try trustedRecords(in: [Translation.folder]).compactMap(Translation.init)
    }

    /// The languages with a translation, by tag; with `revision`, only those with a translation
    /// of it or of a revision on its history.
    func translationLanguages(at revision: Revision? = nil) throws(ConductError) -> [String] {
        var records = try translationRecords()
        if let revision {
            let history = try CurrencyHistory(store: self, head: revision)
            records = records.filter { $0.revisionID.flatMap { history.position(of: $0.hex) } != nil }
        }
        return Set(records.map(\.language)).sorted().map(\.value)
    }

    /// `spec` as a revision on main: a proposal, or a commit off main, is not one.
    func adoptedRevision(_ spec: String?) throws(ConductError) -> Revision {
        if let spec, Proposal.isProposalSpec(spec) { throw .translationOfProposal(spec) }
        let revision = try resolve(spec)
        let onMain = try git("reading the history of main") { () throws -> Bool in
            guard let tip = try repository.reference(Store.mainReference) else { return false }
            return try repository.walk(from: tip, firstParentOnly: true).contains(revision.commit.object)
        }
        guard onMain else { throw .translationOfProposal(spec ?? revision.label) }
        return revision
    }

    private func sourceLabel(of translation: Translation) throws(ConductError) -> String {
        (try? revision(at: translation.revisionID, recorded: translation.revision).label) ?? String(translation.revision.prefix(7))
    }
}

extension Store {
    /// `verify`'s check of every translated revision: its text parses, the revision it names is on
    /// main, and every clause id it carries is one of that revision's. (Its name, fields, digest
    /// and language tag are checked with every record's fields; its signature with the authority.)
    func auditTranslations(_ records: [Record], mainline: Set<ObjectID>) throws(ConductError) -> [VerifyFinding] {
        var findings: [VerifyFinding] = []
        var sources: [CommitID: Set<String>] = [:]
        for record in records where record.type == Translation.type {
            guard let translation = Translation(record) else { continue }  // reported with the record's fields
            let subject = record.path.joined(separator: "/")
            guard let commit = translation.revisionID, mainline.contains(commit.object) else {
                findings.append(VerifyFinding(check: .translation, subject: subject,
                                              problem: "it translates \(translation.revision.prefix(12)), which is not an adopted revision on main"))
                continue
            }
            guard let text = try? Document.parse(text: translation.text) else {
                findings.append(VerifyFinding(check: .translation, subject: subject, problem: "its text does not parse as a document"))
                continue
            }
            if sources[commit] == nil {
                let revision = try revision(at: commit, recorded: translation.revision)
                sources[commit] = Set(try document(at: revision).clauses.compactMap(\.id))
            }
            let ids = text.clauses.map(\.id)
            if ids.contains(nil) {
                findings.append(VerifyFinding(check: .translation, subject: subject, problem: "a heading of its text carries no clause id"))
            }
            let unknown = ids.compactMap { $0 }.filter { !(sources[commit] ?? []).contains($0) }
            if !unknown.isEmpty {
                findings.append(VerifyFinding(check: .translation, subject: subject,
                                              problem: "it carries ids the revision it translates has no clause for: \(ConductError.summarise(unknown))"))
            }
        }
        return findings
    }
}

internal import Git

extension Store {
    /// The trailer of a translation commit's message that names the source revision it translates.
    static let translationOfTrailer = "Translation-Of"
    /// The front matter keys of a translated text that name the source revision it translates.
    static let translationOfKeys = ["translation-of", "source-revision"]

    /// A revision of main an import wrote, and the place in the source's chain of the commit it came from.
    struct ImportedRevision {
        let place: Int
        let revision: Revision
    }

    /// Records every change of every translation file as a translated revision of this store,
    /// all in one ledger commit, and says per file what was recorded and what was left out.
    ///
    /// A change translates the latest revision of the source committed at or before it on the
    /// first-parent line, unless its commit message names another (`Translation-Of: REV`) or
    /// its front matter does (`translation-of:` or `source-revision:`), in that order; REV is a
    /// version (`2.1`, `v2.1`) or a commit of the source repository. Each is recorded the way
    /// `translation add` records one (`translationRecord`), as an incomplete translation where
    /// some source clauses have no counterpart, with the commit's author as translator, its
    /// committer as the one who recorded it, and its commit date. A change that cannot be read,
    /// aligned or placed is left out with the reason; the others are recorded. A translated
    /// revision recorded by an earlier import (same language, source revision and date) is
    /// counted, not written again.
    func importTranslations(_ files: TranslationFiles, source: ImportSource) throws(ConductError) -> [ImportReport.TranslationFile] {
        var reports = files.files.map(\.report)
        guard files.files.contains(where: { !$0.changes.isEmpty }) else { return reports }
        let imported = try importedRevisions(from: source)
        let known = Set(try translationRecords().map { Self.importKey($0.language, $0.revision, $0.time) })
        var documents: [CommitID: Document] = [:]
        // Most clauses of a text stand unchanged from one of its commits to the next: parse each once.
        let memo = DigestMemo()
        var records: [Record] = []
        var last: (by: Identity, at: Timestamp)?
        let horizon = ClockSkew.horizon
        for (index, file) in files.files.enumerated() {
            guard let language = file.report.language, file.report.reason == nil else { continue }
            var previous: Timestamp?
            for change in file.changes {
                let commit = CommitID(change.commit.id)
                func skip(_ reason: String) {
                    reports[index].skipped.append(.init(commit: commit, path: change.path, reason: reason))
                }
                // Records of one language keep the order of its commits, whatever their clocks said.
                var at = Timestamp(seconds: change.commit.committer.time, offsetMinutes: change.commit.committer.offsetMinutes)
                if let previous, at <= previous { at = previous.next }
                previous = at

                let bytes = try source.bytes(of: change)
                let text: Document
                do throws(DocumentProblem) {
                    text = try Document.parse(text: try Document.validatedText(bytes), memo: memo)
                } catch {
                    skip(error.explanation)
                    continue
                }
                let placed = Self.translatedRevision(of: change, text: text, imported: imported, source: source)
                guard let revision = placed.revision else {
                    skip(placed.reason ?? "no revision of the source is known for it")
                    continue
                }
                guard at <= horizon else {
                    skip("its commit is dated \(at), more than 10 minutes after this machine's clock")
                    continue
                }
                if known.contains(Self.importKey(language, revision.commit.hex, at)) {
                    reports[index].alreadyImported += 1
                    continue
                }
                let sourceDocument: Document
                if let cached = documents[revision.commit] {
                    sourceDocument = cached
                } else {
                    sourceDocument = try document(at: revision)
                    documents[revision.commit] = sourceDocument
                }
                let translator = Identity(name: change.commit.author.name, email: change.commit.author.email)
                let by = Identity(name: change.commit.committer.name, email: change.commit.committer.email)
                do throws(ConductError) {
                    let made = try translationRecord(text, language: language, of: revision, sourceDocument: sourceDocument,
                                                     translator: translator, allowIncomplete: true,
                                                     authorship: Authorship(author: by, date: at))
                    records.append(made.record)
                    last = (by, max(at, last?.at ?? at))
                    reports[index].imported.append(.init(commit: commit, path: change.path, record: made.record.id, translates: revision,
                                                         rule: placed.rule, date: at, translator: translator,
                                                         missing: made.alignment.missing))
                } catch {
                    switch error {
                    case .translationNotAligned(_, let label, let problems):
                        skip("it does not align with \(label), even as an incomplete translation (\(Self.oneLine(problems))); write the source's {#id} after its headings, or name the revision it translates with a trailer '\(Self.translationOfTrailer): REV'")
                    case .translationTooLong(let size, let limit):
                        skip("with its ids it is \(size) bytes, over the \(limit)-byte limit of a translated revision")
                    default:
                        throw error
                    }
                }
            }
        }
        if let last, !records.isEmpty {
            let languages = Set(reports.filter { !$0.imported.isEmpty }.compactMap(\.language)).sorted().map(\.value)
            try append(records, message: "Import \(records.count) translated revision\(records.count == 1 ? "" : "s") (\(languages.joined(separator: ", "))) from \(source.location)",
                       authorship: Authorship(author: last.by, date: last.at))
        }
        return reports
    }

    /// Each language's translation at main, for the files an import read.
    func translationStates(_ reports: inout [ImportReport.TranslationFile]) throws(ConductError) {
        guard reports.contains(where: { $0.language != nil && $0.reason == nil }) else { return }
        let rows = try translations(at: nil).rows
        for index in reports.indices where reports[index].reason == nil {
            reports[index].status = rows.first { $0.language == reports[index].language }
        }
    }

    /// Main's revisions that an import wrote from a commit on the source's first-parent line, newest first.
    func importedRevisions(from source: ImportSource) throws(ConductError) -> [ImportedRevision] {
        try git("reading main") { () throws -> [ImportedRevision] in
            guard let tip = try repository.reference(Store.mainReference) else { return [] }
            var result: [ImportedRevision] = []
            for id in try repository.walk(from: tip, firstParentOnly: true) {
                let commit = try repository.commit(id)
                guard let hex = CommitMessage.split(commit.message).trailers[Store.importedFromTrailer],
                      let from = ObjectID(hex: hex), let place = source.position[from] else { continue }
                result.append(ImportedRevision(place: place, revision: Revision(commit)))
            }
            return result.sorted { $0.place < $1.place }
        }
    }

    /// The revision a translation commit translates, by which rule, or why none can be told.
    static func translatedRevision(of change: ImportSource.Change, text: Document, imported: [ImportedRevision],
                                   source: ImportSource) -> (revision: Revision?, rule: ImportReport.TranslationRule, reason: String?) {
        let trailers = CommitMessage.split(change.commit.message).trailers
        let trailer = trailers.first { $0.key.lowercased() == translationOfTrailer.lowercased() }?.value
        let front = translationOfKeys.lazy.compactMap { text.frontMatter?[$0] }.first
        if let (spec, rule, place) = trailer.map({ ($0, ImportReport.TranslationRule.trailer, "its commit message's \(translationOfTrailer)") })
            ?? front.map({ ($0, ImportReport.TranslationRule.frontMatter, "its front matter") }) {
            let named = spec.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace).description
            if let version = ImportSource.version(ofTag: named) {
                if let found = imported.first(where: { $0.revision.version == version }) { return (found.revision, rule, nil) }
            }
            if let id = try? source.repository.peelToCommit(try source.repository.revparse(named)) {
                guard let at = source.position[id] else {
                    return (nil, rule, "\(place) names \(named), commit \(id.hex.prefix(12)), which is not on the first-parent history of \(source.branch)")
                }
                guard let found = imported.first(where: { $0.place >= at }) else {
                    return (nil, rule, "\(place) names \(named), before the first revision of \(source.path) imported")
                }
                return (found.revision, rule, nil)
            }
            let versions = imported.compactMap(\.revision.version).sorted().map(\.label)
            return (nil, rule, "\(place) names '\(named)', which is no version of the store (\(ConductError.summarise(versions))) and no commit of \(source.location)")
        }
        let at = source.position[change.commit.id] ?? 0
        guard let found = imported.first(where: { $0.place >= at }) else {
            return (nil, .preceding, "it was committed before the first revision of \(source.path) imported; name the revision it translates with a trailer '\(translationOfTrailer): REV' or front matter 'translation-of: REV'")
        }
        return (found.revision, .preceding, nil)
    }

    /// The alignment problems on one line, without the advice for a file a user gives by hand.
    static func oneLine(_ problems: String) -> String {
        problems.split(separator: "\n")
            .map { $0.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace).description }
            .filter { !$0.isEmpty && !$0.hasPrefix("write the source's id") }
            .map { $0.replacing(": : ", with: ": ") }
            .joined(separator: "; ")
    }

    /// What identifies a translated revision an import recorded: its language, source revision and date.
    static func importKey(_ language: LanguageTag, _ revision: String, _ time: Timestamp) -> String {
        "\(language.value) \(revision) \(time.seconds).\(time.milliseconds)"
    }
}

import Git

extension Store {
    static let importedFromTrailer = "Conduct-Imported-From"
    static let importedPathTrailer = "Conduct-Imported-Path"

    /// Imports the history of a file in a git repository as revisions, oldest first.
    ///
    /// Every first-parent commit of the branch that changed the file (following renames) becomes
    /// a revision with its author, dates and message, and trailers saying its version, whether it
    /// was editorial or substantive, and the source commit. Headings without ids are matched to
    /// the revision before by the diff engine, so a clause keeps its id through rewording,
    /// renumbering and moves. The store is `storePath` (made when it is new or empty), else
    /// `$CONDUCT_STORE`, else the store around `currentDirectory`. Importing again adds only the
    /// source commits after the last one imported; with nothing new, nothing is written. A
    /// store holding revisions of its own is refused. A change whose text cannot be kept is
    /// skipped and listed in the report (with `strict`, it stops the import instead). Everything
    /// is read and checked before anything is written; refs move by compare-and-swap.
    public static func importHistory(
        _ request: ImportRequest, store storePath: String?, environment: [String: String], currentDirectory: String
    ) throws(ConductError) -> ImportReport {
        if let key = request.secretariatKey { _ = try readPrivateKey(key) }
        // 1. Read the source: the file's first-parent changes, renames and tags (ImportSource.swift).
        let source = try ImportSource.read(request)
        // 1b. And the translation files beside it, with their languages (TranslationFiles.swift).
        let translationFiles = try TranslationFiles.read(request, source: source)
        let sincePlace = try request.since.map { spec throws(ConductError) in try source.place(of: spec) }
        var backoff = Backoff()
        for _ in 0..<writeAttempts {
            // 2. Read the store written into, or note that the import makes it (ImportTarget.swift).
            let target = try readTarget(storePath: storePath, environment: environment, currentDirectory: currentDirectory, source: source)
            var report = ImportReport(
                store: target.store?.path ?? target.path, created: target.store == nil,
                documentName: target.store?.documentName ?? documentName(for: source.path),
                repository: source.location, branch: source.branch, path: source.path, tip: CommitID(source.tip),
                versioning: request.versioning)
            report.renames = source.renames
            report.translationPatterns = request.translations
            // Translations are signed by the secretariat: without its key nothing is written, not even
            // the revisions (a new store has the key it is given or generates).
            if let store = target.store, translationFiles.files.contains(where: { !$0.changes.isEmpty }) {
                if let key = request.secretariatKey { store.secretariatKeyFile = key }
                _ = try store.secretariatSigner(act: "importing translations", at: ClockSkew.horizon)
            }
            // 3. Read, check and number every revision to write, before anything is written
            //    (ImportPlan.swift; versions from tags in TagVersions.swift).
            let planned = try plan(source, request: request, target: target, since: sincePlace, report: &report)
            if let store = target.store { try store.refuseImportUnderAdoptionRule(planned) }
            report.clauses = (planned.last?.document ?? target.document)?.clauses.count ?? 0
            report.last = (planned.last?.change.commit.id ?? target.lastImportedCommit).map(CommitID.init)
            if planned.isEmpty {
                if target.store == nil, !report.skipped.isEmpty {
                    throw ConductError.importNothingReadable(file: source.path, repository: source.location, skipped: report.skipped.map {
                        "commit \($0.commit.hex.prefix(12)) (\($0.path)): \($0.reason)"
                    })
                }
                if target.store == nil { throw ConductError.importSince(request.since ?? "", reason: "leaves no change of \(source.path) that can be imported") }
                // No new revision, but maybe new translated revisions of those imported before.
                if let store = target.store, !translationFiles.files.isEmpty {
                    report.translations = try store.importTranslations(translationFiles, source: source)
                    try store.translationStates(&report.translations)
                }
                return report
            }
            // 4. Write the revisions, then main by compare-and-swap; a writer that moved first
            //    sends the import back to step 2 (ImportWrite.swift).
            do {
                // 5. The translated revisions, once the revisions they translate are there (ImportTranslations.swift).
                var translated = translationFiles.files.map(\.report)
                (report.revisions, report.secretariatKey) = try write(
                    planned, into: target, source: source, documentName: report.documentName, secretariatKey: request.secretariatKey,
                    finish: { store in
                        guard !translationFiles.files.isEmpty else { return }
                        translated = try store.importTranslations(translationFiles, source: source)
                    })
                report.translations = translated
                if !translationFiles.files.isEmpty { try Store.open(at: report.store).translationStates(&report.translations) }
                return report
            } catch let error as GitError where error.isExists || error.isModified || error.isLocked {
                // Another writer moved first (another import, most likely): read the store again.
                backoff.wait()
                continue
            } catch let error as ConductError {
                if case .pathNotEmpty = error, target.store == nil {
                    backoff.wait()
                    continue
                }
                throw error
            } catch let error as GitError {
                throw .git(error.message, while: "importing into \(report.store)")
            } catch {
                throw .corruptStore("importing into \(report.store): \(error)")
            }
        }
        throw ConductError.busy(ref: mainReference, attempts: writeAttempts)
    }
}

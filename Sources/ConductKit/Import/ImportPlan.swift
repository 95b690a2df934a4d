import Git

extension Store {
    /// A revision `import` is about to write.
    struct PlannedRevision {
        let change: ImportSource.Change
        let document: Document
        let assignments: [IDAssignment]
        let changes: [ClauseChange]
        let initial: Bool
        let version: Version?
    }

    /// Reads, checks and numbers every revision to write, before anything is written.
    ///
    /// A change whose text cannot be kept (binary, not UTF-8, too large, nested too deep, or
    /// refused by the parser) is skipped and listed, unless the request is strict; the next
    /// change is then matched against the last revision kept, so clause ids carry over the gap.
    static func plan(_ source: ImportSource, request: ImportRequest, target: ImportTarget, since: Int?,
                     report: inout ImportReport) throws(ConductError) -> [PlannedRevision] {
        // A change is new when it is nearer the tip than the last imported commit and than --since.
        let cutoff = [target.lastImported, since].compactMap { $0 }.min()
        var pending: [(index: Int, change: ImportSource.Change)] = []
        var imported: [Int] = []
        for (index, change) in source.changes.enumerated() {
            let place = source.position[change.commit.id] ?? 0
            if let last = target.lastImported, place >= last {
                report.alreadyImported += 1
                imported.append(index)
            } else if let cutoff, place >= cutoff {
                report.before += 1
            } else {
                pending.append((index, change))
            }
        }

        var versioning = request.versioning
        var tagsByChange: [Int: [ImportSource.PlacedTag]] = [:]
        if versioning == .tags {
            let placed = try source.placedTags()
            for tag in placed { tagsByChange[tag.change, default: []].append(tag) }
            if !placed.contains(where: { ImportSource.version(ofTag: $0.name) != nil }) { versioning = .sequence }
        }
        report.versioning = versioning
        // A version tagged since the last import on a commit that did not change the file names a
        // revision imported before, which keeps the version it was given then: say so. (Tags that
        // could not have been versions then are not listed again on every import.)
        if let last = target.lastImported {
            for index in imported {
                for tag in tagsByChange[index] ?? [] where tag.place < last {
                    guard let version = ImportSource.version(ofTag: tag.name), target.version.map({ version > $0 }) ?? true else { continue }
                    report.unusedTags.append(ImportReport.UnusedTag(
                        name: tag.name, commit: CommitID(tag.commit), change: CommitID(source.changes[index].commit.id),
                        reason: "it names the text of commit \(source.changes[index].commit.id.hex.prefix(12)), imported before; a revision keeps the version it was imported with"))
                }
            }
        }
        /// Lists every tag of a change that gives no revision.
        func unused(_ index: Int, reason: String) {
            for tag in tagsByChange[index] ?? [] {
                report.unusedTags.append(ImportReport.UnusedTag(
                    name: tag.name, commit: CommitID(tag.commit), change: tag.commit == source.changes[index].commit.id ? nil : CommitID(source.changes[index].commit.id),
                    reason: reason))
            }
        }

        var planned: [PlannedRevision] = []
        var previous = target.document
        // Most clauses stand unchanged from one revision to the next: parse each text once.
        let memo = DigestMemo()
        var floor = target.version
        let progress = ProgressReporter("reading the changes", total: pending.count, unit: "changes")
        for (index, change) in pending {
            defer { progress.advance() }
            let commit = change.commit.id.hex
            let document: Document, assignments: [IDAssignment]
            do {
                (document, assignments) = try Document.parse(text: try Document.validatedText(try source.bytes(of: change)), memo: memo)
                    .assigningIDs(base: previous, matchingClauses: true)
            } catch let problem as DocumentProblem {
                if request.strict {
                    throw ConductError.importBadRevision(commit: commit, file: change.path, repository: source.location, problem: problem)
                }
                report.skipped.append(ImportReport.Skipped(commit: CommitID(change.commit.id), path: change.path, problem: problem))
                unused(index, reason: "it names the text of commit \(commit.prefix(12)), which was skipped: \(problem.explanation)")
                continue
            } catch let error as ConductError {
                throw error
            } catch {
                throw .corruptStore("reading \(change.path) at \(commit.prefix(12)): \(error)")
            }
            if let previous, previous.text == document.text {
                report.identical.append(CommitID(change.commit.id))
                unused(index, reason: "it names the text of commit \(commit.prefix(12)), which equals the revision before it")
                continue
            }
            let changes = previous.map { ClauseChange.from(Differ(clausesOnly: true).diff($0, document)) }
                ?? ClauseChange.initial(document.digests)

            var version: Version?
            switch versioning {
            case .sequence:
                version = floor?.nextMinor ?? Version(major: 1, minor: 0)
            case .tags:
                version = versionFromTags(tagsByChange[index] ?? [], change: change, floor: floor, path: source.path, report: &report)
            }
            if let version { floor = version }
            planned.append(PlannedRevision(change: change, document: document, assignments: assignments, changes: changes,
                                   initial: previous == nil, version: version))
            previous = document
        }
        return planned
    }
}

extension Store {
    /// Refuses an import whose revisions would land on main under an adoption rule in force at
    /// their dates: each would be adopted with no proposal, window or approvals, which `verify`
    /// would then report. Revisions dated before the rule (a history older than it) are imported.
    func refuseImportUnderAdoptionRule(_ planned: [PlannedRevision]) throws(ConductError) {
        guard !planned.isEmpty else { return }
        let config = try trustedRecords(in: ["config"])
        guard config.contains(where: { AdoptionRule.keys.contains($0.value["key"]?.stringValue ?? "") }) else { return }
        for revision in planned {
            let author = revision.change.commit.author
            let date = Timestamp(seconds: author.time, offsetMinutes: author.offsetMinutes)
            if let rule = AdoptionRule.fold(config, at: date), rule.requiresConsultation || rule.quorum(nonMaterial: false) != nil {
                throw .importUnderAdoptionRule(store: path, commit: revision.change.commit.id.hex, date: date.description,
                                               since: rule.since.description)
            }
        }
    }
}

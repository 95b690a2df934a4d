#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

extension Store {
    static let importedFromTrailer = "Conduct-Imported-From"
    static let importedPathTrailer = "Conduct-Imported-Path"

    /// A revision `import` is about to write.
    struct Planned {
        let change: ImportSource.Change
        let document: Document
        let assignments: [IDAssignment]
        let changes: [ClauseChange]
        let initial: Bool
        let version: Version?
    }

    /// The store an import writes into, as it stood when read.
    struct Target {
        let path: String
        /// Nil when the import makes the store (a new path, an empty directory or an empty git repository).
        let store: Store?
        let tip: Revision?
        let document: Document?
        let version: Version?
        /// The last source commit already imported, as a place in the source's chain.
        var lastImported: Int? = nil
        var lastImportedCommit: ObjectID? = nil
    }

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
        let source = try ImportSource.read(request)
        let sincePlace = try request.since.map { spec throws(ConductError) in try source.place(of: spec) }
        var backoff = Backoff()
        for _ in 0..<writeAttempts {
            let target = try readTarget(storePath: storePath, environment: environment, currentDirectory: currentDirectory, source: source)
            var report = ImportReport(
                store: target.store?.path ?? target.path, created: target.store == nil,
                documentName: target.store?.documentName ?? documentName(for: source.path),
                repository: source.location, branch: source.branch, path: source.path, tip: source.tip,
                versioning: request.versioning)
            report.renames = source.renames
            let planned = try plan(source, request: request, target: target, since: sincePlace, report: &report)
            report.clauses = (planned.last?.document ?? target.document)?.clauses.count ?? 0
            report.last = planned.last?.change.commit.id ?? target.lastImportedCommit
            if planned.isEmpty {
                if target.store == nil, !report.skipped.isEmpty {
                    throw ConductError.importNothingReadable(file: source.path, repository: source.location, skipped: report.skipped.map {
                        "commit \($0.commit.hex.prefix(12)) (\($0.path)): \($0.reason)"
                    })
                }
                if target.store == nil { throw ConductError.importSince(request.since ?? "", reason: "leaves no change of \(source.path) that can be imported") }
                return report
            }
            do {
                (report.revisions, report.secretariatKey) = try write(planned, into: target, source: source, documentName: report.documentName,
                                                                      secretariatKey: request.secretariatKey)
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
                throw .git(error, while: "importing into \(report.store)")
            } catch {
                throw .corruptStore("importing into \(report.store): \(error)")
            }
        }
        throw ConductError.busy(ref: mainReference, attempts: writeAttempts)
    }

    /// The document's name in a new store: the file's own name, when it can be one.
    static func documentName(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return isValidDocumentName(name) ? name : defaultDocumentName
    }

    static func readTarget(storePath: String?, environment: [String: String], currentDirectory: String,
                                   source: ImportSource) throws(ConductError) -> Target {
        let named = storePath ?? environment["CONDUCT_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        let store: Store
        if let named {
            switch FileKind(atPath: named) {
            case .missing:
                return Target(path: named, store: nil, tip: nil, document: nil, version: nil)
            case .file, .other:
                throw .pathIsFile(named)
            case .directory:
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: named)) ?? ["?"]
                if contents.isEmpty {
                    return Target(path: named, store: nil, tip: nil, document: nil, version: nil)
                }
                guard let repository = try? Repository.open(at: named) else { throw .pathNotEmpty(path: named, holdsStore: false) }
                if (try? repository.reference(mainReference)) == nil {
                    // A git repository with nothing in it is as good as an empty directory.
                    guard let references = try? repository.references(matching: "refs/*"), references.isEmpty else {
                        throw .importUnrelated(store: named, reason: "is a git repository with references but no main branch")
                    }
                    return Target(path: named, store: nil, tip: nil, document: nil, version: nil)
                }
                do {
                    store = try Store.open(at: named)
                } catch {
                    throw .importUnrelated(store: named, reason: "is a git repository that holds no conduct store")
                }
                try store.requireWritable()
            }
        } else {
            // The store around the current directory, when it is one an import made (the source's
            // own work tree is no store, and must not be taken for one).
            let found: Store
            do {
                found = try Store.locate(explicit: nil, environment: [:], currentDirectory: currentDirectory)
            } catch {
                throw .importNeedsStore(currentDirectory, reason: "is in no store")
            }
            let imported = try found.git("reading main") { () throws -> Bool in
                guard let tip = try found.repository.reference(mainReference) else { return false }
                return CommitMessage.split(try found.repository.commit(tip).message).trailers[importedFromTrailer] != nil
            }
            guard imported else { throw .importNeedsStore(currentDirectory, reason: "is in a git repository that no import made") }
            try found.requireWritable()
            store = found
        }
        let tip = try store.head()
        let trailers = try store.git("reading main") { CommitMessage.split(try store.repository.commit(tip.commit).message).trailers }
        guard let hex = trailers[importedFromTrailer], let last = ObjectID(hex: hex) else {
            let importedBefore = try store.git("reading main") { () throws -> Bool in
                for id in try store.repository.walk(from: tip.commit, firstParentOnly: true) {
                    if CommitMessage.split(try store.repository.commit(id).message).trailers[importedFromTrailer] != nil { return true }
                }
                return false
            }
            throw .importUnrelated(store: store.path, reason: importedBefore
                ? "has revisions adopted since it was imported (main is at \(tip.label)); importing more would mix them with the history of \(source.path)"
                : "holds revisions that were not imported from git (main is at \(tip.label))")
        }
        guard let place = source.position[last] else {
            throw .importUnrelated(store: store.path, reason: "was imported from commit \(hex.prefix(12)), which is not on the first-parent history of \(source.branch) in \(source.location)")
        }
        return Target(path: store.path, store: store, tip: tip, document: try store.document(at: tip),
                      version: try store.versions().last, lastImported: place, lastImportedCommit: last)
    }

    /// Reads, checks and numbers every revision to write, before anything is written.
    ///
    /// A change whose text cannot be kept (binary, not UTF-8, too large, nested too deep, or
    /// refused by the parser) is skipped and listed, unless the request is strict; the next
    /// change is then matched against the last revision kept, so clause ids carry over the gap.
    static func plan(_ source: ImportSource, request: ImportRequest, target: Target, since: Int?,
                             report: inout ImportReport) throws(ConductError) -> [Planned] {
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
                        name: tag.name, commit: tag.commit, change: source.changes[index].commit.id,
                        reason: "it names the text of commit \(source.changes[index].commit.id.hex.prefix(12)), imported before; a revision keeps the version it was imported with"))
                }
            }
        }
        /// Lists every tag of a change that gives no revision.
        func unused(_ index: Int, reason: String) {
            for tag in tagsByChange[index] ?? [] {
                report.unusedTags.append(ImportReport.UnusedTag(
                    name: tag.name, commit: tag.commit, change: tag.commit == source.changes[index].commit.id ? nil : source.changes[index].commit.id,
                    reason: reason))
            }
        }

        var planned: [Planned] = []
        var previous = target.document
        // Most clauses stand unchanged from one revision to the next: parse each text once.
        let memo = DigestMemo()
        var floor = target.version
        for (index, change) in pending {
            let commit = change.commit.id.hex
            let document: Document, assignments: [IDAssignment]
            do {
                (document, assignments) = try Document.parse(text: try Document.validatedText(try source.bytes(of: change)), memo: memo)
                    .assigningIDs(base: previous, matchingClauses: true)
            } catch let problem as DocumentProblem {
                if request.strict {
                    throw ConductError.importBadRevision(commit: commit, file: change.path, repository: source.location, problem: problem)
                }
                report.skipped.append(ImportReport.Skipped(commit: change.commit.id, path: change.path, problem: problem))
                unused(index, reason: "it names the text of commit \(commit.prefix(12)), which was skipped: \(problem.explanation)")
                continue
            } catch let error as ConductError {
                throw error
            } catch {
                throw .corruptStore("reading \(change.path) at \(commit.prefix(12)): \(error)")
            }
            if let previous, previous.text == document.text {
                report.identical.append(change.commit.id)
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
            planned.append(Planned(change: change, document: document, assignments: assignments, changes: changes,
                                   initial: previous == nil, version: version))
            previous = document
        }
        return planned
    }

    /// The version the tags naming one change give it, listing the others as unused.
    ///
    /// Of the tags that name the change, the one on the newest commit wins (on one commit, the
    /// highest version), provided it comes after the version before (`floor`): when a project
    /// tags `2.0` and later `2.1` on release commits that left the file alone, the text is
    /// version 2.1, the newest name the project gave it, and the next adoption counts on to 2.2.
    static func versionFromTags(_ tags: [ImportSource.PlacedTag], change: ImportSource.Change, floor: Version?,
                                        path: String, report: inout ImportReport) -> Version? {
        let ordered = tags.sorted { a, b in
            if a.place != b.place { return a.place < b.place }
            let (x, y) = (ImportSource.version(ofTag: a.name), ImportSource.version(ofTag: b.name))
            switch (x, y) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.name < b.name
            }
        }
        let chosen = ordered.first { tag in
            ImportSource.version(ofTag: tag.name).map { version in floor.map { version > $0 } ?? true } ?? false
        }
        for tag in ordered where tag.name != chosen?.name {
            let reason: String
            if let parsed = ImportSource.version(ofTag: tag.name) {
                if let floor, parsed <= floor {
                    reason = "\(parsed.label) does not come after \(floor.label)"
                } else if let chosen, chosen.commit == tag.commit {
                    reason = "the same commit has \(chosen.name), a later version"
                } else {
                    // A tag with a usable version that was not chosen: a tag on a newer commit was.
                    reason = "\(chosen?.name ?? "another tag"), on a later commit, names the same text of \(path)"
                }
            } else {
                reason = "not a MAJOR.MINOR version"
            }
            report.unusedTags.append(ImportReport.UnusedTag(name: tag.name, commit: tag.commit,
                                                            change: tag.commit == change.commit.id ? nil : change.commit.id, reason: reason))
        }
        return chosen.flatMap { ImportSource.version(ofTag: $0.name) }
    }

    /// Writes the planned revisions: objects first, then the tags create-only, then main by
    /// compare-and-swap. A new store is built beside its path and renamed into place when
    /// complete, so a failed or concurrent import never leaves half a store, nor removes another's.
    static func write(_ planned: [Planned], into target: Target, source: ImportSource, documentName: String,
                              secretariatKey: String?) throws -> ([ImportReport.Entry], Store.SecretariatKeySetup?) {
        // A new store's first authority record, dated with its first revision.
        let first = planned.first?.change.commit.author
        let authorship = Authorship(author: Identity(name: first?.name ?? "conduct", email: first?.email ?? ""),
                                    date: Timestamp(seconds: first?.time ?? 0, offsetMinutes: first?.offsetMinutes ?? 0))
        guard target.store != nil else {
            if FileKind(atPath: target.path) == .directory, let repository = try? Repository.open(at: target.path) {
                // An empty git repository is used where it is; main is created only if still absent.
                try repository.setConfig("core.logAllRefUpdates", "always")
                let reopened = try Repository.open(at: repository.gitDirectory)
                try mark(reopened, documentName: documentName)
                try reopened.setHead(mainReference)
                let store = Store(repository: reopened, documentName: documentName)
                // The revisions are signed with the key the secretariat is then set up with; only the
                // import that wrote main sets it up: the others found main taken.
                let key = try secretariatKey.map { path throws(ConductError) in try Store.readPrivateKey(path) }
                    ?? SSHPrivateKey.generate(comment: "conduct secretariat")
                let entries = try writeRevisions(planned, into: Target(path: store.path, store: store, tip: nil, document: nil, version: nil),
                                                 source: source, key: key)
                try store.setUpAuthority(explicit: secretariatKey, generated: key, authorship: authorship)
                return (entries, store.createdSecretariatKey)
            }
            let staging = Store.stagingPath(for: target.path, purpose: "import")
            let entries: [ImportReport.Entry]
            let setup: Store.SecretariatKeySetup?
            do {
                let repository = try Repository.initBare(at: staging)
                try mark(repository, documentName: documentName)
                try repository.setHead(mainReference)
                let store = Store(repository: repository, documentName: documentName)
                try store.setUpAuthority(explicit: secretariatKey, finalDirectory: target.path, authorship: authorship)
                setup = store.createdSecretariatKey
                entries = try writeRevisions(planned, into: Target(path: store.path, store: store, tip: nil, document: nil, version: nil),
                                             source: source)
            } catch {
                try? FileManager.default.removeItem(atPath: staging)
                throw error
            }
            do {
                try Store.moveIntoPlace(staging, target.path)
            } catch {
                try? FileManager.default.removeItem(atPath: staging)
                throw error
            }
            return (entries, setup)
        }
        return (try writeRevisions(planned, into: target, source: source), nil)
    }

    /// Writes the planned revisions onto main; `key` signs them when given (an import into an
    /// empty repository in place, whose secretariat is set up only once main is written), else
    /// the store's secretariat key in force at the first revision's time.
    static func writeRevisions(_ planned: [Planned], into target: Target, source: ImportSource,
                                       key: SSHPrivateKey? = nil) throws -> [ImportReport.Entry] {
        guard let store = target.store else { return [] }
        store.prepareWrite()
        let repository = store.repository
        let name = store.documentName
        var parent = target.tip?.commit
        var entries = try target.tip.map { try repository.tree($0.tree).filter { $0.name != name } } ?? []
        entries.removeAll { $0.name == name }
        var previousBlob = try target.tip.flatMap { try repository.blob(atPath: name, inTree: $0.tree) }
        var tags: [(reference: String, tag: ObjectID, label: String)] = []
        var cached: [(ObjectID?, ObjectID, [ClauseChange])] = []
        var commits: [ObjectID] = []
        let first = planned.first.map { Timestamp(seconds: $0.change.commit.author.time, offsetMinutes: $0.change.commit.author.offsetMinutes) }
        let signer = try key.map { Store.revisionSigner($0) } ?? store.revisionSigner(at: first ?? Timestamp(seconds: 0))

        for revision in planned {
            let blob = try repository.writeBlob(Array(revision.document.text.utf8))
            let tree = try repository.writeTree(entries + [TreeEntry(name: name, id: blob, mode: .blob)])
            let kind = ClauseChange.rollUp(revision.changes)
            var trailers: [(String, String)] = []
            if let version = revision.version { trailers.append(("Conduct-Version", version.description)) }
            trailers += [("Conduct-Change", kind.rawValue), (importedFromTrailer, revision.change.commit.id.hex),
                         (importedPathTrailer, revision.change.path)]
            var message = revision.change.commit.message.trimmingSuffix(while: \.isWhitespace).description
            if message.isEmpty { message = "Import \(revision.change.commit.id.hex.prefix(12))" }
            let text = CommitMessage.compose(message, trailers: trailers)
            let commit = try store.writeRevisionCommit(tree: tree, parents: parent.map { [$0] } ?? [],
                                                       author: revision.change.commit.author,
                                                       committer: revision.change.commit.committer, message: text, signer: signer)
            if let version = revision.version {
                let tag = try store.writeVersionTag(name: version.label, target: commit, tagger: revision.change.commit.committer,
                                                    message: text, signer: signer)
                tags.append((version.tagReference, tag, version.label))
            }
            cached.append((previousBlob, blob, revision.changes))
            commits.append(commit)
            previousBlob = blob
            parent = commit
        }
        guard let tip = parent else { return [] }

        // Main moves first: it makes the import true; the tags follow, and a tag a crash left out
        // is restored by the next writer from its revision's Conduct-Version.
        try repository.updateReference(mainReference, to: tip, expected: target.tip?.commit,
                                       logMessage: "conduct: import \(planned.count) revision\(planned.count == 1 ? "" : "s") of \(source.path) from \(source.location)")
        for tag in tags {
            try? repository.updateReference(tag.reference, to: tag.tag, expected: nil, logMessage: "conduct: import tag \(tag.label)")
        }
        var cache = SummaryCache(gitDirectory: store.path, load: false)
        for (old, new, changes) in cached { cache.store(old: old, new: new, changes: changes) }
        cache.flush()

        return try zip(planned, commits).map { revision, commit in
            ImportReport.Entry(source: revision.change.commit.id, path: revision.change.path,
                               revision: Revision(try repository.commit(commit)), changes: revision.changes,
                               initial: revision.initial, assignments: revision.assignments)
        }
    }
}

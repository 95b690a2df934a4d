#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

extension Store {
    /// Writes the planned revisions: objects first, then the tags create-only, then main by
    /// compare-and-swap. A new store is built beside its path and renamed into place when
    /// complete, so a failed or concurrent import never leaves half a store, nor removes another's.
    /// `finish` runs on the store once its revisions and secretariat are in place (in a new store,
    /// before it is renamed into place): the translations are written there.
    static func write(_ planned: [PlannedRevision], into target: ImportTarget, source: ImportSource, documentName: String,
                      secretariatKey: String?, finish: (Store) throws -> Void) throws -> ([ImportReport.Entry], Store.SecretariatKeySetup?) {
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
                let entries = try writeRevisions(planned, into: ImportTarget(path: store.path, store: store, tip: nil, document: nil, version: nil),
                                                 source: source, key: key)
                try store.setUpAuthority(explicit: secretariatKey, generated: key, authorship: authorship)
                try finish(store)
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
                entries = try writeRevisions(planned, into: ImportTarget(path: store.path, store: store, tip: nil, document: nil, version: nil),
                                             source: source)
                try finish(store)
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
        let entries = try writeRevisions(planned, into: target, source: source)
        if let store = target.store { try finish(store) }
        return (entries, nil)
    }

    /// Writes the planned revisions onto main; `key` signs them when given (an import into an
    /// empty repository in place, whose secretariat is set up only once main is written), else
    /// the store's secretariat key in force at the first revision's time.
    static func writeRevisions(_ planned: [PlannedRevision], into target: ImportTarget, source: ImportSource,
                               key: SSHPrivateKey? = nil) throws -> [ImportReport.Entry] {
        guard let store = target.store else { return [] }
        store.prepareWrite()
        let repository = store.repository
        let name = store.documentName
        var parent = target.tip?.commit.object
        var entries = try target.tip.map { try repository.tree($0.tree).filter { $0.name != name } } ?? []
        entries.removeAll { $0.name == name }
        var previousBlob = try target.tip.flatMap { try repository.blob(atPath: name, inTree: $0.tree) }
        var tags: [(reference: String, tag: ObjectID, label: String)] = []
        var cached: [(ObjectID?, ObjectID, [ClauseChange])] = []
        var commits: [ObjectID] = []
        let first = planned.first.map { Timestamp(seconds: $0.change.commit.author.time, offsetMinutes: $0.change.commit.author.offsetMinutes) }
        let signer = try key.map { Store.revisionSigner($0) } ?? store.revisionSigner(at: first ?? Timestamp(seconds: 0))
        let progress = ProgressReporter("writing revisions", total: planned.count, unit: "revisions")

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
            progress.advance()
        }
        progress.finish()
        guard let tip = parent else { return [] }

        // Main moves first: it makes the import true; the tags follow, and a tag a crash left out
        // is restored by the next writer from its revision's Conduct-Version.
        try repository.updateReference(mainReference, to: tip, expected: target.tip?.commit.object,
                                       logMessage: "conduct: import \(planned.count) revision\(planned.count == 1 ? "" : "s") of \(source.path) from \(source.location)")
        for tag in tags {
            try? repository.updateReference(tag.reference, to: tag.tag, expected: nil, logMessage: "conduct: import tag \(tag.label)")
        }
        var cache = SummaryCache(gitDirectory: store.path, load: false)
        for (old, new, changes) in cached { cache.store(old: old, new: new, changes: changes) }
        cache.flush()

        return try zip(planned, commits).map { revision, commit in
            ImportReport.Entry(source: CommitID(revision.change.commit.id), path: revision.change.path,
                               revision: Revision(try repository.commit(commit)), changes: revision.changes,
                               initial: revision.initial, assignments: revision.assignments)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Git

extension Store {
    static let writeAttempts = 60

    /// Creates a bare store at `path` whose first revision is `bytes`.
    ///
    /// Refuses a path that holds anything; on failure nothing is left behind.
    public static func create(
        at path: String, bytes: [UInt8], source: String, documentName: String = Store.defaultDocumentName,
        version: Version?, message: String?, authorship: Authorship, secretariatKey: String? = nil
    ) throws(ConductError) -> (Store, Adoption) {
        guard isValidDocumentName(documentName) else { throw .invalidDocumentName(documentName) }
        if let secretariatKey { _ = try readPrivateKey(secretariatKey) }
        let fileManager = FileManager.default
        let kind = FileKind(atPath: path)
        if kind != .missing {
            guard kind == .directory else { throw .pathIsFile(path) }
            let contents = (try? fileManager.contentsOfDirectory(atPath: path)) ?? ["?"]
            if !contents.isEmpty {
                let holdsStore = (try? Repository.open(at: path)) != nil
                throw .pathNotEmpty(path: path, holdsStore: holdsStore)
            }
        }
        // Check everything the user gave before anything is written.
        let parsed: Document
        do {
            parsed = try Document.parse(bytes: bytes).assigningIDs(base: nil).document
        } catch {
            throw .badDocument(source: source, problem: error)
        }
        let version = version ?? Version(major: 1, minor: 0)

        // The store is built beside its path and renamed into place whole, so a crash leaves the
        // path as it was (and at most a staging folder beside it).
        let staging = Store.stagingPath(for: path, purpose: "init")
        do {
            let repository = try Repository.initBare(at: staging)
            try mark(repository, documentName: documentName)
            try repository.setHead(mainReference)
            let store = Store(repository: repository, documentName: documentName)
            try store.setUpAuthority(explicit: secretariatKey, finalDirectory: path, authorship: authorship)
            let adoption = try store.write(
                version: version, versionGiven: true, message: message, authorship: authorship,
                trailers: [], expectInitial: true) { _ in (parsed, []) }
            try Store.moveIntoPlace(staging, path)
            let created = Store(repository: try Repository.open(at: path), documentName: documentName)
            created.createdSecretariatKey = store.createdSecretariatKey
            return (created, Adoption(revision: adoption.revision, changes: adoption.changes, assignments: adoption.assignments))
        } catch {
            try? fileManager.removeItem(atPath: staging)
            if let error = error as? ConductError { throw error }
            if let error = error as? GitError { throw .git(error.message, while: "creating the store") }
            throw .corruptStore("creating the store: \(error)")
        }
    }

    /// A fresh name beside `path` for a store being built: `<path>.conduct-<purpose>-<random>`.
    static func stagingPath(for path: String, purpose: String) -> String {
        var base = path
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        return base + ".conduct-\(purpose)-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Renames the finished store `staging` to `path` (missing, or an empty directory: rename(2)
    /// takes nothing else, so a store made meanwhile at `path` is never replaced).
    static func moveIntoPlace(_ staging: String, _ path: String) throws(ConductError) {
        var base = path
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        guard rename(staging, base) == 0 else {
            throw ConductError.pathNotEmpty(path: path, holdsStore: (try? Repository.open(at: base)) != nil)
        }
    }

    /// Records `bytes` as a new revision on main: the secretariat's direct path.
    ///
    /// Headings without `{#id}` are matched to the current revision's clauses before ids are
    /// minted. The version defaults to the next minor one. Safe against concurrent writers: the
    /// tag `vX.Y` is claimed create-only, then main moves by compare-and-swap; a writer that
    /// loses either race rebuilds on the new tip.
    ///
    /// A text in which no clause of the current revision lives on (an empty file, a file of
    /// another document) is refused unless `removeAll` confirms it.
    ///
    /// While an adoption rule that asks for a consultation is in force, a text adopted directly
    /// (it has had none) is refused unless `override` gives the reason for an override the rule allows.
    public func adopt(bytes: [UInt8], source: String, version: Version?, message: String?, authorship: Authorship,
                      removeAll: Bool = false, override: String? = nil) throws(ConductError) -> Adoption {
        let parsed: Document
        do {
            parsed = try Document.parse(bytes: bytes)
        } catch {
            throw .badDocument(source: source, problem: error)
        }
        let trailers = try adoptionGate(nil, nonMaterial: false, at: authorship.date, override: override)
        return try git("adopting a revision") {
            try write(version: version, versionGiven: version != nil, message: message, authorship: authorship,
                      trailers: trailers, expectInitial: false, removal: removeAll ? nil : "'\(source)'") { base in
                do {
                    return try parsed.assigningIDs(base: base?.document)
                } catch let problem as DocumentProblem {
                    throw ConductError.badDocument(source: source, problem: problem)
                }
            }
        }
    }

    /// The write loop shared by `create`, `adopt` and adopting a proposal: `makeDocument` builds
    /// the new text from the current revision, and runs again whenever another writer moved main.
    /// With `removal` (how to name the text), a text that removes every clause of the current
    /// revision is refused; nil when the user confirmed it.
    func write(
        version: Version?, versionGiven: Bool, message: String?, authorship: Authorship,
        trailers: [(String, String)], expectInitial: Bool, removal: String? = nil,
        makeDocument: ((revision: Revision, document: Document)?) throws -> (Document, [IDAssignment])
    ) throws -> Adoption {
        try requireWritable()
        prepareWrite()
        var backoff = Backoff()
        let signer = try revisionSigner(at: authorship.date)
        for _ in 0..<Store.writeAttempts {
            let tip = try repository.reference(Store.mainReference)
            if expectInitial, tip != nil { throw ConductError.pathNotEmpty(path: path, holdsStore: true) }
            if !expectInitial, tip == nil { throw ConductError.corruptStore("refs/heads/main is missing") }

            // Everything below is recomputed on each attempt: the tip may have moved.
            var base: (revision: Revision, document: Document, tree: [TreeEntry])?
            if let tip {
                let revision = Revision(try repository.commit(tip))
                base = (revision, try self.document(at: revision), try repository.tree(revision.tree))
            }
            let (newDocument, newAssignments) = try makeDocument(base.map { ($0.revision, $0.document) })
            if let base, base.document.text == newDocument.text {
                throw ConductError.unchanged(current: base.revision.label)
            }
            // An imported history may end in revisions without a version: count from the newest one.
            let current = try base.flatMap { try newestVersion(onMainFrom: $0.revision) }
            var target = version ?? current?.nextMinor ?? Version(major: 1, minor: 0)
            if versionGiven, let current, target <= current {
                throw ConductError.versionNotAfter(target.label, current: current.label)
            }
            // Main moves first and its tag follows, so a tag whose commit is not on main is a
            // leftover (of a crash, or of a main taken from a remote): it names no version and is
            // replaced. A tag on main is a version taken.
            if versionGiven, try isVersionTaken(target, tip: tip) {
                throw ConductError.versionExists(target.label)
            }
            if !versionGiven {
                while try isVersionTaken(target, tip: tip) { target = target.nextMinor }
            }

            let changes = base.map { ClauseChange.from(Differ(clausesOnly: true).diff($0.document, newDocument)) }
                ?? ClauseChange.initial(newDocument.digests)
            if let removal, let base {
                try Store.refuseRemovingEveryClause(of: base.document, at: base.revision.label, changes: changes, source: removal)
            }
            let kind = ClauseChange.rollUp(changes)
            let blob = try repository.writeBlob(Array(newDocument.text.utf8))
            var entries = base?.tree.filter { $0.name != documentName } ?? []
            entries.append(TreeEntry(name: documentName, id: blob, mode: .blob))
            let tree = try repository.writeTree(entries)
            let text = CommitMessage.compose(
                message ?? "Adopt \(target.label)",
                trailers: [("Conduct-Version", target.description), ("Conduct-Change", kind.rawValue)] + trailers)
            let signature = authorship.signature
            let commit = try writeRevisionCommit(tree: tree, parents: tip.map { [$0] } ?? [], author: signature, committer: signature,
                                                 message: text, signer: signer)
            let tag = try writeVersionTag(name: target.label, target: commit, tagger: signature, message: text, signer: signer)

            // Main's compare-and-swap is the one step that makes the adoption true; the tag
            // follows, and a tag a crash left out is restored from the commit's Conduct-Version.
            do {
                try repository.updateReference(Store.mainReference, to: commit, expected: tip, logMessage: "conduct: adopt \(target.label)")
            } catch let error as GitError where error.isExists || error.isModified || error.isLocked {
                if expectInitial { throw ConductError.pathNotEmpty(path: path, holdsStore: true) }
                backoff.wait()
                continue
            }
            try placeTag(target, tag: tag)
            // The summary log will show for this revision is known now: keep it for log.
            let parentBlob = try base.flatMap { try repository.blob(atPath: documentName, inTree: $0.revision.tree) }
            var cache = SummaryCache(gitDirectory: path, load: false)
            cache.store(old: parentBlob, new: blob, changes: changes)
            cache.flush()
            return Adoption(revision: Revision(try repository.commit(commit)), changes: changes, assignments: newAssignments)
        }
        throw ConductError.busy(ref: Store.mainReference, attempts: Store.writeAttempts)
    }

    /// Whether version `version` is taken: its tag points at a commit on main (`tip`).
    private func isVersionTaken(_ version: Version, tip: ObjectID?) throws -> Bool {
        guard let existing = try repository.reference(version.tagReference), let tip else { return false }
        guard let tagged = try? repository.peelToCommit(existing) else { return true }
        return try tagged == tip || repository.isAncestor(tagged, of: tip)
    }

    /// Points the version tag at `tag`, once main holds its revision: a tag left off main is
    /// kept under `refs/conduct/backup/tags/` and replaced. Should another writer hold the tag's
    /// lock, the tag is left for the next writer to restore.
    private func placeTag(_ version: Version, tag: ObjectID) throws {
        for _ in 0..<3 {
            let existing = try repository.reference(version.tagReference)
            do {
                if let existing {
                    // A version is never taken from a revision on main.
                    if let tagged = try? repository.peelToCommit(existing), let main = try repository.reference(Store.mainReference),
                       try tagged == main || repository.isAncestor(tagged, of: main) { return }
                    try repository.setReference("refs/conduct/backup/tags/\(version.label)", to: existing,
                                                logMessage: "conduct: version tag that pointed off main")
                }
                try repository.updateReference(version.tagReference, to: tag, expected: existing, logMessage: "conduct: tag \(version.label)")
                return
            } catch let error as GitError where error.isExists || error.isModified || error.isLocked {
                continue
            }
        }
    }

    /// The version of `revision`, or of the nearest revision before it on main that has one.
    func newestVersion(onMainFrom revision: Revision) throws -> Version? {
        if let version = revision.version { return version }
        for id in try repository.walk(from: revision.commit.object, firstParentOnly: true).dropFirst() {
            if let version = Revision(try repository.commit(id)).version { return version }
        }
        return nil
    }
}

extension Store {
    /// Throws when no clause of `document` (the revision `label`) lives on in a new text whose
    /// changes are `changes`: each is removed, none moved, merged or split into the new text.
    /// A document without clauses has nothing to lose.
    static func refuseRemovingEveryClause(of document: Document, at label: String, changes: [ClauseChange],
                                          source: String) throws(ConductError) {
        guard !document.clauses.isEmpty else { return }
        let removed = Set(changes.filter { $0.change == .removed }.map(\.clause))
        guard document.clauses.allSatisfy({ $0.id.map(removed.contains) ?? false }) else { return }
        throw .removesEveryClause(
            source: source, revision: label,
            clauses: document.clauses.map { "\($0.id ?? "") \"\([$0.heading.number, $0.heading.text].compactMap { $0 }.joined(separator: " "))\"" },
            added: changes.filter { $0.change == .added }.count)
    }
}

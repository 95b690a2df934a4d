#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

/// What a write records about who made it and when.
public struct Authorship: Sendable {
    public var author: Identity
    public var date: Timestamp

    public init(author: Identity, date: Timestamp) {
        self.author = author
        self.date = date
    }

    var signature: Signature {
        Signature(name: author.name, email: author.email, time: date.seconds, offsetMinutes: date.offsetMinutes)
    }
}

/// The outcome of adopting a revision.
public struct Adoption: Sendable {
    public let revision: Revision
    public let changes: [ClauseChange]
    /// Ids given to headings that had none.
    public let assignments: [IDAssignment]
}

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
        var created = false
        let kind = FileKind(atPath: path)
        if kind != .missing {
            guard kind == .directory else { throw .pathIsFile(path) }
            let contents = (try? fileManager.contentsOfDirectory(atPath: path)) ?? ["?"]
            if !contents.isEmpty {
                let holdsStore = (try? Repository.open(at: path)) != nil
                throw .pathNotEmpty(path: path, holdsStore: holdsStore)
            }
        } else {
            created = true
        }
        // Check everything the user gave before anything is written.
        let parsed: Document
        do {
            parsed = try Document.parse(bytes: bytes).assigningIDs(base: nil).document
        } catch {
            throw .badDocument(source: source, problem: error)
        }
        let version = version ?? Version(major: 1, minor: 0)

        do {
            let repository = try Repository.initBare(at: path)
            try repository.setConfig(documentNameKey, documentName)
            try repository.setHead(mainReference)
            let store = Store(repository: repository, documentName: documentName)
            try store.setUpAuthority(explicit: secretariatKey, authorship: authorship)
            let adoption = try store.write(
                version: version, versionGiven: true, message: message, authorship: authorship,
                trailers: [], expectInitial: true) { _ in (parsed, []) }
            return (store, adoption)
        } catch {
            if created {
                try? fileManager.removeItem(atPath: path)
            } else if let contents = try? fileManager.contentsOfDirectory(atPath: path) {
                for item in contents { try? fileManager.removeItem(atPath: path + "/" + item) }
            }
            if let error = error as? ConductError { throw error }
            if let error = error as? GitError { throw .git(error, while: "creating the store") }
            throw .corruptStore("creating the store: \(error)")
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
    public func adopt(bytes: [UInt8], source: String, version: Version?, message: String?, authorship: Authorship,
                      removeAll: Bool = false) throws(ConductError) -> Adoption {
        let parsed: Document
        do {
            parsed = try Document.parse(bytes: bytes)
        } catch {
            throw .badDocument(source: source, problem: error)
        }
        return try git("adopting a revision") {
            try write(version: version, versionGiven: version != nil, message: message, authorship: authorship,
                      trailers: [], expectInitial: false, removal: removeAll ? nil : "'\(source)'") { base in
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
        var backoff = Backoff()
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
            if versionGiven, try repository.reference(target.tagReference) != nil {
                throw ConductError.versionExists(target.label)
            }
            if !versionGiven {
                // A tag left by a writer that is not building on this tip (one that crashed, or
                // an older branch) is skipped; a writer racing on this very tip is waited for.
                while let existing = try repository.reference(target.tagReference) {
                    let tagged = try repository.commit(try repository.peelToCommit(existing))
                    if tagged.parents.first == tip { break }
                    target = target.nextMinor
                }
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
            let commit = try repository.writeCommit(tree: tree, parents: tip.map { [$0] } ?? [], author: signature, committer: signature, message: text)
            let tag = try repository.writeTag(name: target.label, target: commit, tagger: signature, message: text)

            do {
                try repository.updateReference(target.tagReference, to: tag, expected: nil, logMessage: "conduct: tag \(target.label)")
            } catch let error as GitError where error.isExists || error.isModified || error.isLocked {
                if versionGiven, !error.isLocked { throw ConductError.versionExists(target.label) }
                backoff.wait()
                continue
            }
            do {
                try repository.updateReference(Store.mainReference, to: commit, expected: tip, logMessage: "conduct: adopt \(target.label)")
            } catch let error as GitError where error.isExists || error.isModified || error.isLocked {
                try? repository.deleteReference(target.tagReference, expected: tag)
                if expectInitial { throw ConductError.pathNotEmpty(path: path, holdsStore: true) }
                backoff.wait()
                continue
            }
            // The summary log will show for this revision is known now: keep it for log.
            let parentBlob = try base.flatMap { try repository.blob(atPath: documentName, inTree: $0.revision.tree) }
            var cache = SummaryCache(gitDirectory: path, load: false)
            cache.store(old: parentBlob, new: blob, changes: changes)
            cache.flush()
            return Adoption(revision: Revision(try repository.commit(commit)), changes: changes, assignments: newAssignments)
        }
        throw ConductError.busy(ref: Store.mainReference, attempts: Store.writeAttempts)
    }

    /// The version of `revision`, or of the nearest revision before it on main that has one.
    func newestVersion(onMainFrom revision: Revision) throws -> Version? {
        if let version = revision.version { return version }
        for id in try repository.walk(from: revision.commit, firstParentOnly: true).dropFirst() {
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

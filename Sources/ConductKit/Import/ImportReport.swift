internal import Git

/// What an import wrote, and what it left out and why.
public struct ImportReport: Sendable {
    /// A revision written from one source commit.
    public struct Entry: Sendable {
        /// The source commit.
        public let source: CommitID
        /// The file's path in the source commit.
        public let path: String
        public let revision: Revision
        /// The clauses that changed since the revision before (every clause, for the first revision).
        public let changes: [ClauseChange]
        /// The store's first revision: nothing to compare with.
        public let initial: Bool
        public let assignments: [IDAssignment]
        /// `initial`, else editorial or substantive by the fingerprint rule.
        public var change: String { initial ? "initial" : ClauseChange.rollUp(changes).rawValue }
    }

    /// Where the file was renamed: in `commit`, from `from` to `to`.
    public struct Rename: Sendable {
        public let commit: CommitID
        public let from: String
        public let to: String
    }

    /// A tag that gave no version, and why.
    public struct UnusedTag: Sendable {
        public let name: String
        /// The commit the tag sits on.
        public let commit: CommitID
        /// The change of the file it names (the newest at or before `commit`), when that is another commit.
        public let change: CommitID?
        public let reason: String
    }

    /// A change of the file that could not be kept as a revision, and why; the others were imported.
    public struct Skipped: Sendable {
        public let commit: CommitID
        /// The file's path in that commit.
        public let path: String
        public let problem: DocumentProblem
        public var reason: String { problem.explanation }
    }

    public var store: String
    /// The store was made by this import.
    public var created: Bool
    public var documentName: String
    public var repository: String
    public var branch: String
    public var path: String
    public var tip: CommitID
    /// How versions were given (`tags` falls back to `sequence` when no commit has a version tag).
    public var versioning: ImportVersioning
    public var revisions: [Entry] = []
    /// The secretariat key of a store the import made.
    public var secretariatKey: Store.SecretariatKeySetup?
    /// Revisions of the file the store held already from earlier imports.
    public var alreadyImported = 0
    /// Source commits left out because of `--since`.
    public var before = 0
    /// Source commits whose text, once ids were given, was the same as the revision before.
    public var identical: [CommitID] = []
    public var renames: [Rename] = []
    public var unusedTags: [UnusedTag] = []
    /// Changes left out because their text cannot be kept (binary, not UTF-8, too large…), oldest first.
    public var skipped: [Skipped] = []
    /// Clauses in the store's current revision.
    public var clauses = 0
    /// The source commit the store's main now ends at.
    public var last: CommitID?
    /// The `--translations` patterns, and every file they matched, by path.
    public var translationPatterns: [String] = []
    public var translations: [TranslationFile] = []

    public var editorial: Int { revisions.filter { $0.change == "editorial" }.count }
    public var substantive: Int { revisions.filter { $0.change == "substantive" }.count }
    /// Clause changes of the non-initial revisions, by kind.
    public func clauseChanges(_ kind: Significance) -> Int {
        revisions.filter { !$0.initial }.reduce(0) { $0 + $1.changes.filter { $0.kind == kind }.count }
    }
}

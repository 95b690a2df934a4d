internal import Git

/// What to import: the history of one file on one branch of a git repository.
public struct ImportRequest: Sendable {
    /// The repository: a work tree or a git directory.
    public var repository: String
    /// The file's path at the tip of the branch.
    public var path: String
    /// The branch to walk (default: the repository's `HEAD`).
    public var branch: String?
    public var versioning: ImportVersioning
    /// Import only changes made after this commit of the source (as in `git log SINCE..`).
    public var since: String?
    /// Stop at the first revision that cannot be kept, writing nothing; by default such a
    /// revision is skipped (and listed) and every other one is imported.
    public var strict: Bool
    /// For a new store: the secretariat's private key file (nil: one is generated).
    public var secretariatKey: String?

    public init(repository: String, path: String, branch: String? = nil, versioning: ImportVersioning = .tags, since: String? = nil,
                strict: Bool = false, secretariatKey: String? = nil) {
        self.secretariatKey = secretariatKey
        self.repository = repository
        self.path = path
        self.branch = branch
        self.versioning = versioning
        self.since = since
        self.strict = strict
    }
}

/// How `import` gives versions to the revisions it writes.
public enum ImportVersioning: String, Sendable, CaseIterable {
    /// From tags on the branch's first-parent line: `v1.2`, `1.2`, `v1.2.0`. A tag names the
    /// newest change of the file at or before the tagged commit, so a tag on a release commit
    /// that did not touch the file still counts. Changes without one get no version. When no
    /// tag gives a version, `sequence` is used instead.
    case tags
    /// 1.0, 1.1, 1.2, … in order, continuing after the store's newest version.
    case sequence
}

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

    public var editorial: Int { revisions.filter { $0.change == "editorial" }.count }
    public var substantive: Int { revisions.filter { $0.change == "substantive" }.count }
    /// Clause changes of the non-initial revisions, by kind.
    public func clauseChanges(_ kind: Significance) -> Int {
        revisions.filter { !$0.initial }.reduce(0) { $0 + $1.changes.filter { $0.kind == kind }.count }
    }
}

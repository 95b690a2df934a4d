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
    /// Patterns for the translation files to import with the source (`code-of-conduct-languages/*.md`),
    /// matched against the paths at the tip of the branch.
    public var translations: [String]
    /// A file's language where its name and front matter do not give it, or give another:
    /// its path at the tip, and the BCP 47 tag.
    public var translationLanguages: [String: String]

    public init(repository: String, path: String, branch: String? = nil, versioning: ImportVersioning = .tags, since: String? = nil,
                strict: Bool = false, secretariatKey: String? = nil, translations: [String] = [],
                translationLanguages: [String: String] = [:]) {
        self.secretariatKey = secretariatKey
        self.translations = translations
        self.translationLanguages = translationLanguages
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

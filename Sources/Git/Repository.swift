import CLibGit2

/// An open git repository: the owner of one libgit2 `git_repository` handle.
///
/// Everything the repository returns is a Swift value; no libgit2 pointer leaves this module.
/// An instance must be used from one thread at a time (it is deliberately not `Sendable`);
/// to work from several threads, open one instance per thread on the same path — libgit2's
/// lock files and compare-and-swap reference updates keep them consistent.
public final class Repository {
    /// The owned `git_repository *`, freed in `deinit`.
    let pointer: OpaquePointer

    /// Takes ownership of a `git_repository *`.
    private init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Frees the handle (`git_repository_free`).
    deinit {
        git_repository_free(pointer)
    }

    /// Creates a bare repository at `path` (or re-initialises an existing one) with
    /// `git_repository_init(path, 1)`, sets `core.logAllRefUpdates = always` in its config so
    /// that every reference update — including custom namespaces such as `refs/conduct/*` — is
    /// written to a reflog, and returns it freshly opened (so libgit2 sees that setting).
    public static func initBare(at path: String) throws -> Repository {
        try LibGit2.ensureInitialized()
        let operation = "git_repository_init(\(path), bare)"
        try path.requireNoNUL("path", in: operation)
        var raw: OpaquePointer?
        try check(git_repository_init(&raw, path, 1), operation)
        guard let raw else { throw GitError.missingResult(operation: operation) }
        let created = Repository(owning: raw)
        try created.setConfig("core.logAllRefUpdates", "always")
        // libgit2 caches core.* settings per handle; reopen so the new value is in force.
        return try open(at: created.gitDirectory)
    }

    /// Opens the repository exactly at `path` — a bare repository, a `.git` directory or a working
    /// tree containing `.git` — without searching parent directories
    /// (`git_repository_open_ext` with `GIT_REPOSITORY_OPEN_NO_SEARCH`).
    /// Throws `isNotFound` when `path` is not a repository.
    public static func open(at path: String) throws -> Repository {
        try LibGit2.ensureInitialized()
        let operation = "git_repository_open_ext(\(path))"
        try path.requireNoNUL("path", in: operation)
        var raw: OpaquePointer?
        try check(git_repository_open_ext(&raw, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), operation)
        guard let raw else { throw GitError.missingResult(operation: operation) }
        return Repository(owning: raw)
    }

    /// Finds the repository containing `path` by walking up the directory tree
    /// (`git_repository_discover`, not crossing file systems) and opens it.
    /// Throws `isNotFound` when there is none.
    public static func discover(from path: String) throws -> Repository {
        try LibGit2.ensureInitialized()
        let operation = "git_repository_discover(\(path))"
        try path.requireNoNUL("path", in: operation)
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_repository_discover(&buffer, path, 0, nil), operation)
        guard let found = buffer.ptr else { throw GitError.missingResult(operation: operation) }
        return try open(at: String(cString: found))
    }

    /// The repository's git directory (the bare repository itself, or the `.git` folder),
    /// without a trailing slash (`git_repository_path`).
    public var gitDirectory: String {
        guard let raw = git_repository_path(pointer) else { return "" }
        var path = String(cString: raw)
        while path.count > 1, path.hasSuffix("/") {
            path.removeLast()
        }
        return path
    }

    /// `true` for a bare repository (`git_repository_is_bare`).
    public var isBare: Bool {
        git_repository_is_bare(pointer) == 1
    }

    /// The work tree's directory without a trailing slash, or nil for a bare repository
    /// (`git_repository_workdir`).
    public var workTree: String? {
        guard let raw = git_repository_workdir(pointer) else { return nil }
        var path = String(cString: raw)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

import CGitShims
import CLibGit2

/// Process-wide libgit2 set-up.
///
/// libgit2 must be initialised (`git_libgit2_init`) before any other call. Swift runs the
/// initialiser of a `static let` exactly once, lazily and thread-safely, so every entry point
/// of this module that can reach libgit2 first calls `LibGit2.ensureInitialized()`.
enum LibGit2 {
    /// `nil` when `git_libgit2_init` succeeded, otherwise the error it reported.
    private static let initializationError: GitError? = {
        let rc = git_libgit2_init()
        if rc < 0 {
            return GitError.last(code: rc, operation: "git_libgit2_init")
        }
        // Refuse to write trees, commits, tags or references that point at missing
        // objects (libgit2's default, made explicit so nothing else can turn it off silently).
        let strict = cgit_set_strict_object_creation(1)
        if strict < 0 {
            return GitError.last(code: strict, operation: "git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION)")
        }
        return nil
    }()

    /// Initialises libgit2 on first use (`git_libgit2_init`); throws if that failed.
    static func ensureInitialized() throws {
        if let initializationError {
            throw initializationError
        }
    }
}

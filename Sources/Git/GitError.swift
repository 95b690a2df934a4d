import CLibGit2

/// An error reported by libgit2 (or by this module's own input validation).
///
/// `code` is libgit2's `git_error_code` (e.g. `GIT_ENOTFOUND` = -3), `errorClass` its
/// `git_error_t` class and `message` the text of `git_error_last()`, both read straight
/// after the failing call. `operation` says what this module was doing.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 return code (`git_error_code`, negative).
    public let code: Int32
    /// The libgit2 error class (`git_error_t`, e.g. `GIT_ERROR_REFERENCE`), 0 when none was set.
    public let errorClass: Int32
    /// The message libgit2 reported (`git_error_last()->message`), or this module's own explanation.
    public let message: String
    /// What was being attempted, e.g. `git_reference_create_matching(refs/heads/main)`.
    public let operation: String

    /// Creates an error from its parts. No libgit2 call.
    public init(code: Int32, errorClass: Int32, message: String, operation: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
    }

    /// `"<operation>: <message> (code <code>, class <errorClass>)"`. No libgit2 call.
    public var description: String {
        "\(operation): \(message) (code \(code), class \(errorClass))"
    }

    /// The object, reference, file or config value does not exist (`GIT_ENOTFOUND`).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// Something already exists and prevents the operation, e.g. a create-only reference update (`GIT_EEXISTS`).
    public var isExists: Bool { code == GIT_EEXISTS.rawValue }

    /// A reference was not at the expected value during a compare-and-swap (`GIT_EMODIFIED`).
    public var isModified: Bool { code == GIT_EMODIFIED.rawValue }

    /// A lock file held by another writer prevented the operation (`GIT_ELOCKED`).
    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }

    /// A short object-id prefix matched more than one object, or was too short (`GIT_EAMBIGUOUS`).
    public var isAmbiguous: Bool { code == GIT_EAMBIGUOUS.rawValue }

    /// The input was rejected as invalid: a bad name, path or argument (`GIT_EINVALID` or `GIT_EINVALIDSPEC`).
    public var isInvalid: Bool { code == GIT_EINVALID.rawValue || code == GIT_EINVALIDSPEC.rawValue }
}

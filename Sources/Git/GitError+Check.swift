import CLibGit2

extension GitError {
    /// Builds the error for a libgit2 call that returned `code`, reading `git_error_last()`
    /// (which may be NULL) and then clearing it (`git_error_clear`) so a later failure
    /// that sets no message cannot pick up this one.
    static func last(code: Int32, operation: String) -> GitError {
        var errorClass: Int32 = 0
        var message = "libgit2 returned \(code)"
        if let last = git_error_last() {
            errorClass = last.pointee.klass
            if let text = last.pointee.message {
                message = String(cString: text)
            }
        }
        git_error_clear()
        return GitError(code: code, errorClass: errorClass, message: message, operation: operation)
    }

    /// An error for input this module rejects before calling libgit2 (`GIT_EINVALID`, class `GIT_ERROR_INVALID`).
    static func invalidInput(_ message: String, operation: String) -> GitError {
        GitError(
            code: GIT_EINVALID.rawValue,
            errorClass: Int32(GIT_ERROR_INVALID.rawValue),
            message: message,
            operation: operation
        )
    }

    /// An error for a libgit2 call that succeeded but handed back no object (should not happen).
    static func missingResult(operation: String) -> GitError {
        GitError(
            code: GIT_ERROR.rawValue,
            errorClass: 0,
            message: "libgit2 reported success but returned no result",
            operation: operation
        )
    }
}

/// The one funnel for libgit2 return codes: returns `rc` when it is not negative,
/// otherwise throws `GitError.last(code: rc, operation: operation())`.
@discardableResult
func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
    guard rc < 0 else { return rc }
    throw GitError.last(code: rc, operation: operation())
}

/// Forgets libgit2's last error after a failure this module handles itself
/// (e.g. `GIT_ENOTFOUND` turned into `nil`), via `git_error_clear`.
func clearLastError() {
    git_error_clear()
}

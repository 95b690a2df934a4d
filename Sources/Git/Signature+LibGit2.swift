import CLibGit2

extension Signature {
    /// Copies a libgit2 `git_signature` (name, email, `when.time`, `when.offset`).
    init(_ signature: UnsafePointer<git_signature>) {
        let raw = signature.pointee
        self.init(
            name: raw.name.map { String(cString: $0) } ?? "",
            email: raw.email.map { String(cString: $0) } ?? "",
            time: Int64(raw.when.time),
            offsetMinutes: Int32(raw.when.offset)
        )
    }

    /// Copies the `git_signature` behind a pointer libgit2 returned; throws when it is NULL.
    init(_ pointer: UnsafePointer<git_signature>?, operation: @autoclosure () -> String) throws {
        guard let pointer else { throw GitError.missingResult(operation: operation()) }
        self.init(pointer)
    }

    /// Builds a temporary libgit2 signature with `git_signature_new`, passes it to `body`,
    /// and frees it (`git_signature_free`) afterwards. The pointer must not escape `body`.
    func withGitSignature<Result>(
        _ operation: @autoclosure () -> String,
        _ body: (UnsafePointer<git_signature>) throws -> Result
    ) throws -> Result {
        try name.requireNoNUL("signature name", in: operation())
        try email.requireNoNUL("signature email", in: operation())
        var raw: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&raw, name, email, git_time_t(time), Int32(offsetMinutes)),
            "git_signature_new (\(operation()))"
        )
        defer { git_signature_free(raw) }
        guard let raw else { throw GitError.missingResult(operation: "git_signature_new (\(operation()))") }
        return try body(UnsafePointer(raw))
    }
}

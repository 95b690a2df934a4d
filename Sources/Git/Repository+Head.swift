import CLibGit2

extension Repository {
    /// Points `HEAD` at the reference `name` (`git_repository_set_head`).
    ///
    /// For a branch (`refs/heads/…`) `HEAD` becomes a symbolic reference to it, even when the branch
    /// does not exist yet (an "unborn" branch, as in a fresh repository); for another existing
    /// reference `HEAD` is detached at its commit. Throws `isNotFound` for a missing non-branch
    /// reference and `isInvalid` for a malformed name.
    public func setHead(_ name: String) throws {
        let operation = "git_repository_set_head(\(name))"
        try name.requireNoNUL("reference name", in: operation)
        try check(git_repository_set_head(pointer, name), operation)
    }
}

extension Repository {
    /// The reference `HEAD` names (e.g. `refs/heads/main`), or `nil` when `HEAD` is detached
    /// (`git_reference_lookup`, `git_reference_type`, `git_reference_symbolic_target`).
    /// The branch need not exist yet. Throws `isNotFound` when there is no `HEAD` at all.
    public func headTarget() throws -> String? {
        var reference: OpaquePointer?
        try check(git_reference_lookup(&reference, pointer, "HEAD"), "git_reference_lookup(HEAD)")
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else {
            return nil
        }
        return String(cString: target)
    }
}

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

import CLibGit2

extension Repository {
    /// The object id `name` points at, following symbolic references (`git_reference_name_to_id`);
    /// `nil` when the reference does not exist. Throws `isInvalid` for a malformed name.
    public func reference(_ name: String) throws -> ObjectID? {
        let operation = "git_reference_name_to_id(\(name))"
        try name.requireNoNUL("reference name", in: operation)
        var id = git_oid()
        let rc = git_reference_name_to_id(&id, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, operation)
        return ObjectID(id)
    }

    /// All references whose name matches the glob (e.g. `refs/conduct/*`), sorted by name
    /// (`git_reference_iterator_glob_new`, `git_reference_next`, `git_reference_resolve`).
    /// In libgit2's globs `*` also matches `/`. Symbolic references are resolved; dangling
    /// symbolic references (whose target does not exist) are skipped.
    public func references(matching glob: String) throws -> [Reference] {
        let operation = "git_reference_iterator_glob_new(\(glob))"
        try glob.requireNoNUL("glob", in: operation)
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, glob), operation)
        defer { git_reference_iterator_free(iterator) }

        var result: [Reference] = []
        while true {
            var reference: OpaquePointer?
            let rc = git_reference_next(&reference, iterator)
            if rc == GIT_ITEROVER.rawValue {
                clearLastError()
                break
            }
            try check(rc, "git_reference_next(\(glob))")
            defer { git_reference_free(reference) }
            guard let rawName = git_reference_name(reference) else {
                throw GitError.missingResult(operation: "git_reference_name")
            }
            let name = String(cString: rawName)

            var resolved: OpaquePointer?
            let resolveRC = git_reference_resolve(&resolved, reference)
            if resolveRC == GIT_ENOTFOUND.rawValue {
                clearLastError()
                continue
            }
            try check(resolveRC, "git_reference_resolve(\(name))")
            defer { git_reference_free(resolved) }
            let target = try ObjectID(git_reference_target(resolved), operation: "git_reference_target(\(name))")
            result.append(Reference(name: name, target: target))
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Compare-and-swap: moves `name` to `target` only if it currently points at `expected`
    /// (`nil`: the reference must not exist yet), and appends `logMessage` to its reflog.
    ///
    /// Calls `git_reference_create_matching(force 1, current_id expected)`, with the zero id as
    /// `current_id` when `expected` is `nil`; libgit2 compares the old value while holding the
    /// reference's lock file, so concurrent writers cannot both succeed.
    ///
    /// Throws a `GitError` with `isModified` when the reference is not at `expected` (including
    /// when it does not exist although `expected` is not `nil`), `isExists` when `expected` is `nil`
    /// but the reference exists, and `isLocked` when another writer holds the lock. On any error
    /// the reference is left unchanged.
    public func updateReference(_ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws {
        try name.requireNoNUL("reference name", in: "updateReference(\(name))")
        try logMessage.requireNoNUL("reflog message", in: "updateReference(\(name))")
        var targetOID = target.oid
        var reference: OpaquePointer?
        defer { git_reference_free(reference) }

        guard let expected else {
            // git_reference_create(force 0) checks that the reference is absent before taking
            // its lock, so two creators can both succeed. An expected value of zero makes
            // libgit2 check absence under the lock instead.
            let operation = "git_reference_create_matching(\(name) → \(target), create only)"
            var zero = ObjectID.zero.oid
            let rc = git_reference_create_matching(&reference, pointer, name, &targetOID, 1, &zero, logMessage)
            if rc == GIT_EMODIFIED.rawValue {
                let cause = GitError.last(code: rc, operation: operation)
                throw GitError(
                    code: GIT_EEXISTS.rawValue,
                    errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
                    message: "reference '\(name)' already exists (\(cause.message))",
                    operation: operation
                )
            }
            try check(rc, operation)
            return
        }

        let operation = "git_reference_create_matching(\(name) → \(target), expected \(expected))"
        var expectedOID = expected.oid
        let rc = git_reference_create_matching(&reference, pointer, name, &targetOID, 1, &expectedOID, logMessage)
        if rc == GIT_ENOTFOUND.rawValue {
            // libgit2 reports a missing reference as "not found"; for a compare-and-swap that is
            // simply "not at the expected value".
            let cause = GitError.last(code: rc, operation: operation)
            throw GitError(
                code: GIT_EMODIFIED.rawValue,
                errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
                message: "reference '\(name)' does not exist, expected it at \(expected) (\(cause.message))",
                operation: operation
            )
        }
        try check(rc, operation)
    }

    /// Deletes `name` only if it still points directly at `expected` (`git_reference_lookup`,
    /// compare, `git_reference_delete`, which libgit2 guards again by the old value under the lock).
    ///
    /// Throws `isModified` when the reference does not exist or points elsewhere (it is then left
    /// as it is), `isLocked` when another writer holds the lock, and `isInvalid` for a symbolic reference.
    public func deleteReference(_ name: String, expected: ObjectID) throws {
        let operation = "git_reference_delete(\(name), expected \(expected))"
        try name.requireNoNUL("reference name", in: operation)
        var reference: OpaquePointer?
        let lookupRC = git_reference_lookup(&reference, pointer, name)
        if lookupRC == GIT_ENOTFOUND.rawValue {
            let cause = GitError.last(code: lookupRC, operation: operation)
            throw GitError(
                code: GIT_EMODIFIED.rawValue,
                errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
                message: "reference '\(name)' does not exist, expected it at \(expected) (\(cause.message))",
                operation: operation
            )
        }
        try check(lookupRC, "git_reference_lookup(\(name))")
        defer { git_reference_free(reference) }

        guard git_reference_type(reference) == GIT_REFERENCE_DIRECT else {
            throw GitError.invalidInput("reference '\(name)' is symbolic; only direct references are deleted", operation: operation)
        }
        let current = try ObjectID(git_reference_target(reference), operation: "git_reference_target(\(name))")
        guard current == expected else {
            throw GitError(
                code: GIT_EMODIFIED.rawValue,
                errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
                message: "reference '\(name)' is at \(current), expected \(expected)",
                operation: operation
            )
        }
        try check(git_reference_delete(reference), operation)
    }
}

extension Repository {
    /// Points `name` at `target` whatever it held before (`git_reference_create`, force 1): for
    /// references this tool alone derives, such as remote-tracking and backup references.
    public func setReference(_ name: String, to target: ObjectID, logMessage: String) throws {
        let operation = "git_reference_create(\(name) → \(target), forced)"
        try name.requireNoNUL("reference name", in: operation)
        try logMessage.requireNoNUL("reflog message", in: operation)
        var oid = target.oid
        var reference: OpaquePointer?
        defer { git_reference_free(reference) }
        try check(git_reference_create(&reference, pointer, name, &oid, 1, logMessage), operation)
    }
}

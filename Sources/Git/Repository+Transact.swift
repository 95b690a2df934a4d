extension Repository {
    /// Compare-and-swap with retry on reference `name`.
    ///
    /// Each attempt reads the reference's current value (`reference(_:)`, `nil` when it does not
    /// exist), calls `body(current)` to build new objects and return the new target, then tries
    /// `updateReference(name, to: new, expected: current, logMessage:)`. When that fails because
    /// another writer got there first (`isModified`, `isExists`) or holds the lock (`isLocked`),
    /// it sleeps with jittered exponential backoff (about 2 ms doubling to a 200 ms cap) and starts
    /// again with the fresh value, up to `attempts` times (at least once); then it throws the last
    /// such error. An error thrown by `body`, or any other error, is rethrown at once.
    ///
    /// `body` may run several times, so it should only build objects (unreferenced leftovers are
    /// harmless) and have no other side effects. Returns the target that was installed.
    public func transact(
        _ name: String,
        logMessage: String,
        attempts: Int = 100,
        _ body: (ObjectID?) throws -> ObjectID
    ) throws -> ObjectID {
        let maxAttempts = max(attempts, 1)
        var backoff = Backoff()
        var lastError: GitError?
        for attempt in 1...maxAttempts {
            let current = try reference(name)
            let next = try body(current)
            do {
                try updateReference(name, to: next, expected: current, logMessage: logMessage)
                return next
            } catch let error as GitError where error.isModified || error.isExists || error.isLocked {
                lastError = error
                if attempt < maxAttempts { backoff.wait() }
            }
        }
        throw lastError ?? GitError.invalidInput("no attempt was made", operation: "transact(\(name))")
    }
}

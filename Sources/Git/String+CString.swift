extension String {
    /// Throws an invalid-input `GitError` when the string contains a NUL character.
    ///
    /// Swift passes strings to C as NUL-terminated, so an embedded NUL would silently
    /// truncate a name, path or message; this module rejects such input instead.
    func requireNoNUL(_ what: String, in operation: @autoclosure () -> String) throws {
        if utf8.contains(0) {
            throw GitError.invalidInput("\(what) contains a NUL character", operation: operation())
        }
    }
}

/// `Repository` wraps a libgit2 handle that must be used by one thread at a time, so it is
/// explicitly *not* `Sendable`: the compiler rejects sending an instance to another concurrency
/// domain. Open one instance per thread (or task) instead.
@available(*, unavailable, message: "Repository is not thread-safe; open one instance per thread")
extension Repository: Sendable {}

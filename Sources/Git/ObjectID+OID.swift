import CLibGit2

extension ObjectID {
    /// Copies the 20 bytes of a libgit2 `git_oid`.
    init(_ oid: git_oid) {
        let copied = withUnsafeBytes(of: oid.id) { ObjectID(bytes: $0) }
        // `git_oid.id` is a 20-byte tuple, so the conversion cannot fail; fall back to zero defensively.
        self = copied ?? ObjectID.zero
    }

    /// Copies the `git_oid` behind a pointer libgit2 returned; throws when the pointer is NULL.
    init(_ pointer: UnsafePointer<git_oid>?, operation: @autoclosure () -> String) throws {
        guard let pointer else { throw GitError.missingResult(operation: operation()) }
        self.init(pointer.pointee)
    }

    /// The id as a libgit2 `git_oid` value (pass it to C as `&copy`).
    var oid: git_oid {
        var result = git_oid()
        let source = bytes
        withUnsafeMutableBytes(of: &result.id) { destination in
            for index in 0..<min(destination.count, source.count) {
                destination[index] = source[index]
            }
        }
        return result
    }
}

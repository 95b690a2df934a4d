import CLibGit2

extension Repository {
    /// Stores `bytes` as a blob and returns its id (`git_blob_create_from_buffer`).
    /// Writing the same bytes twice is harmless and returns the same id.
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var id = git_oid()
        let rc: Int32 = bytes.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress {
                return git_blob_create_from_buffer(&id, pointer, base, buffer.count)
            }
            // An empty array may have no storage; hand libgit2 a valid pointer with length 0.
            var empty: UInt8 = 0
            return git_blob_create_from_buffer(&id, pointer, &empty, 0)
        }
        try check(rc, "git_blob_create_from_buffer(\(bytes.count) bytes)")
        return ObjectID(id)
    }

    /// Reads the content of the blob `id` (`git_blob_lookup`, `git_blob_rawcontent`, `git_blob_rawsize`).
    /// Throws `isNotFound` when there is no such blob (or `id` is another kind of object).
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        let operation = "git_blob_lookup(\(id))"
        var oid = id.oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), operation)
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0 else { return [] }
        guard let content = git_blob_rawcontent(blob) else { throw GitError.missingResult(operation: operation) }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }
}

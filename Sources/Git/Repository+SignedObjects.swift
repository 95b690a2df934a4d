import CLibGit2

/// A signature git keeps inside a commit or tag object, and the exact bytes it signs.
public struct ObjectSignature: Sendable, Equatable {
    /// The armoured signature text as git stores it (for SSH: `-----BEGIN SSH SIGNATURE-----` …),
    /// ending with a newline.
    public let signature: String
    /// The bytes the signature covers: a commit object without its signature header, or a tag
    /// object's content up to where the signature begins.
    public let signedData: [UInt8]

    public init(signature: String, signedData: [UInt8]) {
        self.signature = signature
        self.signedData = signedData
    }
}

extension Repository {
    /// Writes a commit carrying a signature in its `gpgsig` header, as `git commit -S` does, and
    /// returns its id. No reference is moved.
    ///
    /// The commit's content is built first (`git_commit_create_buffer`), `sign` turns exactly
    /// those bytes into an armoured signature, and the object is written with the signature as its
    /// `gpgsig` header (`git_commit_create_with_signature`), which `git verify-commit` checks.
    /// The message is stored verbatim. Throws what `sign` throws, or when the tree or a parent does
    /// not exist or a signature line is invalid.
    public func writeSignedCommit(
        tree: ObjectID,
        parents: [ObjectID],
        author: Signature,
        committer: Signature,
        message: String,
        sign: ([UInt8]) throws -> String
    ) throws -> ObjectID {
        try message.requireNoNUL("commit message", in: "git_commit_create_buffer")
        let content: [UInt8] = try withCommitInputs(tree: tree, parents: parents, author: author, committer: committer) {
            treeHandle, parentHandles, authorSignature, committerSignature in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            try check(
                git_commit_create_buffer(
                    &buffer, pointer, authorSignature, committerSignature, nil, message,
                    treeHandle, parentHandles.count, &parentHandles
                ),
                "git_commit_create_buffer(tree \(tree))"
            )
            guard let base = buffer.ptr else { throw GitError.missingResult(operation: "git_commit_create_buffer") }
            return Array(UnsafeRawBufferPointer(start: base, count: buffer.size))
        }

        // libgit2 continues each line of a header field with a space; git writes the signature's
        // final newline as the end of the header, not as an empty continuation line.
        var signature = try sign(content)
        while signature.hasSuffix("\n") { signature.removeLast() }
        let operation = "git_commit_create_with_signature(tree \(tree))"
        try signature.requireNoNUL("commit signature", in: operation)
        guard !signature.isEmpty else { throw GitError.invalidInput("the commit signature is empty", operation: operation) }
        let text = String(decoding: content, as: UTF8.self)
        var id = git_oid()
        try check(git_commit_create_with_signature(&id, pointer, text, signature, "gpgsig"), operation)
        return ObjectID(id)
    }

    /// The signature in the commit `id`'s `gpgsig` header and the bytes it signs (the commit
    /// without that header), via `git_commit_extract_signature`; `nil` for an unsigned commit.
    /// Throws `isNotFound` when there is no such commit.
    public func commitSignature(_ id: ObjectID) throws -> ObjectSignature? {
        let operation = "git_commit_extract_signature(\(id))"
        if try objectType(id) != .commit {
            throw GitError(code: GIT_ENOTFOUND.rawValue, errorClass: Int32(GIT_ERROR_ODB.rawValue),
                           message: "no commit \(id)", operation: operation)
        }
        var oid = id.oid
        var signature = git_buf()
        var signed = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signed)
        }
        let rc = git_commit_extract_signature(&signature, &signed, pointer, &oid, "gpgsig")
        if rc == GIT_ENOTFOUND.rawValue {
            clearLastError()
            return nil
        }
        try check(rc, operation)
        let signatureBytes = signature.ptr.map { Array(UnsafeRawBufferPointer(start: $0, count: signature.size)) } ?? []
        let signedBytes = signed.ptr.map { Array(UnsafeRawBufferPointer(start: $0, count: signed.size)) } ?? []
        var text = String(decoding: signatureBytes, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        return ObjectSignature(signature: text, signedData: signedBytes)
    }

    /// Writes an annotated tag whose content ends with a signature, as `git tag -s` does, and
    /// returns its id. Only the object is written (`git_odb_write`); no `refs/tags/*` reference is
    /// created or moved.
    ///
    /// The content is the `object`, `type`, `tag` and `tagger` lines, a blank line and `message`
    /// (given a final newline when it has none); `sign` turns exactly those bytes into an armoured
    /// signature, which is appended, so `git verify-tag` checks it. Throws `isInvalid` for a name
    /// git would not accept as a tag name or a signature that is not armoured text, `isNotFound`
    /// when `target` does not exist, and what `sign` throws.
    public func writeSignedTag(
        name: String, target: ObjectID, tagger: Signature, message: String, sign: ([UInt8]) throws -> String
    ) throws -> ObjectID {
        let operation = "git_odb_write(tag \(name) → \(target))"
        try checkTagInput(name: name, message: message, operation: operation)
        guard let kind = try objectType(target) else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, errorClass: Int32(GIT_ERROR_ODB.rawValue),
                           message: "no object \(target)", operation: operation)
        }
        // libgit2 checks the name and e-mail the way it does for every signature it writes.
        try tagger.withGitSignature("tagger") { _ in }

        var body = message
        if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
        let content = Array("object \(target.hex)\ntype \(kind.headerName)\ntag \(name)\ntagger \(tagger.headerLine)\n\n\(body)".utf8)
        let signature = try sign(content)
        try signature.requireNoNUL("tag signature", in: operation)
        guard signature.hasPrefix("-----BEGIN "), signature.hasSuffix("-----\n") || signature.hasSuffix("-----") else {
            throw GitError.invalidInput("a tag signature must be armoured text (-----BEGIN … -----END …-----)", operation: operation)
        }
        var object = content + Array(signature.utf8)
        if object.last != UInt8(ascii: "\n") { object.append(UInt8(ascii: "\n")) }

        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        var id = git_oid()
        let rc = object.withUnsafeBytes { bytes in git_odb_write(&id, odb, bytes.baseAddress, bytes.count, GIT_OBJECT_TAG) }
        try check(rc, operation)
        return ObjectID(id)
    }

    /// The signature at the end of the tag object `id` and the content before it, found the way
    /// git finds it: the last line that begins an armoured signature (PGP or SSH) starts it.
    /// `nil` for an unsigned tag. Throws `isNotFound` when there is no such tag object.
    public func tagSignature(_ id: ObjectID) throws -> ObjectSignature? {
        let operation = "git_odb_read(tag \(id))"
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.oid
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &oid), operation)
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_TAG else {
            throw GitError(code: GIT_ENOTFOUND.rawValue, errorClass: Int32(GIT_ERROR_TAG.rawValue),
                           message: "\(id) is not a tag object", operation: operation)
        }
        let size = git_odb_object_size(object)
        guard size > 0, let data = git_odb_object_data(object) else { return nil }
        let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
        guard let start = Self.signatureStart(bytes) else { return nil }
        return ObjectSignature(signature: String(decoding: bytes[start...], as: UTF8.self), signedData: Array(bytes[..<start]))
    }

    /// The lines git takes as the start of a signature appended to a tag (gpg-interface.c).
    private static let signatureMarkers = [
        "-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----",
        "-----BEGIN SIGNED MESSAGE-----", "-----BEGIN SSH SIGNATURE-----",
    ].map { Array($0.utf8) }

    /// Where the last line beginning a signature starts, after the headers; `nil` when none does.
    private static func signatureStart(_ bytes: [UInt8]) -> Int? {
        var found: Int?
        var lineStart = 0
        var inBody = false
        while lineStart < bytes.count {
            let end = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if inBody, signatureMarkers.contains(where: { bytes[lineStart..<end].starts(with: $0) }) {
                found = lineStart
            }
            if end == lineStart { inBody = true }
            lineStart = end + 1
        }
        return found
    }
}

extension ObjectKind {
    /// The name git writes in a tag's `type` line.
    var headerName: String {
        switch self {
        case .commit: "commit"
        case .tree: "tree"
        case .blob: "blob"
        case .tag: "tag"
        }
    }
}

extension Signature {
    /// `Name <email> seconds ±hhmm`, as git writes an author, committer or tagger line.
    var headerLine: String {
        let sign = offsetMinutes < 0 ? "-" : "+"
        let minutes = abs(Int(offsetMinutes))
        let hours = minutes / 60, rest = minutes % 60
        return "\(name) <\(email)> \(time) \(sign)\(hours < 10 ? "0" : "")\(hours)\(rest < 10 ? "0" : "")\(rest)"
    }
}

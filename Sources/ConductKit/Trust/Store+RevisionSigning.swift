internal import Git

/// Adopted revisions and version tags carry the secretariat's signature in git's own SSH format
/// (`gpg.format ssh`): an SSHSIG for namespace `git`, hashed with SHA-512, over exactly the bytes
/// git signs, so `git verify-commit` and `git verify-tag` check them with an allowed-signers file.
extension Store {
    /// The SSHSIG namespace git signs and verifies commits and tags in.
    static let gitSignatureNamespace = "git"

    /// What turns the bytes of a commit or tag into the armoured signature git stores.
    typealias RevisionSigner = ([UInt8]) throws -> String

    /// A signer with `key`, or nil (revisions written unsigned) without one.
    static func revisionSigner(_ key: SSHPrivateKey?) -> RevisionSigner? {
        guard let key else { return nil }
        return { bytes in try key.signature(namespace: gitSignatureNamespace, message: bytes).armored }
    }

    /// The signer for revisions dated `time`, read once per write: the secretariat key, which
    /// must be in force then once the store has an authority (a clone without the key cannot
    /// adopt). A store made before records were signed signs with a configured key, if any.
    func revisionSigner(at time: Timestamp) throws(ConductError) -> RevisionSigner? {
        guard try authority().isEstablished else { return Store.revisionSigner(try secretariatKeyIfConfigured()) }
        return Store.revisionSigner(try secretariatSigner(act: "adopting a revision", at: time))
    }

    /// Writes a commit for main, signed when `signer` is given.
    func writeRevisionCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
                             message: String, signer: RevisionSigner?) throws -> ObjectID {
        guard let signer else {
            return try repository.writeCommit(tree: tree, parents: parents, author: author, committer: committer, message: message)
        }
        return try repository.writeSignedCommit(tree: tree, parents: parents, author: author, committer: committer,
                                                message: message, sign: signer)
    }

    /// Writes a version tag object, signed when `signer` is given.
    func writeVersionTag(name: String, target: ObjectID, tagger: Signature, message: String,
                         signer: RevisionSigner?) throws -> ObjectID {
        guard let signer else {
            return try repository.writeTag(name: name, target: target, tagger: tagger, message: message)
        }
        return try repository.writeSignedTag(name: name, target: target, tagger: tagger, message: message, sign: signer)
    }
}

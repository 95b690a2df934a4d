/// A git allowed-signers file (ssh-keygen's ALLOWED SIGNERS format, which `gpg.ssh.allowedSignersFile`
/// names) for the secretariat's keys, so that plain `git verify-commit` and `git verify-tag` check
/// what the store signed.
public struct AllowedSigner: Sendable, Equatable {
    /// The principal git reports a good signature for.
    public static let principal = "secretariat@conduct"

    public var key: SSHPublicKey
    /// The moments the key came into force and left it, when known: written as `valid-after` /
    /// `valid-before`, which git compares with the committer's or tagger's time.
    public var validAfter: Timestamp?
    public var validBefore: Timestamp?

    public init(key: SSHPublicKey, validAfter: Timestamp? = nil, validBefore: Timestamp? = nil) {
        self.key = key
        self.validAfter = validAfter
        self.validBefore = validBefore
    }

    /// One line: principal, options (`namespaces="git"`, and the validity window in UTC), key.
    var line: String {
        var options = ["namespaces=\"\(Store.gitSignatureNamespace)\""]
        if let validAfter { options.append("valid-after=\"\(Self.utc(validAfter))\"") }
        if let validBefore { options.append("valid-before=\"\(Self.utc(validBefore))\"") }
        var key = self.key
        key.comment = ""
        return "\(Self.principal) \(options.joined(separator: ",")) \(key.openSSHLine)"
    }

    /// `YYYYMMDDHHMMSSZ`, the form ssh-keygen reads as a UTC time.
    static func utc(_ time: Timestamp) -> String {
        let text = Timestamp(seconds: time.seconds).description  // 2025-02-07T10:00:00Z
        return text.filter(\.isNumber).prefix(14) + "Z"
    }

    /// The file's text for `signers`, one line each.
    public static func file(_ signers: [AllowedSigner]) -> String {
        signers.map { $0.line + "\n" }.joined()
    }
}

extension Store {
    /// The allowed-signers text for every secretariat key of the authority chain, each with the
    /// window it was in force: from its record's time (the first record's keys from the start, so
    /// an imported history dated before the store was made checks), until the next record.
    public func allowedSigners() throws(ConductError) -> String {
        let chain = try authority().chain
        guard !chain.isEmpty else { throw .noAuthority(act: "writing an allowed-signers file") }
        var signers: [AllowedSigner] = []
        for (index, link) in chain.enumerated() {
            let until = index + 1 < chain.count ? chain[index + 1].time : nil
            for key in link.keys {
                signers.append(AllowedSigner(key: key, validAfter: index == 0 ? nil : link.time, validBefore: until))
            }
        }
        return AllowedSigner.file(signers)
    }
}

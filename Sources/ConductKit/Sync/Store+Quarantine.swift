internal import Git

/// A file of a remote's ledger kept out by sync: where it lay, and its content.
struct QuarantinedFile: Hashable {
    var path: String
    var blob: ObjectID
}

extension Store {
    /// The files an earlier sync from `remote` quarantined (by path and blob: the same blob at
    /// another path may be a record in its right place), each with the reason given then.
    ///
    /// They sit in the tree of `refs/conduct/quarantine/<remote>`; the reasons are the
    /// `Conduct-Quarantined: PATH: PROBLEM` trailers of its commits. A later sync meeting one of
    /// these blobs keeps it out without reading it again, so a hub that goes on offering a
    /// 50 MB record costs its size once.
    func quarantinedBefore(remote: String) throws -> [QuarantinedFile: String] {
        guard let tip = try repository.reference("refs/conduct/quarantine/\(remote)") else { return [:] }
        let files = try ledgerFiles(tip)
        var reasons: [String: String] = [:]
        let prefix = "Conduct-Quarantined: "
        for commit in try repository.walk(from: tip) {
            for line in try repository.commit(commit).message.split(separator: "\n") where line.hasPrefix(prefix) {
                let rest = line.dropFirst(prefix.count)
                // The path ends at the first ": " that leaves a path this quarantine holds.
                var cursor = rest.startIndex
                while let found = rest[cursor...].firstRange(of: ": ") {
                    let path = String(rest[..<found.lowerBound])
                    if files[path] != nil {
                        if reasons[path] == nil { reasons[path] = String(rest[found.upperBound...]) }
                        break
                    }
                    cursor = found.upperBound
                }
            }
        }
        var known: [QuarantinedFile: String] = [:]
        for (path, blob) in files {
            known[QuarantinedFile(path: path, blob: blob)] = (reasons[path] ?? "was quarantined") + " (kept out by an earlier sync, not read again)"
        }
        return known
    }

    /// Keeps records that did not check out under `refs/conduct/quarantine/<remote>`, out of the ledger.
    func quarantine(_ files: [(path: String, blob: ObjectID, problem: String)], remote: String, tip: ObjectID,
                    signature: Signature, report: inout SyncReport) throws {
        let reference = "refs/conduct/quarantine/\(remote)"
        let tree = try placing(files.map { ($0.path.split(separator: "/").map(String.init)[...], $0.blob) },
                               into: try repository.reference(reference).map { try repository.commit($0).tree })
        guard let tree else { return }
        let previous = try repository.reference(reference)
        let message = CommitMessage.compose("Quarantine records from \(remote)",
                                            trailers: files.map { ("Conduct-Quarantined", "\($0.path): \($0.problem)") })
        let commit = try repository.writeCommit(tree: tree, parents: previous.map { [$0] } ?? [], author: signature,
                                                committer: signature, message: message)
        try repository.updateReference(reference, to: commit, expected: previous, logMessage: "conduct: quarantine from \(remote) at \(tip.hex.prefix(12))")
        report.quarantineReference = reference
    }
}

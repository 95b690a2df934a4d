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
}

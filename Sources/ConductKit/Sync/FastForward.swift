import Git

extension Store {
    /// Fast-forwards `reference` to `remoteName`'s tip, or reports the two tips when they
    /// diverged; true when the fast-forward brought something in.
    @discardableResult
    func integrate(_ reference: String, from remoteName: String, dryRun: Bool, acceptRemote: Bool,
                   report: inout SyncReport) throws(ConductError) -> Bool {
        try git("taking in \(reference)") {
            guard let remote = try repository.reference(remoteName) else { return false }
            let local = try repository.reference(reference)
            if let local, try repository.isAncestor(remote, of: local) { return false }  // nothing new
            if let local, try !repository.isAncestor(local, of: remote) {
                var divergence = SyncReport.Divergence(reference: reference, local: local.hex, remote: remote.hex)
                if acceptRemote, reference == "refs/heads/main", !dryRun {
                    let backup = "refs/conduct/backup/main-\(local.hex.prefix(12))"
                    try repository.setReference(backup, to: local, logMessage: "conduct: main before taking \(remoteName)")
                    try repository.updateReference(reference, to: remote, expected: local, logMessage: "conduct: take \(remoteName)")
                    divergence.backup = backup
                }
                report.diverged.append(divergence)
                return false
            }
            if reference == "refs/heads/main" {
                report.revisionsIn += try repository.walk(from: remote).filter { id in try local.map { try !repository.isAncestor(id, of: $0) } ?? true }.count
            }
            if !dryRun {
                try repository.updateReference(reference, to: remote, expected: local, logMessage: "conduct: fast-forward from \(remoteName)")
            }
            return true
        }
    }

    func integrateProposals(from prefix: String, dryRun: Bool, report: inout SyncReport) throws(ConductError) {
        let incoming = try git("reading fetched proposals") { try repository.references(matching: prefix + "*") }
        // A dry run took no record in: judge by the remote's ledger then.
        let ledgerName = dryRun ? String(prefix.dropLast("proposals/".count)) + "records" : Ledger.reference
        let ledger = try git("reading the ledger") { try repository.reference(ledgerName) }
        for reference in incoming {
            let id = String(reference.name.dropFirst(prefix.count))
            // A proposal ref that no record opens is what an interrupted propose left on the remote.
            guard try git("reading proposal \(id)", { try proposalVersions(id, inLedger: ledger) }) > 0 else { continue }
            if try integrate("refs/conduct/proposals/" + id, from: reference.name, dryRun: dryRun, acceptRemote: false, report: &report) {
                report.proposalsIn.append(id)
            }
        }
    }

    /// Version tags the remote has and this store lacks, when their commit is on main here.
    func integrateTags(from prefix: String, dryRun: Bool) throws(ConductError) {
        guard !dryRun else { return }
        try git("taking in version tags") {
            guard let main = try repository.reference(Store.mainReference) else { return }
            for tag in try repository.references(matching: prefix + "*") {
                let name = "refs/tags/" + tag.name.dropFirst(prefix.count)
                guard let target = try? repository.tag(tag.target).target, try repository.isAncestor(target, of: main) else { continue }
                if let local = try repository.reference(name) {
                    // Keep a local tag unless its revision left main (main was taken from the remote).
                    guard local != tag.target, let localTarget = try? repository.tag(local).target,
                          try !repository.isAncestor(localTarget, of: main) else { continue }
                    try repository.setReference("refs/conduct/backup/tags/" + name.dropFirst("refs/tags/".count), to: local,
                                                logMessage: "conduct: version tag whose revision left main")
                    try repository.updateReference(name, to: tag.target, expected: local, logMessage: "conduct: version tag from a remote")
                } else {
                    try? repository.updateReference(name, to: tag.target, expected: nil, logMessage: "conduct: version tag from a remote")
                }
            }
        }
    }
}

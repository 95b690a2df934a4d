import Git

extension Store {
    /// Takes in the remote ledger's records that check out; keeps the others in quarantine.
    func integrateLedger(from remoteName: String, remote: String, dryRun: Bool, report: inout SyncReport,
                         authorship: Authorship) throws(ConductError) {
        try git("merging the ledger") {
            guard let remoteTip = try repository.reference(remoteName) else { return }
            // The ledger never shrinks: what the remote dropped stays here and goes back on push.
            let dropped = try recordsDropped(by: remoteTip, tracking: remoteName)
            report.dropped = dropped.map { SyncReport.Dropped(path: $0.path, commit: $0.commit.hex, edited: $0.edited) }
            /// Leaves the ledger as it is (a dry run, or nothing to take in).
            struct Unchanged: Error {}
            // Counts add up over sync's attempts; within one, the merge may be built again.
            let earlier = report.recordsIn
            do {
            _ = try repository.transact(Ledger.reference, logMessage: "conduct: merge records from \(remote)") { local in
                if let local, try repository.isAncestor(remoteTip, of: local) { throw Unchanged() }
                let mine = try local.map { try ledgerFiles($0) } ?? [:]
                let theirs = try ledgerFiles(remoteTip)
                let (incoming, quarantined, keptOut) = try checkIncoming(mine: mine, theirs: theirs, remote: remote)
                report.quarantined = keptOut + quarantined.map { SyncReport.Quarantined(path: $0.path, problem: $0.problem) }
                if !keptOut.isEmpty { report.quarantineReference = "refs/conduct/quarantine/\(remote)" }
                report.recordsIn = earlier
                for entry in incoming { report.recordsIn[String(entry.path.prefix { $0 != "/" }), default: 0] += 1 }
                if dryRun { throw Unchanged() }
                if !quarantined.isEmpty {
                    try quarantine(quarantined, remote: remote, tip: remoteTip, signature: authorship.signature, report: &report)
                }
                guard !incoming.isEmpty || !dropped.isEmpty else { throw Unchanged() }
                // Everything checked out and nothing is ours alone: take the remote's chain as it is.
                let behind = try local.map { try repository.isAncestor($0, of: remoteTip) } ?? true
                let clean = quarantined.isEmpty && keptOut.isEmpty
                if clean, behind, dropped.isEmpty { return remoteTip }
                let tree = try placing(incoming.map { ($0.path.split(separator: "/").map(String.init)[...], $0.blob) },
                                       into: try local.map { try repository.commit($0).tree })
                guard let tree else { throw Unchanged() }
                // A remote holding quarantined records is not a parent: its history is not taken in.
                let parents = (local.map { [$0] } ?? []) + (clean ? [remoteTip] : [])
                let message = "Merge \(incoming.count) record\(incoming.count == 1 ? "" : "s") from \(remote)"
                    + (clean ? "" : " (\(quarantined.count + keptOut.count) quarantined)")
                    + (dropped.isEmpty ? "" : ", keeping \(dropped.count) it dropped")
                return try repository.writeCommit(tree: tree, parents: parents, author: authorship.signature,
                                                  committer: authorship.signature,
                                                  message: CommitMessage.compose(message, trailers: [("Conduct-Remote-Ledger", remoteTip.hex)]))
            }
            } catch is Unchanged {
                return
            }
        }
    }

    /// Every file of a ledger commit's tree, by path.
    func ledgerFiles(_ commit: ObjectID) throws -> [String: ObjectID] {
        var files: [String: ObjectID] = [:]
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            for entry in try repository.tree(tree) {
                let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
                if entry.mode == .tree { try walk(entry.id, path) } else { files[path] = entry.id }
            }
        }
        try walk(try repository.commit(commit).tree, "")
        return files
    }
}

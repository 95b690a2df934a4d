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
                var incoming: [(path: String, blob: ObjectID, record: Record)] = []
                var quarantined: [(path: String, blob: ObjectID, problem: String)] = []
                // What an earlier sync quarantined is never read again: it stays out, for the same reason.
                let known = try quarantinedBefore(remote: remote)
                var keptOut: [SyncReport.Quarantined] = []
                for (path, blob) in theirs.sorted(by: { $0.key < $1.key }) where mine[path] == nil {
                    if let problem = known[QuarantinedFile(path: path, blob: blob)] { keptOut.append(.init(path: path, problem: problem)); continue }
                    let name = String(path.split(separator: "/").last ?? "")
                    guard name.hasSuffix(".json") else { quarantined.append((path, blob, "is not a record")); continue }
                    // A blob too large to be a record is refused by its size, before it is read.
                    if let size = try repository.objectHeader(blob)?.size, size > RecordLimits.maximumBytes {
                        quarantined.append((path, blob, RecordLimits.sizeProblem(size)))
                        continue
                    }
                    do {
                        let record = try Record(bytes: try repository.blob(blob), name: String(name.dropLast(5)))
                        guard record.path.joined(separator: "/") == path else {
                            quarantined.append((path, blob, "belongs at \(record.path.joined(separator: "/"))"))
                            continue
                        }
                        if let missing = record.missingField {
                            quarantined.append((path, blob, missing))
                            continue
                        }
                        incoming.append((path, blob, record))
                    } catch let problem as RecordProblem {
                        quarantined.append((path, blob, problem.explanation))
                    }
                }
                // Signed records must hold their signature, by a key their signatory had at the time,
                // judged on the registry as it will stand after the merge.
                // Signatory, key, setting and adoption records must be signed by an authority the chain
                // allows, judged on the chain and registry as they will stand after the merge.
                let (registry, untrusted) = try judgeIncoming(mine: mine, incoming: incoming.map(\.record))
                incoming = incoming.filter { entry in
                    if let problem = untrusted[entry.record.id] { quarantined.append((entry.path, entry.blob, problem)); return false }
                    guard entry.record.type.hasPrefix("attestation") else { return true }
                    let problem = Attestation.signatureProblem(entry.record)
                        ?? Attestation.keyProblem(entry.record.value["key"]?.stringValue, at: entry.record.time,
                                                  signatory: entry.record.value["signatory"]?.stringValue.flatMap { registry[$0] })
                    if let problem { quarantined.append((entry.path, entry.blob, problem)) }
                    return problem == nil
                }
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

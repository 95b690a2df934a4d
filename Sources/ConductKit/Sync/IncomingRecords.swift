import Git

extension Store {
    /// The remote ledger's files that this ledger (`mine`) lacks, sorted: the records that check
    /// out (`incoming`), the files that fail a check now (`quarantined`, each with its problem),
    /// and those an earlier sync quarantined (`keptOut`, not read again).
    ///
    /// A record checks out when its file is a record by name and size, it lies where its content
    /// says, it lacks no field, the chain of authority allows it, an attestation's or approval's
    /// signature holds by a key its signatory had at the time, and an approval binds a version of
    /// the proposal it names and that version's text.
    func checkIncoming(mine: [String: ObjectID], theirs: [String: ObjectID], remote: String) throws
        -> (incoming: [(path: String, blob: ObjectID, record: Record)], quarantined: [(path: String, blob: ObjectID, problem: String)],
            keptOut: [SyncReport.Quarantined]) {
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
        // Approvals must hold their signature by a key their signatory had at the time, and bind
        // a version of the proposal they name and its text (IncomingApprovals.swift).
        let replayed = try approvalProblems(incoming.map(\.record), mine: mine, registry: registry)
        incoming = incoming.filter { entry in
            guard let problem = replayed[entry.record.id] else { return true }
            quarantined.append((entry.path, entry.blob, problem))
            return false
        }
        return (incoming, quarantined, keptOut)
    }
}

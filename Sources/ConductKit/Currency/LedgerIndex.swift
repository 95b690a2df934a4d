internal import Git

/// An attestation with the verdicts on its signature and on its withdrawal's signature (nil:
/// the signature holds over the record's content; whose key it is is judged separately).
struct CheckedAttestation: Sendable {
    var attestation: Attestation
    var problem: String?
    /// One verdict per withdrawal, in the same order.
    var withdrawalProblems: [String?]

    /// The first withdrawal whose signature holds and whose key counted at its time (for
    /// `signatory`), if one was made by `time` (nil: any time).
    func validWithdrawal(of signatory: Signatory, by time: Timestamp?) -> Attestation.Withdrawal? {
        zip(attestation.withdrawals, withdrawalProblems).first { withdrawal, problem in
            problem == nil && time.map { withdrawal.time <= $0 } ?? true
                && Attestation.keyProblem(withdrawal.key, at: withdrawal.time, signatory: signatory) == nil
        }?.0
    }
}

/// What `status` and the signatory commands read of the ledger: for every signatory id, in
/// order, the fold of its registration folder and its checked attestations.
///
/// A signatory's registry entry is a fold over its folder `signatories/<id>/` alone, and its
/// attestations a fold over `attestations/<id>/` alone, so each is a pure function of that
/// folder's tree id: they are kept in a `LedgerSnapshot` and read again only when the tree id
/// changed. Entries are decoded one at a time, when asked for.
struct LedgerIndex {
    fileprivate let snapshot: LedgerSnapshot
    /// Whether the attestation parts were read.
    fileprivate let withAttestations: Bool

    /// Files in those folders that are not valid records where they lie: skipped (`verify` names them).
    var problems: [Store.LedgerProblem] { snapshot.problems }

    /// Entries, registered or not (a folder of attestations without a registration is one).
    var count: Int { snapshot.count }

    /// The entry at `index`: its id, registration (nil: none) and checked attestations.
    func entry(at index: Int) throws(ConductError) -> (id: String, signatory: Signatory?, attestations: [CheckedAttestation]) {
        guard let entry = snapshot.entry(at: index), case .some(let signatory) = LedgerSnapshot.signatory(entry.signatory),
              let attestations = withAttestations ? LedgerSnapshot.attestations(entry.attestations) : [] else {
            throw .corruptStore("the ledger index in conduct-cache/\(LedgerSnapshot.fileName) does not read; delete that file and run the command again")
        }
        return (entry.name, signatory, attestations)
    }

    /// The id of the entry at `index`.
    func id(at index: Int) -> String? { snapshot.name(at: index) }

    /// The index of the entry `id`.
    func index(of id: String) -> Int? { snapshot.index(of: id) }

    /// The registered signatory `id` and its checked attestations, or nil when it is not registered.
    func signatory(_ id: String) throws(ConductError) -> (signatory: Signatory, attestations: [CheckedAttestation])? {
        guard let index = snapshot.index(of: id) else { return nil }
        let entry = try entry(at: index)
        return entry.signatory.map { ($0, entry.attestations) }
    }

    /// Every registered signatory, by id.
    func signatories() throws(ConductError) -> [String: Signatory] {
        var all: [String: Signatory] = [:]
        for index in 0..<count {
            let entry = try entry(at: index)
            if let signatory = entry.signatory { all[entry.id] = signatory }
        }
        return all
    }
}

extension Store {
    /// The ledger's signatories, and with `attestations` their checked attestations.
    ///
    /// When the two top-level folders are as the kept snapshot has them, nothing is listed or
    /// read. Otherwise the folders are listed, every part whose folder kept its tree id is
    /// taken over as it is, the others are read (records checked, signatures verified on both
    /// cores), and the new snapshot replaces the old.
    func ledgerIndex(attestations wanted: Bool = true) throws(ConductError) -> LedgerIndex {
        let roots = try git("reading the ledger") { () throws -> (signatories: ObjectID?, attestations: ObjectID?, authority: ObjectID?) in
            guard let tip = try repository.reference(Ledger.reference) else { return (nil, nil, nil) }
            var roots: (signatories: ObjectID?, attestations: ObjectID?, authority: ObjectID?) = (nil, nil, nil)
            for entry in try repository.tree(try repository.commit(tip).tree) where entry.mode == .tree {
                if entry.name == "signatories" { roots.signatories = entry.id }
                if entry.name == "attestations" { roots.attestations = entry.id }
                if entry.name == Authority.folder { roots.authority = entry.id }
            }
            return roots
        }
        // A registration folder's fold depends on the authority chain too: its part is keyed by
        // both tree ids, so a change of authority reads the registrations again.
        let authorityKey = "@" + (roots.authority?.hex ?? "none")
        let old = LedgerSnapshot(gitDirectory: path)
        if let old, old.signatoryRoot == roots.signatories.map({ $0.hex + authorityKey }),
           !wanted || (old.attestationsKnown && old.attestationRoot == roots.attestations?.hex) {
            return LedgerIndex(snapshot: old, withAttestations: wanted)
        }
        let snapshot = try rebuildSnapshot(old: old, roots: (roots.signatories, roots.attestations), authorityKey: authorityKey,
                                           attestations: wanted)
        snapshot.write(gitDirectory: path)
        return LedgerIndex(snapshot: snapshot, withAttestations: wanted)
    }

    private func rebuildSnapshot(old: LedgerSnapshot?, roots: (signatories: ObjectID?, attestations: ObjectID?), authorityKey: String,
                                 attestations wanted: Bool) throws(ConductError) -> LedgerSnapshot {
        let trust = try recordTrust()
        // The folders as they are now; without `wanted`, the attestation side stays as it was.
        let listed = try git("reading the ledger") { () throws -> (signatories: [TreeEntry], attestations: [TreeEntry]) in
            (try roots.signatories.map { try repository.tree($0) } ?? [],
             wanted ? try roots.attestations.map { try repository.tree($0) } ?? [] : [])
        }
        let signatoryFolders = Dictionary(listed.signatories.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let attestationFolders = Dictionary(listed.attestations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var names = Set(signatoryFolders.keys).union(attestationFolders.keys)
        if !wanted, let old {
            // The attestation side stays as it was, entries without a registration included.
            for index in 0..<old.count {
                if let entry = old.entry(at: index), entry.attestations.state != .absent { names.insert(entry.name) }
            }
        }

        /// Where one side of an entry comes from.
        enum Source {
            case part(LedgerSnapshot.Part)
            case read(ObjectID, path: String)
        }
        /// One side as the listing has it: absent, a stray file, the old part when its folder kept
        /// its tree id, or a folder to read.
        func source(_ item: TreeEntry?, folder: String, previous: LedgerSnapshot.Part?) -> Source {
            guard let item else { return .part(.absent) }
            let path = folder + "/" + item.name
            guard item.mode == .tree else {
                // A file where a folder belongs: reported, never read.
                let problem = [LedgerProblem(path: path, problem: "is not a record where it lies (a folder belongs here)")]
                let payload = folder == "signatories" ? LedgerSnapshot.encode(signatory: nil, problems: problem)
                    : LedgerSnapshot.encode(attestations: [], problems: problem)
                return .part(LedgerSnapshot.Part(state: .present, tree: "", payload: payload[...]))
            }
            let key = item.id.hex + (folder == "signatories" ? authorityKey : "")
            if let previous, previous.state == .present, previous.tree == key { return .part(previous) }
            return .read(item.id, path: path)
        }

        // Entries in name order, a batch at a time: the folders not seen before are read and their
        // signatures checked on two workers, each with its own libgit2 handle, while this thread
        // judges the registrations against the authority and encodes each entry in order, so
        // that only a few batches' records and parts are held at once. The old snapshot is in
        // the same order, and is walked alongside.
        var writer = LedgerSnapshot.Writer()
        var verified = VerifiedSignatures(gitDirectory: path)
        defer { verified.flush() }
        var cursor = 0
        // A part holding a record dated in the future is kept without its tree id (so it is read
        // again next time), and then the snapshot as a whole is never taken as current.
        var unsettled = false
        let sorted = names.sorted()
        let progress = ProgressReporter("reading the ledger", total: sorted.count, unit: "signatories")
        let batch = min(512, max(256, (sorted.count + 7) / 8))
        var plans: [[(name: String, signatory: Source, attestations: Source)]] = []
        var reads: [[(id: ObjectID, path: String)]] = []
        for start in stride(from: 0, to: sorted.count, by: batch) {
            var planned: [(name: String, signatory: Source, attestations: Source)] = []
            var folders: [(id: ObjectID, path: String)] = []
            for name in sorted[start..<min(sorted.count, start + batch)] {
                var previous: LedgerSnapshot.Entry?
                if let old {
                    while cursor < old.count, let found = old.name(at: cursor), found < name { cursor += 1 }
                    if cursor < old.count, old.name(at: cursor) == name { previous = old.entry(at: cursor) }
                }
                let signatory = source(signatoryFolders[name], folder: "signatories", previous: previous?.signatory)
                let attestations = wanted ? source(attestationFolders[name], folder: "attestations", previous: previous?.attestations)
                    : .part(previous?.attestations ?? .absent)
                for case .read(let id, let path) in [signatory, attestations] { folders.append((id, path)) }
                planned.append((name, signatory, attestations))
            }
            plans.append(planned)
            reads.append(folders)
        }
        // The workers read the verdicts known before this read; this thread adds the new ones.
        let known = verified, gitDirectory = path, documentName = self.documentName, batches = reads
        let signed = trust.authority.isEstablished, total = sorted.count
        let unread = reads.filter { !$0.isEmpty }.count
        var batchIndex = 0
        try git("reading the ledger") {
            try pipelined(reads.count, workers: unread >= 2 ? 2 : 1, ahead: 1, produce: { _, index in
                Result { () throws -> CheckedFolders in
                    guard !batches[index].isEmpty else { return CheckedFolders() }
                    let reader = Store(repository: try Repository.open(at: gitDirectory), documentName: documentName)
                    return try reader.checkFolders(batches[index], verified: known, signed: signed)
                }
            }, consume: { (checked: CheckedFolders) in
                defer {
                    if batchIndex == 0 { writer.expect(total) }
                    // A batch's plan is done with once it is encoded.
                    plans[batchIndex] = []
                    batchIndex += 1
                }
                if !checked.unsettled.isEmpty { unsettled = true }
                let read = registrationParts(checked, trust: trust, verified: known, authorityKey: authorityKey)
                    .merging(checked.attestations, uniquingKeysWith: { first, _ in first })
                for (_, part) in read { part.good.forEach { verified.remember($0) } }
                func resolved(_ source: Source) -> LedgerSnapshot.Part {
                    switch source {
                    case .part(let part): return part
                    case .read(_, let path): return read[path]?.part ?? .unknown
                    }
                }
                for (name, signatory, attestations) in plans[batchIndex] {
                    let entry = LedgerSnapshot.Entry(name: name, signatory: resolved(signatory), attestations: resolved(attestations))
                    guard entry.signatory.state != .absent || entry.attestations.state != .absent else { continue }
                    writer.append(entry)
                }
                progress.advance(by: plans[batchIndex].count)
            })
        }
        return writer.finish(signatoryRoot: unsettled ? "unsettled" : roots.signatories.map { $0.hex + authorityKey },
                             attestationRoot: unsettled ? "unsettled" : wanted ? roots.attestations?.hex : old?.attestationRoot,
                             attestationsKnown: wanted || (old?.attestationsKnown ?? false))
    }

    /// The registration folders of one checked batch folded, counting only the records the
    /// authority allows (by the verdicts the worker found), and encoded as snapshot parts, with
    /// the ids of records whose signature was found to hold.
    private func registrationParts(_ checked: CheckedFolders, trust: RecordTrust, verified known: VerifiedSignatures,
                                   authorityKey: String) -> [String: (part: LedgerSnapshot.Part, good: [String])] {
        var parts: [String: (part: LedgerSnapshot.Part, good: [String])] = [:]
        for folder in checked.registrations {
            let id = String(folder.path.dropFirst("signatories/".count))
            let signatory = Signatory.fold(folder.records) { record, folded in
                trust.problem(record, signatory: folded, verdict: { checked.verdicts[$0.id] ?? known.check($0) }) == nil
            }[id]
            let good = folder.records.filter { (checked.verdicts[$0.id] ?? "unchecked") == nil }.map(\.id)
            parts[folder.path] = (LedgerSnapshot.Part(
                state: .present, tree: checked.unsettled.contains(folder.path) ? "" : folder.tree + authorityKey,
                payload: LedgerSnapshot.encode(signatory: signatory, problems: checked.problems[folder.path] ?? [])[...]), good)
        }
        return parts
    }
}

/// What a worker makes of one batch of ledger folders: their records read, the signature of
/// every signed registration or key change checked (when an authority is established), and
/// each attestation folder folded with every signature checked and encoded as a snapshot part.
struct CheckedFolders: Sendable {
    var registrations: [(path: String, tree: String, records: [Record])] = []
    /// The verdict on each registration record checked, by record id (nil: it holds).
    var verdicts: [String: String?] = [:]
    /// Each attestation folder's part, with the ids of records whose signature was found to hold, by folder path.
    var attestations: [String: (part: LedgerSnapshot.Part, good: [String])] = [:]
    /// Files that are not valid records where they lie, by folder path.
    var problems: [String: [LedgerProblem]] = [:]
    /// Folders holding a record dated in the future.
    var unsettled: Set<String> = []
}

extension Store {
    /// Reads `folders` of the ledger on this thread and checks them (see `CheckedFolders`).
    /// Checking Ed25519 signatures is the costly part of a first read.
    fileprivate func checkFolders(_ folders: [(id: ObjectID, path: String)], verified known: VerifiedSignatures,
                                  signed: Bool) throws -> CheckedFolders {
        let (records, problems) = try readFolders(folders, tolerant: true, parallel: false)
        var checked = CheckedFolders()
        for problem in problems { checked.problems[problem.folder, default: []].append(problem) }
        checked.unsettled = Set(problems.filter { ClockSkew.isFuture($0.problem) }.map(\.folder))
        let byFolder = Store.byFolder(records)
        for folder in folders where folder.path.hasPrefix("signatories/") {
            let records = byFolder[folder.path] ?? []
            // Endorsed records (a migrated store's) are checked too: their verdict is then not asked.
            if signed {
                for record in records where RecordSignature.isSigned(record.type) { checked.verdicts[record.id] = known.check(record) }
            }
            checked.registrations.append((folder.path, folder.id.hex, records))
        }
        for folder in folders where folder.path.hasPrefix("attestations/") {
            let records = byFolder[folder.path] ?? []
            let id = String(folder.path.dropFirst("attestations/".count))
            let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var good: [String] = []
            func verdict(_ recordID: String) -> String? {
                guard let record = byID[recordID] else { return "the record is missing" }
                let problem = known.check(record)
                if problem == nil { good.append(recordID) }
                return problem
            }
            let attestations = (Attestations.fold(records).bySignatory[id] ?? []).map { attestation in
                CheckedAttestation(attestation: attestation, problem: verdict(attestation.id),
                                   withdrawalProblems: attestation.withdrawals.map { verdict($0.id) })
            }
            let encoded = LedgerSnapshot.encode(attestations: attestations, problems: checked.problems[folder.path] ?? [])
            checked.attestations[folder.path] = (LedgerSnapshot.Part(
                state: .present, tree: checked.unsettled.contains(folder.path) ? "" : folder.id.hex, payload: encoded[...]), good)
        }
        return checked
    }
}

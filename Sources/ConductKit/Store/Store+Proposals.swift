internal import Git

extension Store {
    static func proposalReference(_ id: String) -> String { "refs/conduct/proposals/\(id)" }

    /// Every proposal in the ledger.
    public func proposals() throws(ConductError) -> [Proposal] {
        // Every proposal record lives under proposals/ (a record elsewhere is refused as misplaced).
        Proposal.fold(try trustedRecords(in: ["proposals"])).values.sorted { ($0.opened, $0.id) < ($1.opened, $1.id) }
    }

    /// The proposal whose id starts with `prefix`; an unknown or ambiguous prefix lists candidates.
    public func proposal(_ prefix: String) throws(ConductError) -> Proposal {
        let all = try proposals()
        let matches = all.filter { $0.id.hasPrefix(prefix) }
        guard matches.count == 1, let match = matches.first else {
            throw .unknownProposal(prefix, candidates: (matches.isEmpty ? all : matches).map { "\($0.id) \($0.title)" })
        }
        return match
    }

    /// Opens a proposal: `text` on top of `base` (default: main), recorded in the ledger. A text
    /// that removes every clause of `base` is refused unless `removeAll` confirms it.
    public func propose(
        title: String, rationale: String?, bytes: [UInt8], source: String, base spec: String?, authorship: Authorship,
        removeAll: Bool = false, consultationUntil: String? = nil
    ) throws(ConductError) -> (Proposal, DocumentDiff) {
        try requireWritable()
        let trimmedTitle = title.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace)
        guard !trimmedTitle.isEmpty else { throw .emptyField("--title") }
        prepareWrite()
        let requested = try consultationUntil.map { (text) throws(ConductError) -> Timestamp in try Timestamp(parsing: text) }
        let window = try consultationWindow(requested: requested, text: consultationUntil, opening: authorship.date)
        let base = try resolve(spec)
        let (document, diff) = try proposedDocument(bytes, source: source, against: base)
        if !removeAll {
            try Store.refuseRemovingEveryClause(of: try self.document(at: base), at: base.label, changes: ClauseChange.from(diff),
                                                source: "'\(source)'")
        }
        let proposal = try git("opening a proposal") { () throws -> Proposal in
            let commit = try writeDocumentCommit(document, parent: base, message: "\(trimmedTitle)", trailers: [], authorship: authorship)
            let at = authorship.date.description
            let id = Proposal.makeID(base: base.commit.object, commit: commit, at: at, author: authorship.author)
            var fields: [String: JSONValue] = [
                "type": .string("proposal"), "at": .string(at), "proposal": .string(id), "title": .string(String(trimmedTitle)),
                "base": .string(base.commit.hex), "commit": .string(commit.hex), "by": authorship.json,
            ]
            if let rationale, !rationale.isEmpty { fields["rationale"] = .string(rationale) }
            if let window { fields["consultationUntil"] = .string(window.description) }
            // The record makes the proposal; its ref follows (and a ref a crash left out is
            // made by the next writer from the record). The same proposal again is no new one.
            try append([try makeRecord(fields)], message: "Propose \(id): \(trimmedTitle)", authorship: authorship)
            let reference = Store.proposalReference(id)
            if try repository.reference(reference) != commit {
                try repository.updateReference(reference, to: commit, expected: nil, logMessage: "conduct: propose \(id)")
            }
            return try self.proposal(id)
        }
        return (proposal, diff)
    }

    /// A proposed text, parsed with its headings' ids matched to `revision`, and what it changes
    /// there; a text identical to `revision` is refused.
    private func proposedDocument(_ bytes: [UInt8], source: String, against revision: Revision) throws(ConductError) -> (Document, DocumentDiff) {
        let current = try document(at: revision)
        let document: Document
        do {
            document = try Document.parse(bytes: bytes).assigningIDs(base: current).document
        } catch {
            throw .badDocument(source: source, problem: error)
        }
        guard document.text != current.text else { throw .unchanged(current: revision.label) }
        return (document, Differ().diff(current, document))
    }

    /// A commit holding `document` on top of `parent`'s tree (other files kept), moving no ref.
    func writeDocumentCommit(_ document: Document, parent: Revision, message: String, trailers: [(String, String)],
                             authorship: Authorship) throws -> ObjectID {
        let blob = try repository.writeBlob(Array(document.text.utf8))
        var entries = try repository.tree(parent.tree).filter { $0.name != documentName }
        entries.append(TreeEntry(name: documentName, id: blob, mode: .blob))
        let tree = try repository.writeTree(entries)
        let text = trailers.isEmpty ? message + "\n" : CommitMessage.compose(message, trailers: trailers)
        return try repository.writeCommit(tree: tree, parents: [parent.commit.object], author: authorship.signature,
                                          committer: authorship.signature, message: text)
    }

    /// The document of a proposal's version (default: its latest).
    public func proposalRevision(_ proposal: Proposal, version: Int? = nil) throws(ConductError) -> Revision {
        let number = version ?? proposal.versions.count
        guard let entry = proposal.versions.first(where: { $0.number == number }) else {
            throw .unknownRevision("\(proposal.id) version \(number)", known: proposal.versions.map { "version \($0.number)" })
        }
        var revision = try self.revision(at: entry.commitID, recorded: entry.commit)
        revision.name = proposal.versions.count > 1 ? "\(proposal.id)@\(number)" : proposal.id
        return revision
    }
}

extension Store {
    /// The `at` of a new record about `proposal`: now, or just after its latest record when
    /// that is later (two events in one millisecond, or a clock that went back), so the fold
    /// by (`at`, id) sees them in the order they happened.
    static func recordTime(_ authorship: Authorship, after proposal: Proposal) -> String {
        max(authorship.date, proposal.lastActivity.next).description
    }
}

extension Store {
    /// A new version of an open proposal, on top of its latest one. A text that would remove
    /// every clause of the revision the proposal amends is refused unless `removeAll` confirms it.
    public func revise(_ prefix: String, bytes: [UInt8], source: String, authorship: Authorship,
                       removeAll: Bool = false) throws(ConductError) -> (Proposal, DocumentDiff) {
        try requireWritable()
        prepareWrite()
        let proposal = try self.proposal(prefix)
        guard proposal.status == .open else { throw .proposalNotOpen(proposal.id, status: proposal.status.rawValue) }
        let previous = try proposalRevision(proposal)
        let (document, diff) = try proposedDocument(bytes, source: source, against: previous)
        if !removeAll {
            let base = try revision(at: proposal.baseID, recorded: proposal.base)
            let original = try self.document(at: base)
            try Store.refuseRemovingEveryClause(of: original, at: base.label,
                                                changes: ClauseChange.from(Differ(clausesOnly: true).diff(original, document)),
                                                source: "'\(source)'")
        }
        // A substantive version restarts the consultation; an editorial one leaves its window as it was.
        let change = ClauseChange.rollUp(ClauseChange.from(diff))
        let moment = max(authorship.date, proposal.lastActivity.next)
        let at = moment.description
        var window: Timestamp?
        if change == .substantive { window = try consultationWindow(requested: nil, text: nil, opening: moment) }
        let updated = try git("revising a proposal") { () throws -> Proposal in
            let number = proposal.versions.count + 1
            let commit = try writeDocumentCommit(document, parent: previous, message: "\(proposal.title) (version \(number))",
                                                 trailers: [], authorship: authorship)
            // The record makes the new version (written only while the ledger still ends the
            // proposal at the version this revise read); the ref follows it.
            var fields: [String: JSONValue] = [
                "type": .string("proposal-revised"), "at": .string(at), "proposal": .string(proposal.id),
                "commit": .string(commit.hex), "version": .integer(Int64(number)), "change": .string(change.rawValue), "by": authorship.json,
            ]
            if let window { fields["consultationUntil"] = .string(window.description) }
            try append([try makeRecord(fields)], message: "Revise \(proposal.id) (version \(number))", authorship: authorship) { ledgerTip in
                guard try self.proposalVersions(proposal.id, inLedger: ledgerTip) == proposal.versions.count else {
                    throw ConductError.proposalRevisedMeanwhile(proposal.id)
                }
            }
            try repository.updateReference(Store.proposalReference(proposal.id), to: commit, expected: previous.commit.object,
                                           logMessage: "conduct: revise \(proposal.id)")
            return try self.proposal(proposal.id)
        }
        return (updated, diff)
    }

    /// Withdraws, rejects or reopens a proposal.
    public func setStatus(_ prefix: String, to status: Proposal.Status, reason: String?, authorship: Authorship) throws(ConductError) -> Proposal {
        try requireWritable()
        prepareWrite()
        let proposal = try self.proposal(prefix)
        let type: String
        switch status {
        case .withdrawn, .rejected:
            guard proposal.status == .open else { throw .proposalNotOpen(proposal.id, status: proposal.status.rawValue) }
            type = status == .withdrawn ? "proposal-withdrawn" : "proposal-rejected"
        case .open:
            guard proposal.status == .withdrawn || proposal.status == .rejected else {
                throw .proposalNotOpen(proposal.id, status: proposal.status.rawValue)
            }
            type = "proposal-reopened"
        case .adopted:
            throw .proposalNotOpen(proposal.id, status: "to be adopted with 'conduct adopt \(proposal.id)'")
        }
        var fields: [String: JSONValue] = [
            "type": .string(type), "at": .string(Store.recordTime(authorship, after: proposal)), "proposal": .string(proposal.id),
            "by": authorship.json,
        ]
        if let reason, !reason.isEmpty { fields["reason"] = .string(reason) }
        let record = status == .rejected ? try signedBySecretariat(fields, act: "rejecting a proposal") : try makeRecord(fields)
        try append([record], message: "\(type.dropFirst("proposal-".count).capitalizedFirstLetter) \(proposal.id)", authorship: authorship)
        return try self.proposal(proposal.id)
    }

    /// Adopts an open proposal as a new revision on main, merging clause by clause when main
    /// has moved since the proposal's base. A conflict writes nothing.
    ///
    /// A proposal that removes every clause of main is refused unless `removeAll` confirms it.
    ///
    /// The adoption rule in force refuses it while the proposal's consultation window is open;
    /// `override` (the reason) adopts it anyway when the rule allows, and is recorded.
    public func adopt(proposal prefix: String, version: Version?, nonMaterial: Bool, message: String?,
                      authorship: Authorship, removeAll: Bool = false, override: String? = nil) throws(ConductError) -> Adoption {
        try requireWritable()
        prepareWrite()
        let proposal = try self.proposal(prefix)
        guard proposal.status == .open else { throw .proposalNotOpen(proposal.id, status: proposal.status.rawValue) }
        // The adoption record is the secretariat's: check its key before main moves.
        _ = try secretariatSigner(act: "adopting a proposal", at: authorship.date)
        let proposed = try document(at: try proposalRevision(proposal))
        let baseRevision = try revision(at: proposal.baseID, recorded: proposal.base)
        let baseDocument = try document(at: baseRevision)
        let baseLabel = baseRevision.label
        var trailers = [("Conduct-Proposal", proposal.id)]
        if nonMaterial { trailers.append(("Conduct-Non-Material", "true")) }
        // Main may hold the adoption already (a crash came before its record, and no writer has
        // recorded it since): then only the record is missing.
        let adoption: Adoption
        if let onMain = try adoptionOnMain(of: proposal.id) {
            adoption = onMain
        } else {
            trailers += try adoptionGate(proposal, nonMaterial: nonMaterial, at: authorship.date, override: override)
            adoption = try git("adopting proposal \(proposal.id)") {
                try write(version: version, versionGiven: version != nil, message: message ?? "Adopt \(proposal.id): \(proposal.title)",
                          authorship: authorship, trailers: trailers, expectInitial: false,
                          removal: removeAll ? nil : "proposal \(proposal.id)") { current in
                    guard let current else { throw ConductError.corruptStore("refs/heads/main is missing") }
                    if current.revision.commit.hex == proposal.base { return (proposed, []) }
                    // Approvals bind the proposal's text: a merge would adopt another one.
                    if trailers.contains(where: { $0.0 == "Conduct-Approval" }) {
                        throw ConductError.approvedTextMoved(proposal.id, base: baseLabel, main: current.revision.label)
                    }
                    switch ClauseMerge.merge(base: baseDocument, main: current.document, proposal: proposed) {
                    case .failure(let conflicts):
                        throw ConductError.mergeConflicts(proposal: proposal.id, conflicts.conflicts)
                    case .success(let text):
                        do {
                            return (try Document.parse(text: text), [])
                        } catch let problem as DocumentProblem {
                            throw ConductError.badDocument(source: "the merge of \(proposal.id) with main", problem: problem)
                        }
                    }
                }
            }
        }
        var fields: [String: JSONValue] = [
            "type": .string("proposal-adopted"), "at": .string(Store.recordTime(authorship, after: proposal)), "proposal": .string(proposal.id),
            "revision": .string(adoption.revision.commit.hex), "version": .string(adoption.revision.version?.description ?? ""),
            "by": authorship.json,
        ]
        if let override = adoption.revision.override { fields["override"] = .string(override) }
        try append([try signedBySecretariat(fields, act: "adopting a proposal")], message: "Adopt \(proposal.id) as \(adoption.revision.label)", authorship: authorship)
        return adoption
    }
}

extension Store {
    /// The revision on main that adopted proposal `id`, with what it changed, if main has one.
    func adoptionOnMain(of id: String) throws(ConductError) -> Adoption? {
        try git("looking for the adoption of \(id) on main") { () throws -> Adoption? in
            guard let tip = try repository.reference(Store.mainReference) else { return nil }
            for commit in try repository.walk(from: tip, firstParentOnly: true) {
                let revision = Revision(try repository.commit(commit))
                guard revision.proposal == id else { continue }
                let document = try self.document(at: revision)
                let changes = try revision.parent.map { parent in
                    ClauseChange.from(Differ(clausesOnly: true).diff(try self.document(at: Revision(try repository.commit(parent.object))), document))
                } ?? ClauseChange.initial(document.digests)
                return Adoption(revision: revision, changes: changes, assignments: [])
            }
            return nil
        }
    }

    /// How many versions the ledger commit `tip` gives proposal `id` (0: none, or no ledger).
    func proposalVersions(_ id: String, inLedger tip: ObjectID?) throws -> Int {
        guard let tip else { return 0 }
        var tree: ObjectID? = try repository.commit(tip).tree
        for name in ["proposals", id] {
            tree = try tree.flatMap { try repository.tree($0).first { $0.name == name && $0.mode == .tree }?.id }
        }
        guard let tree else { return 0 }
        let (found, _) = try readFolders([(tree, "proposals/\(id)")], tolerant: true)
        return Proposal.fold(Store.inFoldOrder(found))[id]?.versions.count ?? 0
    }
}

internal import Git

extension Store {
    /// Main's first-parent history, oldest first.
    public func history() throws(ConductError) -> [Revision] {
        try git("reading the history of main") {
            guard let tip = try repository.reference(Store.mainReference) else {
                throw ConductError.corruptStore("refs/heads/main is missing")
            }
            return try repository.walk(from: tip, firstParentOnly: true).reversed().map { Revision(try repository.commit($0)) }
        }
    }

    /// The current revision (the tip of main).
    public func head() throws(ConductError) -> Revision {
        try git("reading main") {
            guard let tip = try repository.reference(Store.mainReference) else {
                throw ConductError.corruptStore("refs/heads/main is missing")
            }
            return Revision(try repository.commit(tip))
        }
    }

    /// Every version tagged in the store, oldest first.
    public func versions() throws(ConductError) -> [Version] {
        try git("listing versions") {
            try repository.references(matching: "refs/tags/v*")
                .compactMap { Version(String($0.name.dropFirst("refs/tags/".count))) }
                .sorted()
        }
    }

    /// Resolves `v1.1`, `1.1`, `main`, `main~N`, `main^`, or a commit id prefix; nil means main.
    public func resolve(_ spec: String?) throws(ConductError) -> Revision {
        guard let spec, !spec.isEmpty else { return try head() }
        let unknown = { () throws(ConductError) -> ConductError in
            .unknownRevision(spec, known: try self.versions().map(\.label))
        }
        var commitID: ObjectID?
        if Proposal.isProposalSpec(spec) {
            return try proposalRevision(try proposal(spec))
        }
        if let version = Version(spec) {
            commitID = try git("reading \(version.label)") { () throws -> ObjectID? in
                guard let main = try repository.reference(Store.mainReference) else { return nil }
                if let target = try repository.reference(version.tagReference) {
                    let tagged = try repository.peelToCommit(target)
                    if try repository.isAncestor(tagged, of: main) { return tagged }
                }
                // No tag, or one left off main (an interrupted adopt, a hand-made tag): the version is
                // the revision on main that says it is, never a text main never held.
                for id in try repository.walk(from: main, firstParentOnly: true)
                where Revision(try repository.commit(id)).version == version {
                    return id
                }
                return nil
            }
        } else if spec == "main" || spec.hasPrefix("main~") || spec.hasPrefix("main^") {
            let suffix = spec.dropFirst(4)
            guard suffix.allSatisfy({ $0 == "~" || $0 == "^" || ($0.isASCII && $0.isNumber) }) else { throw try unknown() }
            commitID = try? repository.revparse(Store.mainReference + suffix)
        } else if (4...40).contains(spec.count), spec.allSatisfy(\.isHexDigit) {
            do {
                commitID = try repository.resolvePrefix(spec.lowercased())
            } catch let error as GitError where error.isAmbiguous {
                throw .unknownRevision(spec + " (ambiguous: give more digits)", known: try versions().map(\.label))
            } catch {
                commitID = nil
            }
        }
        guard let commitID else { throw try unknown() }
        return try revision(at: commitID, unknown: unknown)
    }

    /// The revision (or proposal version) a record names by its commit id, read as the id says:
    /// never through `resolve`, which reads what a user types, so a record that names `main` or
    /// a version names nothing. `written` is the record's own text of the id, for the message.
    func revision(at id: CommitID?, recorded written: String) throws(ConductError) -> Revision {
        let unknown = { () throws(ConductError) -> ConductError in
            .unknownRevision(written, known: try self.versions().map(\.label))
        }
        guard let id else { throw try unknown() }
        return try revision(at: id.object, unknown: unknown)
    }

    /// The commit `id` as a revision, when it is a commit that holds the document.
    private func revision(at id: ObjectID, unknown: () throws(ConductError) -> ConductError) throws(ConductError) -> Revision {
        try git("reading revision \(id.hex)") {
            guard try repository.objectType(id) == .commit else { throw try unknown() }
            let revision = Revision(try repository.commit(id))
            guard try repository.blob(atPath: documentName, inTree: revision.tree) != nil else { throw try unknown() }
            return revision
        }
    }

    /// The stored bytes of the document at `revision`.
    public func documentBytes(at revision: Revision) throws(ConductError) -> [UInt8] {
        try git("reading the document of \(revision.label)") {
            guard let blob = try repository.blob(atPath: documentName, inTree: revision.tree) else {
                throw ConductError.corruptStore("\(revision.label) has no \(documentName)")
            }
            return try repository.blob(blob)
        }
    }

    /// The parsed document at `revision`.
    public func document(at revision: Revision, memo: DigestMemo? = nil) throws(ConductError) -> Document {
        let bytes = try documentBytes(at: revision)
        do {
            return try Document.parse(text: try Document.validatedText(bytes), memo: memo)
        } catch {
            throw .corruptStore("the document of \(revision.label) does not parse: \(error.explanation)")
        }
    }

    /// The clause `id` of `document`, or an error listing the clauses there are.
    public func clauseIndex(_ id: String, in document: Document, revision: Revision) throws(ConductError) -> Int {
        guard let index = document.clauses.firstIndex(where: { $0.id == id }) else {
            throw .unknownClause(id, revision: revision.label, known: document.clauses.compactMap(\.id))
        }
        return index
    }
}

internal import Git

extension Store {
    /// The remote-tracking references under `tracking`, by name: what to put back when a fetch
    /// brought references no store can hold.
    func trackingTips(_ tracking: String) throws(ConductError) -> [String: ObjectID] {
        try git("reading what the remote held") {
            Dictionary(try repository.references(matching: tracking + "/*").map { ($0.name, $0.target) },
                       uniquingKeysWith: { first, _ in first })
        }
    }

    /// Refuses what a fetch into `tracking` brought when a reference is of a kind no store can
    /// hold, putting the remote-tracking references back as they were (`before`), so that the
    /// store is unchanged; every later command would otherwise fail on it.
    ///
    /// Refused: a main, ledger or proposal that is not a commit; a revision on the remote's main
    /// (one this store lacks) whose tree has no document, or holds it as a symlink, a folder or
    /// a submodule; a tag that is neither a tag object on a commit nor a commit; a revision new
    /// to this store that no secretariat key in force signed.
    ///
    /// With `signatures`, the check is of main's new revisions against the secretariat's keys
    /// instead (run once the remote's root of authority is known to be this store's).
    func refuseHostileReferences(remote: String, tracking: String, before: [String: ObjectID],
                                 signatures: Bool = false) throws(ConductError) {
        do throws(ConductError) {
            if signatures {
                try refuseUnsignedRevisions(from: tracking, remote: remote)
            } else {
                try checkFetchedReferences(remote: remote, tracking: tracking)
            }
        } catch {
            try git("putting back what \(remote) held") {
                let now = try repository.references(matching: tracking + "/*")
                for reference in now where before[reference.name] != reference.target {
                    if let old = before[reference.name] {
                        try repository.updateReference(reference.name, to: old, expected: reference.target,
                                                       logMessage: "conduct: refused what \(remote) offered")
                    } else {
                        try repository.deleteReference(reference.name, expected: reference.target)
                    }
                }
            }
            throw error
        }
    }

    private func checkFetchedReferences(remote: String, tracking: String) throws(ConductError) {
        let refuse = { (reference: String, reason: String) in ConductError.hostileRemote(remote, reference: reference, reason: reason) }
        let found: [(remote: String, reference: Reference)] = try git("reading what \(remote) offered") {
            try repository.references(matching: tracking + "/*").map { reference in
                let name = String(reference.name.dropFirst(tracking.count + 1))
                let shown: String
                switch name {
                case "main": shown = "refs/heads/main"
                case "records": shown = Ledger.reference
                default:
                    shown = name.hasPrefix("proposals/") ? "refs/conduct/" + name
                        : name.hasPrefix("tags/") ? "refs/" + name : name
                }
                return (shown, reference)
            }
        }
        for (shown, reference) in found {
            let kind = try git("reading \(shown) of \(remote)") { try repository.objectType(reference.target) }
            guard let kind else { throw refuse(shown, "points at \(reference.target.hex.prefix(12)), an object it did not send") }
            if shown.hasPrefix("refs/tags/") {
                switch kind {
                case .commit: continue  // a plain git tag: left alone, as before
                case .tag:
                    let tag = try git("reading \(shown) of \(remote)") { try repository.tag(reference.target) }
                    if !tag.targetIsCommit {
                        let target = try objectKindName(tag.target)
                        throw refuse(shown, "is a tag of a \(target), not of a revision")
                    }
                default:
                    throw refuse(shown, "points at a \(kind), not at a tag or a commit")
                }
                continue
            }
            guard kind == .commit else { throw refuse(shown, "points at a \(kind), not at a commit") }
            if shown == Store.mainReference { try checkRevisions(from: reference.target, shown: shown, refuse: refuse) }
        }
    }

    /// Every revision from `tip` that this store does not hold yet must hold the document as a file.
    private func checkRevisions(from tip: ObjectID, shown: String, refuse: (String, String) -> ConductError) throws(ConductError) {
        let (local, commits): (ObjectID?, [ObjectID]) = try git("reading \(shown) of the remote") {
            (try repository.reference(Store.mainReference), try repository.walk(from: tip))
        }
        // A new store (a clone) learns the document's name from the first revision, as `open` does.
        var name = documentName
        if local == nil, let first = commits.last {
            let entries = try git("reading a revision of the remote") { try repository.tree(try repository.commit(first).tree) }
            let markdown = entries.filter { $0.name.lowercased().hasSuffix(".md") }
            if !entries.contains(where: { $0.name == documentName }), markdown.count == 1 { name = markdown[0].name }
        }
        // Newest first: the first revision this store holds ends the walk (main moves by fast-forward).
        for commit in commits {
            let entries: [TreeEntry]? = try git("reading a revision of the remote") {
                if let local, try repository.isAncestor(commit, of: local) { return nil }
                return try repository.tree(try repository.commit(commit).tree)
            }
            guard let entries else { break }
            let document = name
            let revision = "revision \(commit.hex.prefix(12))"
            guard let entry = entries.first(where: { $0.name == document }) else {
                throw refuse(shown, "has a \(revision) whose tree holds no \(document)")
            }
            switch entry.mode {
            case .blob, .executable: continue
            case .link: throw refuse(shown, "has a \(revision) whose \(document) is a symbolic link, not a file")
            case .tree: throw refuse(shown, "has a \(revision) whose \(document) is a folder, not a file")
            case .commit: throw refuse(shown, "has a \(revision) whose \(document) is a submodule, not a file")
            }
        }
    }

    private func objectKindName(_ id: ObjectID) throws(ConductError) -> String {
        try git("reading an object") { try repository.objectType(id).map { "\($0)" } ?? "missing object" }
    }
}

import Git

extension Store {
    /// Pushes to a repository on this machine so that no update is lost.
    ///
    /// libgit2's local transport moves the remote's references without comparing their old
    /// values, so two stores pushing at once could each overwrite the other. Here the objects
    /// travel under temporary names, and each reference then moves by compare-and-swap against
    /// the tip this sync fetched: one that moved meanwhile is refused, and sync tries again.
    func pushWithCompareAndSwap(_ remote: String, path: String, references: [String],
                                expected: [String: ObjectID?], progress: ProgressReporter) throws -> [PushedReference] {
        let staging = "refs/conduct/incoming/\(UInt64.random(in: 0...UInt64.max))"
        let staged = references.enumerated().map { (name: $1, temporary: "\(staging)/\($0)") }
        let hub = try Repository.open(at: path)
        // The hub's refs are locked by this push: hold its write lease meanwhile, and when no
        // writer is at work there, clear what dead ones left (lock files, staging refs).
        let hubStore = Store(repository: hub, documentName: documentName)
        hubStore.prepareWrite()
        let sent = try repository.push(remote, refspecs: staged.map { "\($0.name):\($0.temporary)" }, progress: progress.transfer)
        var results: [PushedReference] = []
        for (reference, temporary) in staged {
            guard sent.contains(where: { $0.reference == temporary && $0.rejection == nil }),
                  let tip = try hub.reference(temporary) else {
                results.append(PushedReference(reference: reference, rejection: "the objects did not arrive"))
                continue
            }
            do {
                try hub.updateReference(reference, to: tip, expected: expected[reference] ?? nil, logMessage: "conduct: sync")
                results.append(PushedReference(reference: reference, rejection: nil))
            } catch let error as GitError where error.isModified || error.isExists || error.isLocked || error.isNotFound {
                results.append(PushedReference(reference: reference, rejection: "it moved since it was fetched (someone pushed first)"))
            }
            try? hub.deleteReference(temporary, expected: tip)
        }
        // libgit2 noted the temporary names as remote-tracking references; they mean nothing here.
        for reference in try repository.references(matching: "refs/remotes/\(remote)/conduct/incoming/*") {
            try? repository.deleteReference(reference.name, expected: reference.target)
        }
        return results
    }
}

import Git

extension Store {
    /// Fetches `remote`'s main, ledger, proposals and version tags into `tracking`
    /// (`refs/remotes/<remote>/…`) and refuses what no store can hold: references of a kind no
    /// store holds, a ledger whose root of authority is not the one this store trusts, revisions
    /// no secretariat key in force signed. A refusal puts the remote-tracking references back.
    func fetchAndCheck(_ remote: String, tracking: String, dryRun: Bool) throws(ConductError) {
        let held = try trackingTips(tracking)
        let receiving = ProgressReporter("receiving objects from \(remote)", total: nil, unit: "objects")
        try git("fetching from \(remote)") {
            try repository.fetch(remote, refspecs: [
                "+refs/heads/main:\(tracking)/main", "+refs/conduct/records:\(tracking)/records",
                "+refs/conduct/proposals/*:\(tracking)/proposals/*", "+refs/tags/*:\(tracking)/tags/*",
            ], logMessage: "conduct: fetch from \(remote)", progress: receiving.transfer)
        }
        receiving.finish()
        try refuseHostileReferences(remote: remote, tracking: tracking, before: held)
        try checkRemoteAuthority(try git("reading \(remote)'s ledger") { try repository.reference(tracking + "/records") },
                                 remote: remote, dryRun: dryRun)
        try refuseHostileReferences(remote: remote, tracking: tracking, before: held, signatures: true)
    }
}

extension ProgressReporter {
    /// What a fetch or push reports its transfer through: nil when no one listens, so that
    /// libgit2 is not asked for it.
    var transfer: ((TransferProgress) -> Void)? {
        guard isActive else { return nil }
        return { [self] in set(done: $0.objects, total: $0.totalObjects, bytes: $0.bytes) }
    }
}

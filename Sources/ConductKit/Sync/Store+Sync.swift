import Git

extension Store {
    static let maximumSyncAttempts = 4

    /// Fetches from `remote`, takes in what can be taken safely, and pushes what the remote lacks.
    ///
    /// `main` and proposals move only by fast-forward; diverged tips are reported, never merged
    /// or overwritten (`acceptRemote` takes the remote's main, keeping the local tip on a backup
    /// ref). The ledger takes every incoming record that checks out (its name is its content's
    /// hash, it is a valid record where it lies, a signed record's signature holds) and keeps
    /// the rest under `refs/conduct/quarantine/<remote>`. Pushes are confirmed per reference; a
    /// refused one is fetched, integrated and pushed again, a bounded number of times.
    ///
    /// A remote ledger that holds quarantined records is never merged, so the local ledger
    /// cannot fast-forward it and is held back (`ledgerHeldBack`). With `replaceRemoteLedger`
    /// the remote's ledger is replaced by the local one, but only when the local one holds
    /// every record of the remote's that checked out: what goes is exactly what was quarantined.
    public func sync(_ remote: String, dryRun: Bool, acceptRemote: Bool, push: Bool = true, replaceRemoteLedger: Bool = false,
                     authorship: Authorship) throws(ConductError) -> SyncReport {
        try requireWritable()
        let url = try remoteURL(remote)
        if !dryRun { prepareWrite() }
        var report = SyncReport(remote: remote, dryRun: dryRun)
        let tracking = "refs/remotes/\(remote)"
        var backoff = Backoff()
        for attempt in 1...Store.maximumSyncAttempts {
            // 1. Fetch into refs/remotes/<remote>/…, refusing what no store can hold (Fetch.swift).
            try fetchAndCheck(remote, tracking: tracking, dryRun: dryRun)
            // 2. Take in the ledger's records that check out, quarantining the rest (LedgerMerge.swift).
            try integrateLedger(from: tracking + "/records", remote: remote, dryRun: dryRun, report: &report, authorship: authorship)
            // 3. Move main, proposals and version tags by fast-forward only (FastForward.swift).
            try integrate("refs/heads/main", from: tracking + "/main", dryRun: dryRun, acceptRemote: acceptRemote, report: &report)
            try integrateProposals(from: tracking + "/proposals/", dryRun: dryRun, report: &report)
            try integrateTags(from: tracking + "/tags/", dryRun: dryRun)
            guard push, !dryRun else { return report }
            // 4. Push what the remote lacks, confirmed per reference (Outgoing.swift, CompareAndSwapPush.swift).
            let refused = try pushOutgoing(to: remote, url: url, tracking: tracking, replaceLedger: replaceRemoteLedger, report: &report)
            if !refused || attempt == Store.maximumSyncAttempts { return report }
            // 5. Someone pushed first: fetch, integrate and try again.
            backoff.wait()
        }
        return report
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

extension Store {
    static let maximumSyncAttempts = 4

    // MARK: Sync

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
        let known = try remotes()
        guard known.contains(where: { $0.name == remote }) else { throw .unknownRemote(remote, known: known.map(\.name)) }
        if let url = known.first(where: { $0.name == remote })?.url, Store.isLocal(url),
           FileKind(atPath: url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url) == .missing {
            throw .remoteMissing(remote, url: url)
        }
        if !dryRun { prepareWrite() }
        var report = SyncReport(remote: remote, dryRun: dryRun)
        let tracking = "refs/remotes/\(remote)"
        var backoff = Backoff()
        for attempt in 1...Store.maximumSyncAttempts {
            let held = try trackingTips(tracking)
            try git("fetching from \(remote)") {
                try repository.fetch(remote, refspecs: [
                    "+refs/heads/main:\(tracking)/main", "+refs/conduct/records:\(tracking)/records",
                    "+refs/conduct/proposals/*:\(tracking)/proposals/*", "+refs/tags/*:\(tracking)/tags/*",
                ], logMessage: "conduct: fetch from \(remote)")
            }
            try refuseHostileReferences(remote: remote, tracking: tracking, before: held)
            try checkRemoteAuthority(try git("reading \(remote)'s ledger") { try repository.reference(tracking + "/records") },
                                     remote: remote, dryRun: dryRun)
            try refuseHostileReferences(remote: remote, tracking: tracking, before: held, signatures: true)
            try integrateLedger(from: tracking + "/records", remote: remote, dryRun: dryRun, report: &report, authorship: authorship)
            try integrate("refs/heads/main", from: tracking + "/main", dryRun: dryRun, acceptRemote: acceptRemote, report: &report)
            try integrateProposals(from: tracking + "/proposals/", dryRun: dryRun, report: &report)
            try integrateTags(from: tracking + "/tags/", dryRun: dryRun)
            guard push, !dryRun else { return report }

            // Push what the remote lacks; references whose remote tip is not behind ours are left out.
            let (offered, forced) = try pushable(tracking: tracking, report: &report, replaceLedger: replaceRemoteLedger)
            guard !offered.isEmpty else { return report }
            // What the remote held before: libgit2 moves remote-tracking references itself on a push.
            let before = try git("reading what \(remote) holds") {
                Dictionary(uniqueKeysWithValues: try offered.map { ($0, try repository.reference(trackingName($0, tracking))) })
            }
            let url = known.first { $0.name == remote }?.url ?? remote
            let results = try git("pushing to \(remote)") { () throws -> [PushedReference] in
                Store.isLocal(url)
                    ? try pushWithCompareAndSwap(remote, path: url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url,
                                                 references: offered, expected: before)
                    : try repository.push(remote, refspecs: offered.map { (forced.contains($0) ? "+" : "") + "\($0):\($0)" })
            }
            report.replaced = results.filter { $0.rejection == nil && forced.contains($0.reference) }.map(\.reference)
            if !report.replaced.isEmpty { report.ledgerHeldBack = nil }
            try countOut(results.filter { $0.rejection == nil }.map(\.reference), before: before, report: &report)
            // What the remote took is now its state: note it as such.
            for result in results where result.rejection == nil {
                if let tip = try git("reading \(result.reference)", { try repository.reference(result.reference) }) {
                    try git("noting what \(remote) holds") {
                        try repository.setReference(trackingName(result.reference, tracking), to: tip, logMessage: "conduct: pushed to \(remote)")
                    }
                }
            }
            report.refused = [:]
            for result in results where result.rejection != nil { report.refused[result.reference] = result.rejection }
            if report.refused.isEmpty || attempt == Store.maximumSyncAttempts { return report }
            // Someone pushed first: fetch, integrate and try again.
            backoff.wait()
        }
        return report
    }

}

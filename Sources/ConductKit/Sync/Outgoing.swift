import Git

extension Store {
    /// Pushes what `remote` lacks and can take, and notes what it took as its state; true when
    /// it refused a reference (someone pushed first), each listed in `report.refused`.
    func pushOutgoing(to remote: String, url: String, tracking: String, replaceLedger: Bool,
                      report: inout SyncReport) throws(ConductError) -> Bool {
        // Push what the remote lacks; references whose remote tip is not behind ours are left out.
        let (offered, forced) = try pushable(tracking: tracking, report: &report, replaceLedger: replaceLedger)
        guard !offered.isEmpty else { return false }
        // What the remote held before: libgit2 moves remote-tracking references itself on a push.
        let before = try git("reading what \(remote) holds") {
            Dictionary(uniqueKeysWithValues: try offered.map { ($0, try repository.reference(trackingName($0, tracking))) })
        }
        let sending = ProgressReporter("sending objects to \(remote)", total: nil, unit: "objects")
        let results = try git("pushing to \(remote)") { () throws -> [PushedReference] in
            Store.isLocal(url)
                ? try pushWithCompareAndSwap(remote, path: Store.localPath(url),
                                             references: offered, expected: before, progress: sending)
                : try repository.push(remote, refspecs: offered.map { (forced.contains($0) ? "+" : "") + "\($0):\($0)" },
                                      progress: sending.transfer)
        }
        sending.finish()
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
        return !report.refused.isEmpty
    }

    /// The remote-tracking name under `tracking` of the local `reference`.
    func trackingName(_ reference: String, _ tracking: String) -> String {
        switch reference {
        case "refs/heads/main": return tracking + "/main"
        case Ledger.reference: return tracking + "/records"
        default:
            if reference.hasPrefix("refs/conduct/proposals/") { return tracking + "/proposals/" + reference.dropFirst("refs/conduct/proposals/".count) }
            return tracking + "/tags/" + reference.dropFirst("refs/tags/".count)
        }
    }

    /// The local references the remote does not hold yet and can take by fast-forward, and
    /// those of them that replace the remote's tip instead (`forced`).
    func pushable(tracking: String, report: inout SyncReport, replaceLedger: Bool) throws(ConductError) -> (offered: [String], forced: Set<String>) {
        report.ledgerHeldBack = nil
        return try git("comparing with the remote") {
            var offered: [String] = []
            var candidates = ["refs/heads/main", Ledger.reference]
            candidates += try repository.references(matching: "refs/conduct/proposals/*").map(\.name)
            candidates += try repository.references(matching: "refs/tags/v*").map(\.name)
            for name in candidates where !name.hasPrefix("refs/tags/") {
                guard let local = try repository.reference(name) else { continue }
                guard let remote = try repository.reference(trackingName(name, tracking)) else { offered.append(name); continue }
                if local != remote, try repository.isAncestor(remote, of: local) { offered.append(name) }
            }
            // A version tag goes only where its revision will be on the remote's main, and only
            // when the remote has no tag of that name: a version, once there, stays.
            let remoteMain = offered.contains(Store.mainReference)
                ? try repository.reference(Store.mainReference) : try repository.reference(tracking + "/main")
            for name in candidates where name.hasPrefix("refs/tags/") {
                guard let tag = try repository.reference(name), try repository.reference(trackingName(name, tracking)) == nil,
                      let remoteMain, let commit = try? repository.tag(tag).target,
                      try repository.isAncestor(commit, of: remoteMain) else { continue }
                offered.append(name)
            }
            // A ledger that left out quarantined records does not descend from the remote's: keep it
            // home, or, when asked, replace the remote's with it if it holds every other record there.
            guard !report.quarantined.isEmpty, let theirs = try repository.reference(tracking + "/records") else { return (offered, []) }
            offered.removeAll { $0 == Ledger.reference }
            report.ledgerHeldBack = theirs.hex
            guard replaceLedger, let mine = try repository.reference(Ledger.reference) else { return (offered, []) }
            let kept = Set(try ledgerFiles(mine).keys).union(report.quarantined.map(\.path))
            guard try ledgerFiles(theirs).keys.allSatisfy({ kept.contains($0) }) else { return (offered, []) }
            return (offered + [Ledger.reference], [Ledger.reference])
        }
    }

    func countOut(_ references: [String], before: [String: ObjectID?], report: inout SyncReport) throws(ConductError) {
        try git("counting what was sent") {
            for name in references {
                guard let local = try repository.reference(name) else { continue }
                let remote = before[name] ?? nil
                if name == "refs/heads/main" {
                    report.revisionsOut += try repository.walk(from: local).filter { id in try remote.map { try !repository.isAncestor(id, of: $0) } ?? true }.count
                } else if name == Ledger.reference {
                    let theirs = try remote.map { try ledgerFiles($0) } ?? [:]
                    for path in try ledgerFiles(local).keys where theirs[path] == nil {
                        report.recordsOut[String(path.prefix { $0 != "/" }), default: 0] += 1
                    }
                } else if name.hasPrefix("refs/conduct/proposals/") {
                    report.proposalsOut.append(String(name.dropFirst("refs/conduct/proposals/".count)))
                }
            }
        }
    }
}

internal import Git

/// The ledger never shrinks: every record an earlier ledger tip held stands unchanged at the
/// tip. The earlier tips known are the ledger's own history, its reflog, and what each remote
/// was seen to hold (`refs/remotes/*/records` and their reflogs). Records a sync kept under
/// `refs/conduct/quarantine/*` are excused: they never entered this ledger.
extension Store {
    /// A record an earlier ledger commit held that a tip lacks (`edited`: holds other content under its name).
    struct LedgerLoss: Sendable {
        var path: String
        var blob: ObjectID
        /// The first ledger commit found holding it.
        var commit: ObjectID
        var edited: Bool
    }

    /// Every file under `refs/conduct/quarantine/*`, by path: the blobs kept there.
    func quarantinedFiles() throws -> [String: Set<ObjectID>] {
        var kept: [String: Set<ObjectID>] = [:]
        for reference in try repository.references(matching: "refs/conduct/quarantine/*") {
            guard let commit = try? repository.commit(reference.target) else { continue }
            for (path, blob) in try files(ofTree: commit.tree) { kept[path, default: []].insert(blob) }
        }
        return kept
    }

    /// The ledger tips this store knows besides the ledger's own tip: every id the reflog of
    /// `refs/conduct/records` names, and each `refs/remotes/*/records` with its reflog's ids.
    func earlierLedgerTips() throws -> [ObjectID] {
        var tips: [ObjectID] = []
        func logged(_ name: String) {
            for entry in (try? repository.reflog(name)) ?? [] {
                for id in [entry.new, entry.old] where !id.isZero { tips.append(id) }
            }
        }
        logged(Ledger.reference)
        for reference in try repository.references(matching: "refs/remotes/*") where reference.name.hasSuffix("/records") {
            tips.append(reference.target)
            logged(reference.name)
        }
        return tips
    }

    /// The records that the commits reachable from `starts` held and `tip` lacks or holds
    /// changed, each reported once, excluding those in `excused` (path to blobs kept in
    /// quarantine). The walk does not enter `stop`. Each tree is compared once (a tree id holds
    /// the same files wherever it appears), so the cost is that of the distinct trees in the
    /// history, not of every commit's whole tree. The commits of `single` are compared without
    /// their history. Ids that name no commit here are passed over.
    func ledgerLosses(tip: ObjectID?, from starts: [ObjectID], only single: [ObjectID] = [], stop: Set<ObjectID> = [],
                      excused: [String: Set<ObjectID>]) throws -> [LedgerLoss] {
        let tipTree = try tip.map { try repository.commit($0).tree }
        var compared = Set<ObjectID>()
        var lost: [String: LedgerLoss] = [:]
        var order: [String] = []

        func note(_ path: String, _ blob: ObjectID, _ commit: ObjectID, edited: Bool) {
            if excused[path]?.contains(blob) == true || lost[path] != nil { return }
            lost[path] = LedgerLoss(path: path, blob: blob, commit: commit, edited: edited)
            order.append(path)
        }
        /// The tip's trees are met again and again: each is listed once.
        var listings: [ObjectID: [String: TreeEntry]] = [:]
        func listing(_ tree: ObjectID) throws -> [String: TreeEntry] {
            if let known = listings[tree] { return known }
            let listed = Dictionary(try repository.tree(tree).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            listings[tree] = listed
            return listed
        }
        /// Every file of `tree` (at `prefix`) is gone from the tip.
        func gone(_ tree: ObjectID, _ prefix: String, _ commit: ObjectID) throws {
            guard compared.insert(tree).inserted else { return }
            for entry in try repository.tree(tree) {
                let path = prefix + entry.name
                if entry.mode == .tree { try gone(entry.id, path + "/", commit) } else { note(path, entry.id, commit, edited: false) }
            }
        }
        /// `old` (at `prefix`) against the tip's tree there.
        func compare(_ old: ObjectID, _ new: ObjectID?, _ prefix: String, _ commit: ObjectID) throws {
            guard let new else { return try gone(old, prefix, commit) }
            guard old != new, compared.insert(old).inserted else { return }
            let now = try listing(new)
            for entry in try repository.tree(old) {
                let path = prefix + entry.name
                let there = now[entry.name]
                if there?.id == entry.id { continue }
                if entry.mode == .tree {
                    try compare(entry.id, there?.mode == .tree ? there?.id : nil, path + "/", commit)
                } else {
                    note(path, entry.id, commit, edited: there != nil)
                }
            }
        }

        for id in single {
            guard let commit = try? repository.commit(id) else { continue }
            try compare(commit.tree, tipTree, "", id)
        }
        var seen = stop
        var queue = starts.filter { !stop.contains($0) }
        var next = 0
        while next < queue.count {
            let id = queue[next]
            next += 1
            guard seen.insert(id).inserted, let commit = try? repository.commit(id) else { continue }
            try compare(commit.tree, tipTree, "", id)
            queue += commit.parents.filter { !seen.contains($0) }
        }
        return order.compactMap { lost[$0] }
    }

    /// Every file of a tree, by path.
    func files(ofTree tree: ObjectID) throws -> [String: ObjectID] {
        var files: [String: ObjectID] = [:]
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            for entry in try repository.tree(tree) {
                let path = prefix + entry.name
                if entry.mode == .tree { try walk(entry.id, path + "/") } else { files[path] = entry.id }
            }
        }
        try walk(tree, "")
        return files
    }

    /// `verify`'s part: the ledger's history, its reflog and every remote's ledger seen, against the tip.
    func auditAppendOnly(into report: inout VerifyReport) throws(ConductError) {
        try git("reading the ledger's history") {
            let tip = try repository.reference(Ledger.reference)
            if let tip { report.ledgerCommits = try repository.walk(from: tip, firstParentOnly: false).count }
            let starts = (tip.map { [$0] } ?? []) + (try earlierLedgerTips())
            for loss in try ledgerLosses(tip: tip, from: starts, excused: try quarantinedFiles()) {
                let problem = loss.edited
                    ? "ledger commit \(loss.commit.hex.prefix(12)) holds other content under this name: a record was edited"
                    : "ledger commit \(loss.commit.hex.prefix(12)) holds it and the tip does not: a record was deleted"
                report.findings.append(VerifyFinding(check: .history, subject: loss.path, problem: problem))
            }
        }
    }

    /// What a remote's ledger at `remoteTip` dropped: records it once held (its own history
    /// since the tips seen before, the latest earlier tips of `tracking` from its reflog), or
    /// that the local ledger holds when the remote's descends from it, and that `remoteTip`
    /// lacks. Quarantined records are excused.
    static let earlierTipsChecked = 4

    func recordsDropped(by remoteTip: ObjectID, tracking: String) throws -> [LedgerLoss] {
        let local = try repository.reference(Ledger.reference)
        // The latest few tips seen (newest first): each sync held the remote to the tips before
        // it, so these stand for all of them, and a sync's cost does not grow with the number of
        // syncs before it. `verify` compares with every tip the reflog names.
        var earlier: [ObjectID] = []
        for entry in (try? repository.reflog(tracking)) ?? [] {
            for id in [entry.new, entry.old] where !id.isZero && id != remoteTip && !earlier.contains(id) { earlier.append(id) }
            if earlier.count >= Store.earlierTipsChecked { break }
        }
        var single = earlier
        // A remote ledger that descends from ours holds every record we hold there.
        if let local, local != remoteTip, try repository.isAncestor(local, of: remoteTip) { single.append(local) }
        // The remote's history is walked down to what was seen before (compared when it was seen).
        return try ledgerLosses(tip: remoteTip, from: [remoteTip], only: single,
                                stop: Set(single).union(local.map { [$0] } ?? []), excused: try quarantinedFiles())
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Git

/// What one `sync` brought in, sent out, and left alone.
public struct SyncReport: Sendable {
    /// A reference whose two tips have diverged: nothing was overwritten.
    public struct Divergence: Sendable {
        public var reference: String
        public var local: String
        public var remote: String
        /// With `acceptRemote`: where the local tip was kept.
        public var backup: String?
    }

    /// A record the remote offered that was kept out of the ledger.
    public struct Quarantined: Sendable {
        public var path: String
        public var problem: String
    }

    /// A record the remote's ledger once held, or took from this store, and holds no longer:
    /// never taken as gone; this store keeps it, and the next push gives it back.
    public struct Dropped: Sendable {
        public var path: String
        /// The first ledger commit found holding it.
        public var commit: String
        /// The remote holds other content under its name.
        public var edited: Bool
    }

    public var remote: String
    public var revisionsIn = 0
    public var revisionsOut = 0
    public var proposalsIn: [String] = []
    public var proposalsOut: [String] = []
    /// Records by kind (the ledger's top-level folder).
    public var recordsIn: [String: Int] = [:]
    public var recordsOut: [String: Int] = [:]
    public var quarantined: [Quarantined] = []
    public var dropped: [Dropped] = []
    public var quarantineReference: String?
    public var diverged: [Divergence] = []
    /// References the remote refused after every retry, with its reason.
    public var refused: [String: String] = [:]
    /// The remote's ledger tip, when the ledger was not pushed because the remote's holds
    /// quarantined records (this store never takes that history in, so it cannot fast-forward).
    public var ledgerHeldBack: String?
    /// References whose remote tip was replaced rather than fast-forwarded (`replaceRemoteLedger`).
    public var replaced: [String] = []
    public var dryRun = false
}

extension Store {
    static let maximumSyncAttempts = 4

    // MARK: Remotes

    /// `url` as it may be shown: a password in it replaced by `***`.
    public static func displayURL(_ url: String) -> String { Remote.hidingPassword(url) }

    public func remotes() throws(ConductError) -> [Remote] {
        try git("reading the remotes") { try repository.remotes() }
    }

    public func addRemote(_ name: String, url: String) throws(ConductError) {
        try requireWritable()
        guard Ledger.isValidKey(name) else { throw .invalidRemoteName(name) }
        if try remotes().contains(where: { $0.name == name }) { throw .remoteExists(name) }
        _ = try git("adding remote \(name)") { try repository.addRemote(name, url: url) }
    }

    public func removeRemote(_ name: String) throws(ConductError) {
        try requireWritable()
        let known = try remotes()
        guard known.contains(where: { $0.name == name }) else { throw .unknownRemote(name, known: known.map(\.name)) }
        try git("removing remote \(name)") { try repository.removeRemote(name) }
    }

    /// Makes a new store at `path` from the store at `url`, and names that store `origin`.
    public static func clone(from url: String, to path: String, authorship: Authorship) throws(ConductError) -> (Store, SyncReport) {
        if !url.contains("://"), FileKind(atPath: url) == .missing {
            throw .notAStore(path: url, reason: "no such folder")
        }
        switch FileKind(atPath: path) {
        case .missing: break
        case .file, .other: throw .pathIsFile(path)
        case .directory:
            if !((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false) {
                throw .pathNotEmpty(path: path, holdsStore: (try? Repository.open(at: path)) != nil)
            }
        }
        // Built beside its path and renamed into place whole: a crash leaves no half a store.
        let staging = Store.stagingPath(for: path, purpose: "clone")
        let repository: Repository
        do {
            repository = try Repository.initBare(at: staging)
            try repository.setConfig(Store.markKey, "1")
            try repository.addRemote("origin", url: url)
        } catch let error as GitError {
            throw .git(error, while: "making the new store at \(path)")
        } catch {
            throw .corruptStore("\(error)")
        }
        let store = Store(repository: repository, documentName: Store.defaultDocumentName)
        do throws(ConductError) {
            let report = try store.sync("origin", dryRun: false, acceptRemote: false, push: false, authorship: authorship)
            guard try store.git("reading main", { try repository.reference(Store.mainReference) }) != nil else {
                throw ConductError.notAStore(path: url, reason: "it has no refs/heads/main to copy")
            }
            // The document's name is noted before the store moves into place, so a crash leaves none unnamed.
            let inferred = try Store.open(at: staging)
            try store.git("noting the document's name") { try repository.setConfig(Store.documentNameKey, inferred.documentName) }
            try Store.moveIntoPlace(staging, path)
            return (try Store.open(at: path), report)
        } catch {
            // Leave nothing half made behind.
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

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

    /// Pushes to a repository on this machine so that no update is lost.
    ///
    /// libgit2's local transport moves the remote's references without comparing their old
    /// values, so two stores pushing at once could each overwrite the other. Here the objects
    /// travel under temporary names, and each reference then moves by compare-and-swap against
    /// the tip this sync fetched: one that moved meanwhile is refused, and sync tries again.
    func pushWithCompareAndSwap(_ remote: String, path: String, references: [String],
                                        expected: [String: ObjectID?]) throws -> [PushedReference] {
        let staging = "refs/conduct/incoming/\(UInt64.random(in: 0...UInt64.max))"
        let staged = references.enumerated().map { (name: $1, temporary: "\(staging)/\($0)") }
        let hub = try Repository.open(at: path)
        // The hub's refs are locked by this push: hold its write lease meanwhile, and when no
        // writer is at work there, clear what dead ones left (lock files, staging refs).
        let hubStore = Store(repository: hub, documentName: documentName)
        hubStore.prepareWrite()
        let sent = try repository.push(remote, refspecs: staged.map { "\($0.name):\($0.temporary)" })
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

    /// Whether `url` names a repository on this machine (a path or `file://`).
    static func isLocal(_ url: String) -> Bool { !url.contains("://") || url.hasPrefix("file://") }

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

    /// Fast-forwards `reference` to `remoteName`'s tip, or reports the two tips when they
    /// diverged; true when the fast-forward brought something in.
    @discardableResult
    func integrate(_ reference: String, from remoteName: String, dryRun: Bool, acceptRemote: Bool,
                           report: inout SyncReport) throws(ConductError) -> Bool {
        try git("taking in \(reference)") {
            guard let remote = try repository.reference(remoteName) else { return false }
            let local = try repository.reference(reference)
            if let local, try repository.isAncestor(remote, of: local) { return false }  // nothing new
            if let local, try !repository.isAncestor(local, of: remote) {
                var divergence = SyncReport.Divergence(reference: reference, local: local.hex, remote: remote.hex)
                if acceptRemote, reference == "refs/heads/main", !dryRun {
                    let backup = "refs/conduct/backup/main-\(local.hex.prefix(12))"
                    try repository.setReference(backup, to: local, logMessage: "conduct: main before taking \(remoteName)")
                    try repository.updateReference(reference, to: remote, expected: local, logMessage: "conduct: take \(remoteName)")
                    divergence.backup = backup
                }
                report.diverged.append(divergence)
                return false
            }
            if reference == "refs/heads/main" {
                report.revisionsIn += try repository.walk(from: remote).filter { id in try local.map { try !repository.isAncestor(id, of: $0) } ?? true }.count
            }
            if !dryRun {
                try repository.updateReference(reference, to: remote, expected: local, logMessage: "conduct: fast-forward from \(remoteName)")
            }
            return true
        }
    }

    func integrateProposals(from prefix: String, dryRun: Bool, report: inout SyncReport) throws(ConductError) {
        let incoming = try git("reading fetched proposals") { try repository.references(matching: prefix + "*") }
        // A dry run took no record in: judge by the remote's ledger then.
        let ledgerName = dryRun ? String(prefix.dropLast("proposals/".count)) + "records" : Ledger.reference
        let ledger = try git("reading the ledger") { try repository.reference(ledgerName) }
        for reference in incoming {
            let id = String(reference.name.dropFirst(prefix.count))
            // A proposal ref that no record opens is what an interrupted propose left on the remote.
            guard try git("reading proposal \(id)", { try proposalVersions(id, inLedger: ledger) }) > 0 else { continue }
            if try integrate("refs/conduct/proposals/" + id, from: reference.name, dryRun: dryRun, acceptRemote: false, report: &report) {
                report.proposalsIn.append(id)
            }
        }
    }

    /// Version tags the remote has and this store lacks, when their commit is on main here.
    func integrateTags(from prefix: String, dryRun: Bool) throws(ConductError) {
        guard !dryRun else { return }
        try git("taking in version tags") {
            guard let main = try repository.reference(Store.mainReference) else { return }
            for tag in try repository.references(matching: prefix + "*") {
                let name = "refs/tags/" + tag.name.dropFirst(prefix.count)
                guard let target = try? repository.tag(tag.target).target, try repository.isAncestor(target, of: main) else { continue }
                if let local = try repository.reference(name) {
                    // Keep a local tag unless its revision left main (main was taken from the remote).
                    guard local != tag.target, let localTarget = try? repository.tag(local).target,
                          try !repository.isAncestor(localTarget, of: main) else { continue }
                    try repository.setReference("refs/conduct/backup/tags/" + name.dropFirst("refs/tags/".count), to: local,
                                                logMessage: "conduct: version tag whose revision left main")
                    try repository.updateReference(name, to: tag.target, expected: local, logMessage: "conduct: version tag from a remote")
                } else {
                    try? repository.updateReference(name, to: tag.target, expected: nil, logMessage: "conduct: version tag from a remote")
                }
            }
        }
    }

    /// Takes in the remote ledger's records that check out; keeps the others in quarantine.
    func integrateLedger(from remoteName: String, remote: String, dryRun: Bool, report: inout SyncReport,
                                 authorship: Authorship) throws(ConductError) {
        try git("merging the ledger") {
            guard let remoteTip = try repository.reference(remoteName) else { return }
            // The ledger never shrinks: what the remote dropped stays here and goes back on push.
            let dropped = try recordsDropped(by: remoteTip, tracking: remoteName)
            report.dropped = dropped.map { SyncReport.Dropped(path: $0.path, commit: $0.commit.hex, edited: $0.edited) }
            /// Leaves the ledger as it is (a dry run, or nothing to take in).
            struct Unchanged: Error {}
            // Counts add up over sync's attempts; within one, the merge may be built again.
            let earlier = report.recordsIn
            do {
            _ = try repository.transact(Ledger.reference, logMessage: "conduct: merge records from \(remote)") { local in
                if let local, try repository.isAncestor(remoteTip, of: local) { throw Unchanged() }
                let mine = try local.map { try ledgerFiles($0) } ?? [:]
                let theirs = try ledgerFiles(remoteTip)
                var incoming: [(path: String, blob: ObjectID, record: Record)] = []
                var quarantined: [(path: String, blob: ObjectID, problem: String)] = []
                // What an earlier sync quarantined is never read again: it stays out, for the same reason.
                let known = try quarantinedBefore(remote: remote)
                var keptOut: [SyncReport.Quarantined] = []
                for (path, blob) in theirs.sorted(by: { $0.key < $1.key }) where mine[path] == nil {
                    if let problem = known[QuarantinedFile(path: path, blob: blob)] { keptOut.append(.init(path: path, problem: problem)); continue }
                    let name = String(path.split(separator: "/").last ?? "")
                    guard name.hasSuffix(".json") else { quarantined.append((path, blob, "is not a record")); continue }
                    // A blob too large to be a record is refused by its size, before it is read.
                    if let size = try repository.objectHeader(blob)?.size, size > RecordLimits.maximumBytes {
                        quarantined.append((path, blob, RecordLimits.sizeProblem(size)))
                        continue
                    }
                    do {
                        let record = try Record(bytes: try repository.blob(blob), name: String(name.dropLast(5)))
                        guard record.path.joined(separator: "/") == path else {
                            quarantined.append((path, blob, "belongs at \(record.path.joined(separator: "/"))"))
                            continue
                        }
                        if let missing = record.missingField {
                            quarantined.append((path, blob, missing))
                            continue
                        }
                        incoming.append((path, blob, record))
                    } catch let problem as RecordProblem {
                        quarantined.append((path, blob, problem.explanation))
                    }
                }
                // Signed records must hold their signature, by a key their signatory had at the time,
                // judged on the registry as it will stand after the merge.
                // Signatory, key, setting and adoption records must be signed by an authority the chain
                // allows, judged on the chain and registry as they will stand after the merge.
                let (registry, untrusted) = try judgeIncoming(mine: mine, incoming: incoming.map(\.record))
                incoming = incoming.filter { entry in
                    if let problem = untrusted[entry.record.id] { quarantined.append((entry.path, entry.blob, problem)); return false }
                    guard entry.record.type.hasPrefix("attestation") else { return true }
                    let problem = Attestation.signatureProblem(entry.record)
                        ?? Attestation.keyProblem(entry.record.value["key"]?.stringValue, at: entry.record.time,
                                                  signatory: entry.record.value["signatory"]?.stringValue.flatMap { registry[$0] })
                    if let problem { quarantined.append((entry.path, entry.blob, problem)) }
                    return problem == nil
                }
                report.quarantined = keptOut + quarantined.map { SyncReport.Quarantined(path: $0.path, problem: $0.problem) }
                if !keptOut.isEmpty { report.quarantineReference = "refs/conduct/quarantine/\(remote)" }
                report.recordsIn = earlier
                for entry in incoming { report.recordsIn[String(entry.path.prefix { $0 != "/" }), default: 0] += 1 }
                if dryRun { throw Unchanged() }
                if !quarantined.isEmpty {
                    try quarantine(quarantined, remote: remote, tip: remoteTip, signature: authorship.signature, report: &report)
                }
                guard !incoming.isEmpty || !dropped.isEmpty else { throw Unchanged() }
                // Everything checked out and nothing is ours alone: take the remote's chain as it is.
                let behind = try local.map { try repository.isAncestor($0, of: remoteTip) } ?? true
                let clean = quarantined.isEmpty && keptOut.isEmpty
                if clean, behind, dropped.isEmpty { return remoteTip }
                let tree = try placing(incoming.map { ($0.path.split(separator: "/").map(String.init)[...], $0.blob) },
                                       into: try local.map { try repository.commit($0).tree })
                guard let tree else { throw Unchanged() }
                // A remote holding quarantined records is not a parent: its history is not taken in.
                let parents = (local.map { [$0] } ?? []) + (clean ? [remoteTip] : [])
                let message = "Merge \(incoming.count) record\(incoming.count == 1 ? "" : "s") from \(remote)"
                    + (clean ? "" : " (\(quarantined.count + keptOut.count) quarantined)")
                    + (dropped.isEmpty ? "" : ", keeping \(dropped.count) it dropped")
                return try repository.writeCommit(tree: tree, parents: parents, author: authorship.signature,
                                                  committer: authorship.signature,
                                                  message: CommitMessage.compose(message, trailers: [("Conduct-Remote-Ledger", remoteTip.hex)]))
            }
            } catch is Unchanged {
                return
            }
        }
    }

    /// Keeps records that did not check out under `refs/conduct/quarantine/<remote>`, out of the ledger.
    func quarantine(_ files: [(path: String, blob: ObjectID, problem: String)], remote: String, tip: ObjectID,
                            signature: Signature, report: inout SyncReport) throws {
        let reference = "refs/conduct/quarantine/\(remote)"
        let tree = try placing(files.map { ($0.path.split(separator: "/").map(String.init)[...], $0.blob) },
                               into: try repository.reference(reference).map { try repository.commit($0).tree })
        guard let tree else { return }
        let previous = try repository.reference(reference)
        let message = CommitMessage.compose("Quarantine records from \(remote)",
                                            trailers: files.map { ("Conduct-Quarantined", "\($0.path): \($0.problem)") })
        let commit = try repository.writeCommit(tree: tree, parents: previous.map { [$0] } ?? [], author: signature,
                                                committer: signature, message: message)
        try repository.updateReference(reference, to: commit, expected: previous, logMessage: "conduct: quarantine from \(remote) at \(tip.hex.prefix(12))")
        report.quarantineReference = reference
    }

    /// Every file of a ledger commit's tree, by path.
    func ledgerFiles(_ commit: ObjectID) throws -> [String: ObjectID] {
        var files: [String: ObjectID] = [:]
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            for entry in try repository.tree(tree) {
                let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
                if entry.mode == .tree { try walk(entry.id, path) } else { files[path] = entry.id }
            }
        }
        try walk(try repository.commit(commit).tree, "")
        return files
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Git
import Synchronization

/// A write that a crash left half done, as the next writer (or `verify`) finds it.
///
/// Every writing action is ordered so that its last step is the one ref move that makes it true
/// (main before its version tag; a proposal's record before its ref), so what a crash leaves is
/// either nothing the user can see or an action that is true and lacks a follow-up step. The next
/// writing command finishes those steps before it writes (`prepareWrite`); `verify` reports them.
struct HalfDone {
    enum Step {
        /// Point the version tag at the revision on main whose `Conduct-Version` names it
        /// (`current`: the tag there now, pointing off main; nil: no tag).
        case restoreTag(reference: String, commit: ObjectID, current: ObjectID?)
        /// A version tag on a commit that is not on main and that no revision names: set aside.
        case setAsideTag(reference: String, tag: ObjectID)
        /// Main holds the adoption of a proposal the ledger still has open: write its record.
        case finishAdoption(proposal: String, revision: ObjectID)
        /// Move (or create) a proposal's ref to the commit its latest record names.
        case moveProposal(reference: String, from: ObjectID?, to: ObjectID)
        /// A proposal ref that no record describes: a proposal that was never opened.
        case dropProposal(reference: String, at: ObjectID)
        /// A sync's staging ref left on this store by a sync that is no longer running.
        case dropStaging(reference: String, at: ObjectID)
    }

    var subject: String
    var problem: String
    var step: Step
}

extension Store {
    private static let pendingNotices = Mutex<[String]>([])

    /// What the writes of this process finished or cleared on the way (a stale lock file removed,
    /// an interrupted write completed), for the CLI to show on standard error; taking them empties the list.
    public static func takeNotices() -> [String] {
        pendingNotices.withLock { notices in
            defer { notices.removeAll() }
            return notices
        }
    }

    static func notice(_ text: String) {
        pendingNotices.withLock { $0.append(text) }
    }

    /// Called by every writing action before it reads what it will change: takes the store's
    /// write lease (see `WriteLease`) and, when no other conduct writer is alive, removes the
    /// lock files dead writers left and finishes the writes they left half done. Cheap when there
    /// is nothing to do: a directory listing of refs and a walk of main. Runs once per `Store`.
    public func prepareWrite() {
        guard !writePrepared else { return }
        writePrepared = true
        lease = WriteLease(gitDirectory: path) {
            for notice in LockFile.clearStale(in: path, storeName: path) { Store.notice(notice) }
            recoverHalfDoneWrites()
        }
    }

    /// Finishes every half-done write it finds; what cannot be finished is left for `verify` to report.
    private func recoverHalfDoneWrites() {
        let found: [HalfDone]
        do {
            found = try halfDoneWrites(includingStaging: true)
        } catch {
            Store.notice("could not look for interrupted writes in \(path): \(error); run 'conduct verify'")
            return
        }
        for item in found {
            do {
                if let done = try finish(item) { Store.notice(done) }
            } catch {
                Store.notice("could not finish an interrupted write (\(item.subject): \(item.problem)): \(error); run 'conduct verify'")
            }
        }
    }

    /// Takes one step; returns what it did, or nil when another writer did it meanwhile.
    private func finish(_ item: HalfDone) throws -> String? {
        switch item.step {
        case .restoreTag(let reference, let commit, let current):
            let tag = try restoredTag(reference: reference, commit: commit)
            if let current {
                try repository.setReference("refs/conduct/backup/tags/" + reference.dropFirst("refs/tags/".count), to: current,
                                            logMessage: "conduct: version tag that pointed off main")
            }
            try repository.updateReference(reference, to: tag, expected: current, logMessage: "conduct: restore a version tag an interrupted adopt left out")
            return "restored the version tag \(reference.dropFirst("refs/tags/".count)) of revision \(commit.hex.prefix(12)), which an interrupted adopt left out"
        case .setAsideTag(let reference, let tag):
            let backup = "refs/conduct/backup/tags/" + reference.dropFirst("refs/tags/".count)
            try repository.setReference(backup, to: tag, logMessage: "conduct: version tag of no revision on main")
            try repository.deleteReference(reference, expected: tag)
            return "set aside the version tag \(reference.dropFirst("refs/tags/".count)), which an interrupted adopt left on a commit that is not on main (kept as \(backup))"
        case .finishAdoption(let id, let revision):
            guard let proposal = Proposal.fold(try records(in: ["proposals"]))[id], proposal.status == .open else { return nil }
            let adopted = Revision(try repository.commit(revision))
            let authorship = Authorship(author: adopted.author, date: adopted.date)
            let fields: [String: JSONValue] = [
                "type": .string("proposal-adopted"), "at": .string(Store.recordTime(authorship, after: proposal)), "proposal": .string(id),
                "revision": .string(revision.hex), "version": .string(adopted.version?.description ?? ""), "by": authorship.json,
            ]
            // Signed by the secretariat like every adoption record once the store has an authority;
            // without its key at hand the adoption stays for verify to name and adopt to finish.
            let record: Record
            if try authority().isEstablished {
                guard let signed = try? signedBySecretariat(fields, act: "recording an interrupted adoption") else {
                    return "the adoption of proposal \(id) as \(adopted.label) is not recorded yet, and recording it needs the secretariat's key: run 'conduct adopt \(id) --secretariat-key FILE'"
                }
                record = signed
            } else {
                record = try makeRecord(fields)
            }
            try append([record], message: "Adopt \(id) as \(adopted.label)", authorship: authorship)
            return "recorded the adoption of proposal \(id) as \(adopted.label), which an interrupted adopt left open"
        case .moveProposal(let reference, let from, let to):
            try repository.updateReference(reference, to: to, expected: from, logMessage: "conduct: the commit the proposal's latest record names")
            return "moved \(reference) to \(to.hex.prefix(12)), the version its latest record names (an interrupted propose or revise)"
        case .dropProposal(let reference, let at):
            try repository.setReference("refs/conduct/backup/proposals/" + reference.dropFirst("refs/conduct/proposals/".count), to: at,
                                        logMessage: "conduct: proposal ref without a record")
            try repository.deleteReference(reference, expected: at)
            return "removed \(reference), a proposal an interrupted propose never recorded (its commit is kept under refs/conduct/backup/proposals/)"
        case .dropStaging(let reference, let at):
            try repository.deleteReference(reference, expected: at)
            return "removed \(reference), left by a sync that is no longer running"
        }
    }

    /// The tag object a version tag of `commit` has: the one a remote holds for it, else the one
    /// `adopt` writes (the commit's message, tagged by its committer), which is the same bytes.
    private func restoredTag(reference: String, commit: ObjectID) throws -> ObjectID {
        let name = String(reference.dropFirst("refs/tags/".count))
        for remote in try repository.references(matching: "refs/remotes/*/tags/\(name)")
        where (try? repository.peelToCommit(remote.target)) == commit && (try? repository.tag(remote.target)) != nil {
            return remote.target
        }
        let raw = try repository.commit(commit)
        // Signed as adopt signs it, when the secretariat's key is at hand (else verify names the tag).
        let time = Timestamp(seconds: raw.committer.time, offsetMinutes: raw.committer.offsetMinutes)
        let signer = (try? revisionSigner(at: time)) ?? nil
        return try writeVersionTag(name: name, target: commit, tagger: raw.committer, message: raw.message, signer: signer)
    }

    /// Every half-done write the store shows: version tags missing or off main, adoptions whose
    /// proposal is still open, proposal refs that disagree with their records, and (with
    /// `includingStaging`) staging refs a sync left.
    func halfDoneWrites(includingStaging: Bool) throws -> [HalfDone] {
        var found: [HalfDone] = []
        guard let tip = try repository.reference(Store.mainReference) else { return [] }
        let onMain = try repository.walk(from: tip, firstParentOnly: false)
        let mainSet = Set(onMain)
        var versioned: [String: ObjectID] = [:]   // tag reference → the revision on main that names it
        var adoptions: [(proposal: String, revision: ObjectID)] = []
        for id in onMain {
            let revision = Revision(try repository.commit(id))
            if let version = revision.version, versioned[version.tagReference] == nil { versioned[version.tagReference] = id }
            if let proposal = revision.proposal { adoptions.append((proposal, id)) }
        }
        var tags: [String: ObjectID] = [:]
        for tag in try repository.references(matching: "refs/tags/v*") { tags[tag.name] = tag.target }
        for (reference, commit) in versioned.sorted(by: { $0.key < $1.key }) {
            let label = reference.dropFirst("refs/tags/".count)
            guard let current = tags[reference] else {
                found.append(HalfDone(subject: String(label), problem: "revision \(commit.hex.prefix(12)) on main is version \(label), which has no tag",
                                      step: .restoreTag(reference: reference, commit: commit, current: nil)))
                continue
            }
            let tagged = try? repository.peelToCommit(current)
            if let tagged, !mainSet.contains(tagged) {
                found.append(HalfDone(subject: String(label), problem: "the tag points at \(tagged.hex.prefix(12)), which is not on main, while revision \(commit.hex.prefix(12)) on main is version \(label)",
                                      step: .restoreTag(reference: reference, commit: commit, current: current)))
            }
        }
        for (reference, target) in tags.sorted(by: { $0.key < $1.key }) where versioned[reference] == nil {
            let label = reference.dropFirst("refs/tags/".count)
            guard Version(String(label.dropFirst())) != nil, let tagged = try? repository.peelToCommit(target), !mainSet.contains(tagged) else { continue }
            found.append(HalfDone(subject: String(label), problem: "the version tag points at \(tagged.hex.prefix(12)), which is not on main and is no revision",
                                  step: .setAsideTag(reference: reference, tag: target)))
        }

        let proposals = Proposal.fold(try records(in: ["proposals"]))
        for adoption in adoptions where proposals[adoption.proposal]?.status == .open {
            found.append(HalfDone(subject: adoption.proposal, problem: "revision \(adoption.revision.hex.prefix(12)) on main adopts it, but the ledger has it open",
                                  step: .finishAdoption(proposal: adoption.proposal, revision: adoption.revision)))
        }
        var refs: [String: ObjectID] = [:]
        for reference in try repository.references(matching: "refs/conduct/proposals/*") { refs[reference.name] = reference.target }
        for (id, proposal) in proposals.sorted(by: { $0.key < $1.key }) {
            let reference = Store.proposalReference(id)
            guard let latest = ObjectID(hex: proposal.tip), (try? repository.commit(latest)) != nil, refs[reference] != latest else { continue }
            let problem = refs[reference].map { "its ref points at \($0.hex.prefix(12)), but its latest record names \(latest.hex.prefix(12))" }
                ?? "its latest record names \(latest.hex.prefix(12)), but it has no ref"
            found.append(HalfDone(subject: id, problem: problem, step: .moveProposal(reference: reference, from: refs[reference], to: latest)))
        }
        for (reference, target) in refs.sorted(by: { $0.key < $1.key }) {
            let id = String(reference.dropFirst("refs/conduct/proposals/".count))
            guard proposals[id] == nil else { continue }
            found.append(HalfDone(subject: id, problem: "\(reference) exists, but no record opens the proposal",
                                  step: .dropProposal(reference: reference, at: target)))
        }
        if includingStaging {
            for reference in try repository.references(matching: "refs/conduct/incoming/*") {
                found.append(HalfDone(subject: reference.name, problem: "a staging ref of a sync that did not finish",
                                      step: .dropStaging(reference: reference.name, at: reference.target)))
            }
        }
        return found
    }

    /// What `verify` reports of half-done writes and stale lock files.
    func auditHalfDone(into report: inout VerifyReport, writerAlive: Bool? = nil) throws(ConductError) {
        let repair = "; the next writing command finishes it, or run 'conduct recover'"
        let writerAlive = writerAlive ?? WriteLease.isHeld(gitDirectory: path)
        let found = try git("looking for interrupted writes") { try halfDoneWrites(includingStaging: !writerAlive) }
        // While a writer is at work, what it has not finished yet is not half done.
        guard !writerAlive else { return }
        for item in found {
            report.findings.append(VerifyFinding(check: .incomplete, subject: item.subject, problem: item.problem + repair))
        }
        // No conduct writer is alive: a lock file is a dead writer's, unless plain git holds it this instant.
        for lock in LockFile.all(in: path) {
            report.findings.append(VerifyFinding(check: .incomplete, subject: lock.path,
                                                 problem: "a lock file that no running conduct writer holds (left by a writer that died, unless a git command is at work) blocks every write of it\(repair)"))
        }
    }
}

extension Store {
    /// Finishes what crashes left half done (see `prepareWrite`) and returns what is still left:
    /// nothing, unless another writer is at work or a step failed.
    public func recover() throws(ConductError) -> [String] {
        try requireWritable()
        prepareWrite()
        var report = VerifyReport()
        if lease?.wasAlone == false {
            return ["another conduct writer is at work on this store; nothing was changed, run 'conduct recover' again when it has finished"]
        }
        try auditHalfDone(into: &report, writerAlive: false)
        return report.findings.map { "\($0.subject): \($0.problem)" }
    }
}

internal import Git

/// What `verify` holds every adopted revision and version tag to: main's first-parent history and
/// each `refs/tags/v*` carry the secretariat's signature in git's SSH format, by a key in force at
/// the committer's or tagger's time; each version tag names a revision on main whose
/// `Conduct-Version` trailer agrees with the tag's name.
///
/// History from before signing began is excused by an endorsement: a main commit (with every
/// commit before it on main) and tags whose objects someone in authority signed for as they stood.
struct RevisionEndorsement: Sendable, Equatable {
    /// The newest main commit endorsed as it stands; it and every first-parent ancestor are excused.
    var main: ObjectID?
    /// Version tags endorsed as they stand: the tag's name and the object its reference held.
    var tags: [String: ObjectID]

    init(main: ObjectID? = nil, tags: [String: ObjectID] = [:]) {
        self.main = main
        self.tags = tags
    }

    static let none = RevisionEndorsement()
}

extension Store {
    /// The keys whose signatures on main count at each moment, from the authority chain, and what
    /// a migrated store's first authority record endorses; nil keys when the store has no
    /// authority (signatures are then not checked, and `verify` says so).
    /// With `remoteLedger`, the authority records of that ledger commit join the store's own (the
    /// chain checks its own signatures, so a forged one joins nothing).
    func revisionTrust(remoteLedger: ObjectID? = nil) throws(ConductError) -> (keysInForce: ((Timestamp) -> [SSHPublicKey])?, endorsed: RevisionEndorsement) {
        let authority: Authority
        if let remoteLedger {
            authority = try recordTrust(tip: remoteLedger, extra: try records(in: [Authority.folder])).authority
        } else {
            authority = try self.authority()
        }
        guard authority.isEstablished else { return (nil, .none) }
        let endorses = authority.first?.endorses
        let endorsed = RevisionEndorsement(main: endorses?.main.flatMap { ObjectID(hex: $0) },
                                           tags: (endorses?.tags ?? [:]).compactMapValues { ObjectID(hex: $0) })
        return ({ authority.keys(at: $0) }, endorsed)
    }

    /// Checks every first-parent commit on main and every version tag (see `RevisionEndorsement`),
    /// adding a `.commit` or `.tag` finding for each that fails, and a notice when no keys are
    /// known to check signatures against.
    func auditRevisionSignatures(into report: inout VerifyReport, keysInForce: ((Timestamp) -> [SSHPublicKey])?,
                                 endorsed: RevisionEndorsement = .none) throws(ConductError) {
        try git("checking the signatures of main and its version tags") {
            guard let tip = try repository.reference(Store.mainReference) else { return }
            let mainline = try repository.walk(from: tip, firstParentOnly: true)
            let onMain = Set(mainline)
            report.revisions = mainline.count

            // Walked newest first: everything from the endorsed commit on is excused.
            var excused = false
            if let endorsedMain = endorsed.main, !onMain.contains(endorsedMain) {
                report.findings.append(VerifyFinding(
                    check: .commit, subject: endorsedMain.hex,
                    problem: "the endorsement names this commit as main's, and main no longer holds it: main was rewritten after it was endorsed"))
            }
            for id in mainline {
                if id == endorsed.main { excused = true }
                guard !excused, let keysInForce else { continue }
                let commit = try repository.commit(id)
                let label = Revision(commit).label
                let time = Timestamp(seconds: commit.committer.time, offsetMinutes: commit.committer.offsetMinutes)
                let signed = try repository.commitSignature(id)
                if let problem = Store.signatureProblem(signed, at: time, keysInForce: keysInForce) {
                    report.findings.append(VerifyFinding(check: .commit, subject: id.hex,
                                                         problem: "revision \(label) on main \(problem)"))
                }
            }

            let tags = try repository.references(matching: "refs/tags/v*")
            report.versionTags = tags.count
            for reference in tags {
                let name = String(reference.name.dropFirst("refs/tags/".count))
                let subject = reference.name
                let kind = try repository.objectType(reference.target)
                let commitID: ObjectID
                let signatureExcused = endorsed.tags[name] == reference.target
                if kind == .tag {
                    let tag = try repository.tag(reference.target)
                    if tag.name != name {
                        report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                             problem: "its tag object is named '\(tag.name)', not '\(name)'"))
                    }
                    guard tag.targetIsCommit else {
                        report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                             problem: "it points at \(tag.target.hex.prefix(12)), which is not a commit"))
                        continue
                    }
                    commitID = tag.target
                    if !signatureExcused, let keysInForce {
                        if let tagger = tag.tagger {
                            let time = Timestamp(seconds: tagger.time, offsetMinutes: tagger.offsetMinutes)
                            if let problem = Store.signatureProblem(try repository.tagSignature(reference.target), at: time, keysInForce: keysInForce) {
                                report.findings.append(VerifyFinding(check: .tag, subject: subject, problem: "the tag \(problem)"))
                            }
                        } else {
                            report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                                 problem: "the tag has no tagger line, so no time to check its signature at"))
                        }
                    }
                } else if kind == .commit {
                    commitID = reference.target
                    if !signatureExcused, keysInForce != nil {
                        report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                             problem: "it is a lightweight tag, which carries no signature; a version tag is an annotated tag the secretariat signed"))
                    }
                } else {
                    report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                         problem: "it points at \(reference.target.hex.prefix(12)), which is not a commit"))
                    continue
                }

                guard onMain.contains(commitID) else {
                    report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                         problem: "it points at \(commitID.hex.prefix(12)), which is not a revision on main: the tag was left pointing off main"))
                    continue
                }
                let version = Revision(try repository.commit(commitID)).version
                if version?.label != name {
                    let says = version.map { "says \($0.label)" } ?? "has no Conduct-Version trailer"
                    report.findings.append(VerifyFinding(check: .tag, subject: subject,
                                                         problem: "it names revision \(commitID.hex.prefix(12)), whose commit \(says)"))
                }
            }

            if keysInForce == nil, report.revisions + report.versionTags > 0 {
                report.notices.append(VerifyFinding(
                    check: .commit, subject: Store.mainReference,
                    problem: "the store has no authority record naming the secretariat's keys, so the signatures of \(report.revisions.counting("revision")) and \(report.versionTags.counting("version tag")) were not checked; 'conduct init --adopt-existing' establishes one"))
            }
        }
    }

    /// Why `signed` does not prove its object, or nil when it does: present, an SSHSIG for
    /// namespace git that verifies over the signed bytes, by a key in force at `time`.
    static func signatureProblem(_ signed: ObjectSignature?, at time: Timestamp,
                                 keysInForce: (Timestamp) -> [SSHPublicKey]) -> String? {
        guard let signed else { return "is not signed" }
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: signed.signature)
        } catch {
            return "carries a signature that is not a readable SSH signature (\(error))"
        }
        guard signature.namespace == gitSignatureNamespace else {
            return "is signed for namespace '\(signature.namespace)', not '\(gitSignatureNamespace)'"
        }
        guard signature.isValid(for: signed.signedData, namespace: gitSignatureNamespace) else {
            return "carries a signature by \(signature.publicKey.fingerprint) that does not verify: its content was changed after signing"
        }
        let keys = keysInForce(time)
        guard keys.contains(signature.publicKey) else {
            let inForce = keys.isEmpty ? "none was in force" : "in force: " + keys.map(\.fingerprint).joined(separator: ", ")
            return "is signed by \(signature.publicKey.fingerprint), which is not a secretariat key in force at \(time) (\(inForce))"
        }
        return nil
    }
}

extension Store {
    /// Refuses a remote main that would bring in a revision no secretariat key in force signed:
    /// every first-parent commit the remote tip adds to main is judged as `verify` judges main,
    /// against the authority of this store and the remote's ledger together, before anything is taken in.
    func refuseUnsignedRevisions(from tracking: String, remote: String) throws(ConductError) {
        let trackingMain = tracking + "/main"
        let trust = try revisionTrust(remoteLedger: try git("reading \(remote)'s ledger") { try repository.reference(tracking + "/records") })
        guard let keysInForce = trust.keysInForce else { return }
        try git("checking the signatures of \(remote)'s main") {
            guard let incoming = try repository.reference(trackingMain) else { return }
            let local = try repository.reference(Store.mainReference)
            let onEndorsedMain = try trust.endorsed.main.map { Set(try repository.walk(from: $0, firstParentOnly: true)) } ?? []
            for id in try repository.walk(from: incoming, firstParentOnly: true) {
                if let local, try repository.isAncestor(id, of: local) { break }
                if onEndorsedMain.contains(id) { break }
                let commit = try repository.commit(id)
                let time = Timestamp(seconds: commit.committer.time, offsetMinutes: commit.committer.offsetMinutes)
                if let problem = Store.signatureProblem(try repository.commitSignature(id), at: time, keysInForce: keysInForce) {
                    throw ConductError.hostileRemote(remote, reference: "refs/heads/main",
                                                     reason: "holds revision \(id.hex.prefix(12)) (\(Revision(commit).label)), which \(problem)")
                }
            }
        }
    }
}

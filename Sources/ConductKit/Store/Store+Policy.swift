internal import Git

extension Store {
    /// The adoption rule in force at `moment`: the latest trusted `adoption.*` setting of each
    /// key dated then or before; nil when there is none, and any holder may adopt.
    public func adoptionRule(at moment: Timestamp) throws(ConductError) -> AdoptionRule? {
        AdoptionRule.fold(try trustedRecords(in: ["config"]), at: moment)
    }

    /// `conduct policy show`: the rule in force at `spec` — a date (`2025-03-01`, or with a
    /// time), or a revision on main, meaning the moment it was adopted — or at `now`.
    public func policy(at spec: String?, now: Timestamp) throws(ConductError) -> PolicyReport {
        var moment = now
        var label: String?
        if let spec {
            if let date = try? Timestamp(parsing: spec) {
                moment = date
            } else {
                let revision: Revision
                do {
                    revision = try resolve(spec)
                } catch .unknownRevision(_, let known) {
                    throw .unknownMoment(spec, known: known)
                }
                guard revision.name == nil, try isOnMain(revision.commit.object) else { throw .notAdopted(revision.label) }
                (moment, label) = (revision.date, revision.label)
            }
        }
        let rule = try adoptionRule(at: moment)
        let registered = try signatories().filter { $0.value.registered <= moment }.mapValues(\.kind)
        return PolicyReport(at: moment, revision: label, rule: rule, approvers: rule?.approverIDs(among: registered) ?? [])
    }

    /// Checks an `adoption.*` value against the rule it would join at `moment`, and returns it as
    /// it is recorded (approvers in one spelling).
    func checkedAdoptionSetting(_ key: String, _ value: String, at moment: Timestamp) throws(ConductError) -> String {
        let current = try adoptionRule(at: moment) ?? AdoptionRule()
        let registered = try signatories()
        let kinds = registered.filter { $0.value.registered <= moment }.mapValues(\.kind)
        func invalid(_ way: String) -> ConductError { .invalidAdoptionSetting(key, value: value, way: way) }
        switch key {
        case "adoption.approvers":
            var next = current
            next.approvers = try AdoptionRule.approvers(parsing: value)
            for case .signatory(let id) in next.approvers where kinds[id] == nil {
                throw invalid("no signatory '\(id)' is registered (signatories: \(ConductError.summarise(registered.keys.sorted()))); register it first with 'conduct signatory add \(id) …'")
            }
            let ids = next.approverIDs(among: kinds)
            guard !ids.isEmpty else { throw invalid("no registered signatory is of that kind, so nobody could approve") }
            for (name, quorum) in [("adoption.quorum", next.quorum), ("adoption.editorial-quorum", next.editorialQuorum)] {
                if let quorum, quorum.required(of: ids.count) > ids.count {
                    throw invalid("\(name) in force asks for \(quorum.required(of: ids.count)) approvals, and these approvers are \(ids.count) (\(ids.joined(separator: ", "))); lower \(name) first")
                }
            }
            return next.approvers.map(\.description).joined(separator: ",")
        case "adoption.quorum", "adoption.editorial-quorum":
            guard let quorum = AdoptionRule.Quorum(value) else {
                throw invalid("write how many approvers must approve (2) or which share of them (2/3)")
            }
            guard !current.approvers.isEmpty else {
                throw invalid("no approvers are named yet; name them first with 'conduct config set adoption.approvers ID,ID'")
            }
            let ids = current.approverIDs(among: kinds)
            guard quorum.required(of: ids.count) <= ids.count else {
                throw invalid("it asks for \(quorum.required(of: ids.count)) approvals, and the approvers are \(ids.count) (\(ids.joined(separator: ", "))); give at most \(ids.count), or name more approvers first")
            }
            return quorum.description
        case "adoption.consultation":
            return try StoreSettings.Duration(parsing: value).description
        default:
            guard AdoptionRule.Override(rawValue: value) != nil else { throw invalid("write allowed or forbidden") }
            return value
        }
    }

    /// The end of the consultation window a substantive version opens at `moment`: `requested`
    /// (`text` as given), which may end no earlier than the least window of the rule in force
    /// and must come after `moment`; by default that least window (nil: the rule asks for none).
    func consultationWindow(requested: Timestamp?, text: String?, opening moment: Timestamp) throws(ConductError) -> Timestamp? {
        let least = try adoptionRule(at: moment)?.consultation.map { duration in
            Timestamp(seconds: moment.seconds + duration.seconds, milliseconds: moment.milliseconds, offsetMinutes: moment.offsetMinutes)
        }
        guard let requested else { return least }
        if requested <= moment {
            throw .consultationTooShort(text ?? requested.description, earliest: moment.next.description,
                                        reason: "a window ends after the version it opens on, proposed at \(moment)")
        }
        if let least, requested < least, let duration = try adoptionRule(at: moment)?.consultation {
            throw .consultationTooShort(text ?? requested.description, earliest: least.description,
                                        reason: "the adoption rule in force asks for a consultation of \(duration) from the proposal's date, \(moment)")
        }
        return requested
    }

    /// What adopting `proposal` (nil: a text given with `--from`) at `moment` owes the adoption
    /// rule in force then. Refuses while the consultation window is open, unless `override`
    /// gives the reason for an override the rule allows, and until a quorum of approvers approved;
    /// returns the trailers that record the approvals relied on and any override.
    func adoptionGate(_ proposal: Proposal?, nonMaterial: Bool, at moment: Timestamp,
                      override reason: String?) throws(ConductError) -> [(String, String)] {
        if let reason, reason.allSatisfy(\.isWhitespace) { throw .emptyField("--reason") }
        let rule = try adoptionRule(at: moment)
        // Without a rule, the window a proposal announced still holds, and nothing forbids an override.
        let end: Timestamp? = proposal.map(judgedByText).flatMap { proposal in rule.map { $0.consultationEnd(of: proposal) } ?? proposal.consultationUntil }
        let isOpen = proposal == nil ? rule?.requiresConsultation ?? false : end.map { moment < $0 } ?? false
        let overridable = rule?.override != .forbidden
        let name = proposal?.id ?? "a text adopted with --from"
        guard isOpen else {
            if reason != nil { throw .nothingToOverride(name, closed: end?.description) }
            // The window first, then the approvals: a refusal names what comes due first.
            return try requireQuorum(of: proposal, under: rule, nonMaterial: nonMaterial, at: moment)
        }
        guard let reason else {
            if let proposal, let end { throw .consultationOpen(proposal.id, until: end.description, override: overridable) }
            throw .consultationRequired(rule?.consultation?.description ?? "", override: overridable)
        }
        if let rule, !overridable { throw .overrideForbidden(name, since: rule.since.description) }
        // An override lifts the window only: whatever quorum the rule asks for is asked for still.
        let approvals = try requireQuorum(of: proposal, under: rule, nonMaterial: nonMaterial, at: moment)
        // A trailer is one line.
        let line = reason.split(whereSeparator: \.isNewline).map { $0.trimmingSuffix(while: \.isWhitespace) }.joined(separator: " ")
        return approvals + [("Conduct-Override", String(line.drop(while: \.isWhitespace)))]
    }

    /// The quorum of approvals, checked before main moves: the valid approvals of the proposal's
    /// latest version (`Store.approvals(of:)`) made by the rule's approvers as registered at
    /// `moment`, and made by then. Refuses, naming the approvers who have not approved, when
    /// fewer than the rule's quorum (or, for a non-material proposal, its editorial quorum) did;
    /// a text adopted directly has no approvals. Returns one `Conduct-Approval` trailer per
    /// approval relied on, for the adoption commit.
    func requireQuorum(of proposal: Proposal?, under rule: AdoptionRule?, nonMaterial: Bool,
                       at moment: Timestamp) throws(ConductError) -> [(String, String)] {
        guard let rule, let quorum = rule.quorum(nonMaterial: nonMaterial) else { return [] }
        let registered = try signatories().filter { $0.value.registered <= moment }.mapValues(\.kind)
        let approvers = rule.approverIDs(among: registered)
        let needed = quorum.required(of: approvers.count)
        guard needed > 0 else { return [] }
        guard let proposal else {
            throw .quorumNotMet("a text adopted with --from", have: 0, need: needed, missing: approvers)
        }
        let approved = try approvals(of: proposal)
            .filter { $0.state == .valid && approvers.contains($0.signatory) && $0.approval.time <= moment }
            .sorted { $0.signatory < $1.signatory }
        guard approved.count >= needed else {
            let have = Set(approved.map(\.signatory))
            throw .quorumNotMet(proposal.id, have: approved.count, need: needed, missing: approvers.filter { !have.contains($0) })
        }
        return approved.map { ("Conduct-Approval", $0.approval.id) }
    }

    /// `conduct proposals`: every proposal with its consultation window (judged by the rule in
    /// force at `now`, or for an adopted one at its adoption), its comment count and its approvals.
    public func proposalListing(now: Timestamp) throws(ConductError) -> [ProposalListing] {
        try proposalListing(try self.proposals(), now: now)
    }

    /// One proposal as `proposals` lists it (for `show PROPOSAL`).
    public func proposalListing(of proposal: Proposal, now: Timestamp) throws(ConductError) -> ProposalListing {
        try proposalListing([proposal], now: now)[0]
    }

    func proposalListing(_ proposals: [Proposal], now: Timestamp) throws(ConductError) -> [ProposalListing] {
        let config = try trustedRecords(in: ["config"])
        let comments = Comment.fold(try records(in: ["comments"])).values
        let counts = Dictionary(grouping: comments, by: \.target).mapValues(\.count)
        let approvals = try self.approvals(of: proposals)
        return proposals.map { proposal -> ProposalListing in
            var moment = now
            if let adopted = proposal.adoptedAs, let revision = try? revision(at: CommitID(hex: adopted), recorded: adopted) {
                moment = revision.date
            }
            let end = consultationEnd(of: proposal, adoptedAt: moment, config: config)
            return ProposalListing(proposal: proposal, consultationEnd: end, consultationOpen: end.map { now < $0 } ?? false,
                                   comments: counts[proposal.id] ?? 0, approvals: approvals[proposal.id] ?? [])
        }
    }
}

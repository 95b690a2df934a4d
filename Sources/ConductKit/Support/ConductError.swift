internal import Git

/// A failure a user can act on. `description` names the thing, the problem and the way out.
public enum ConductError: Error, Sendable, CustomStringConvertible {
    case notAStore(path: String, reason: String)
    case pathNotEmpty(path: String, holdsStore: Bool)
    case pathIsFile(String)
    case unreadableFile(path: String, reason: String)
    case badDocument(source: String, problem: DocumentProblem)
    case invalidDocumentName(String)
    case unknownRevision(String, known: [String])
    /// `hint`: the command that lists the clauses there are (default: `outline` of `revision`).
    case unknownClause(String, revision: String, known: [String], hint: String? = nil)
    case unchanged(current: String)
    /// A text in which no clause of `revision` lives on, given without the confirmation flag;
    /// `clauses` names each (`id "Heading"`), `added` counts the clauses the text brings instead.
    case removesEveryClause(source: String, revision: String, clauses: [String], added: Int)
    case versionExists(String)
    case versionNotAfter(String, current: String)
    case invalidVersion(String)
    case invalidIdentity(String)
    case noIdentity
    case invalidDate(String)
    case invalidLimit(Int)
    case busy(ref: String, attempts: Int)
    case corruptStore(String)
    /// A git operation failed; libgit2's message, and what was being done.
    case git(String, while: String)
    case unknownProposal(String, candidates: [String])
    case proposalNotOpen(String, status: String)
    /// Another writer revised the proposal between this revise's read and its write.
    case proposalRevisedMeanwhile(String)
    case mergeConflicts(proposal: String, [MergeConflict])
    case emptyField(String)
    case unknownComment(String, candidates: [String])
    case quoteNotInClause(String, clause: String, revision: String, language: String? = nil)
    case messageTooLong(Int, limit: Int)
    case commentAlready(String, status: String)
    case invalidRecordField(String)
    case signatoryExists(String)
    case unknownSignatory(String, known: [String])
    case keyAlreadyRegistered(String, signatory: String)
    case keyNotRegistered(String, signatory: String, known: [String])
    case keyRevoked(String, signatory: String, at: String)
    case keyNotYetValid(String, signatory: String, added: String, signing: String)
    case signing(SigningError, file: String)
    case notAdopted(String)
    case unknownRepresentative(String, signatory: String, known: [String])
    case nothingToWithdraw(String)
    case neverAttested(String)
    case unknownSetting(String, known: [String])
    case invalidDuration(String)
    /// An `adoption.*` setting whose value cannot be in force; `way` says what would be.
    case invalidAdoptionSetting(String, value: String, way: String)
    /// `adopt` of a proposal whose consultation window is open; `override`: whether the rule allows one.
    case consultationOpen(String, until: String, override: Bool)
    /// `adopt --from` while the adoption rule asks for a consultation no direct adoption has had.
    case consultationRequired(String, override: Bool)
    /// `--override` while the adoption rule in force forbids it.
    case overrideForbidden(String, since: String)
    /// `--override` with no window open to override.
    case nothingToOverride(String, closed: String?)
    /// `adopt` before a quorum of the rule's approvers approved the proposal's latest version:
    /// how many did, how many are needed, and which approvers have not.
    case quorumNotMet(String, have: Int, need: Int, missing: [String])
    /// Adopting an approved proposal after main moved on: its merge with main is a text nobody approved.
    case approvedTextMoved(String, base: String, main: String)
    /// `policy show --at` naming neither a revision nor a date.
    case unknownMoment(String, known: [String])
    /// `--consultation-until` before the least window the rule asks for, or before the proposal itself.
    case consultationTooShort(String, earliest: String, reason: String)
    case remoteExists(String)
    case unknownRemote(String, known: [String])
    case remoteMissing(String, url: String)
    /// A remote offered a reference that no store can hold (`reason` says why); nothing was taken in.
    case hostileRemote(String, reference: String, reason: String)
    case invalidRemoteName(String)
    case importSource(String, reason: String)
    case importFileMissing(String, repository: String, branch: String, lastSeen: String?, candidates: [String])
    case importBadRevision(commit: String, file: String, repository: String, problem: DocumentProblem)
    /// Every change of the file was skipped: `skipped` holds each commit with its reason.
    case importNothingReadable(file: String, repository: String, skipped: [String])
    case importSince(String, reason: String)
    case importUnrelated(store: String, reason: String)
    /// An import that would put revisions on main under an adoption rule in force at their dates.
    case importUnderAdoptionRule(store: String, commit: String, date: String, since: String)
    case importNeedsStore(String, reason: String)
    /// A `--translations` pattern that matches no file at the tip; `candidates` are the Markdown files there.
    case importTranslationsMatchNothing(String, repository: String, branch: String, candidates: [String])
    /// A `--translation-language FILE=TAG` that cannot be used: `reason` says why.
    case importTranslationLanguage(String, reason: String)
    case publishTarget(path: String, reason: String, way: String)
    case publishFailed(path: String, reason: String)
    /// A git repository conduct did not create or adopt, met by a command that writes; `found` says what it is.
    case notAdoptedStore(path: String, found: String)
    /// `init --adopt-existing` refused: `reason` says why, `way` the way out.
    case cannotAdopt(path: String, reason: String, way: String)
    /// A date given to a writing command beyond the clock skew conduct allows.
    case dateInFuture(String, latest: String)
    case noSecretariatKey(act: String)
    case noAuthority(act: String)
    case notSecretariatKey(String, act: String, inForce: [String])
    case authorityThreshold(needed: Int, given: Int, inForce: [String])
    case authorityChange(String)
    case authorityExists(String)
    case authorityMismatch(remote: String, pinned: String, found: String?)
    case cannotWrite(path: String, reason: String)
    case unknownLanguage(String, reason: String)
    case translationExists(String, of: String)
    case noTranslation(String, known: [String], at: String?)
    case translationNotAligned(language: String, source: String, problems: String)
    case translationOfProposal(String)
    /// `attest --lang` of a revision that no translation in the language stands for; `there`: the
    /// languages that have one, `recorded`: whether the language has a translation of a later revision.
    case noTranslationToAttest(String, revision: String, there: [String], recorded: Bool)
    case translationTooLong(Int, limit: Int)
    case notEarlierRevision(String, than: String, language: String)
    /// `approve --withdraw` for a signatory with no approval of the proposal in force.
    case noApprovalToWithdraw(String, proposal: String)
    /// `approve --by` naming someone who is not a representative of the signatory.
    case unknownApprover(String, signatory: String, known: [String])

    public var description: String {
        switch self {
        case .notAStore(let path, let reason):
            return "'\(path)' is not a conduct store (\(reason)); create one with 'conduct init PATH --from FILE', or name one with --store or CONDUCT_STORE"
        case .pathNotEmpty(let path, let holdsStore):
            return holdsStore
                ? "'\(path)' already holds a store; use it with --store, or choose a new path"
                : "'\(path)' already holds other files; choose a new or empty directory"
        case .pathIsFile(let path):
            return "'\(path)' is a file; choose a new or empty directory for the store"
        case .unreadableFile(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .badDocument(let source, let problem):
            return "'\(source)' cannot be kept as a code of conduct: \(problem.explanation)"
        case .invalidDocumentName(let name):
            return "'\(name)' is not a usable document name; use a plain file name such as CODE_OF_CONDUCT.md"
        case .unknownRevision(let spec, let known):
            return "no revision '\(spec)' in this store (known: \(Self.summarise(known))); see 'conduct log'"
        case .unknownClause(let id, let revision, let known, let hint):
            return "no clause '\(id)' in \(revision) (clauses: \(Self.summarise(known, limit: 8))); see \(hint ?? "'conduct outline \(revision)'")"
        case .removesEveryClause(let source, let revision, let clauses, let added):
            let count = clauses.count == 1 ? "its 1 clause" : "all \(clauses.count) of its clauses"
            let instead = added == 0 ? "and puts no clause in their place" : "and puts \(added) new clause\(added == 1 ? "" : "s") in their place"
            return "\(source) removes every clause of \(revision) — \(count): \(Self.summarise(clauses, limit: 12)) — \(instead); nothing was written. If that is what you mean, run the command again with --remove-all"
        case .unchanged(let current):
            return "the text is identical to the current revision \(current); nothing was written"
        case .versionExists(let version):
            return "version \(version) already exists; give another with --version, or leave it out for the next minor version"
        case .versionNotAfter(let version, let current):
            return "version \(version) does not come after the current \(current); give a later version"
        case .invalidVersion(let text):
            return "'\(text)' is not a version; write MAJOR.MINOR, e.g. 1.2 or v1.2"
        case .invalidIdentity(let text):
            return "'\(text)' is not of the form 'NAME <EMAIL>'"
        case .noIdentity:
            return "who is writing? pass --as 'NAME <EMAIL>', or set git config user.name and user.email"
        case .invalidDate(let text):
            return "'\(text)' is not a date; write YYYY-MM-DD or an ISO 8601 time such as 2025-02-07T10:00:00Z"
        case .invalidLimit(let limit):
            return "--limit \(limit) is not a positive number"
        case .busy(let ref, let attempts):
            return "\(ref) kept changing under other writers (\(attempts) attempts); nothing was written, try again"
        case .corruptStore(let detail):
            return "the store is damaged: \(detail); check it with 'conduct verify' and 'git fsck'"
        case .git(let message, let action):
            return "git failed while \(action): \(message)"
        case .unknownProposal(let prefix, let candidates):
            return "no single proposal '\(prefix)' (proposals: \(Self.summarise(candidates, limit: 8))); see 'conduct proposals --status all'"
        case .proposalNotOpen(let id, let status):
            return "proposal \(id) is \(status); reopen it with 'conduct reopen \(id)' first"
        case .proposalRevisedMeanwhile(let id):
            return "proposal \(id) was revised by another writer meanwhile; nothing was written. See its latest version with 'conduct show \(id)' and revise again"
        case .mergeConflicts(let id, let conflicts):
            var text = "proposal \(id) and main changed the same clauses differently; nothing was written. Revise the proposal on top of main ('conduct revise \(id) --from FILE'). Conflicts:"
            for conflict in conflicts {
                text += "\n  clause \(conflict.clause):"
                text += "\n    on main:     " + (conflict.main.map { String($0.prefix(300)) } ?? "(removed)")
                text += "\n    in proposal: " + (conflict.proposal.map { String($0.prefix(300)) } ?? "(removed)")
            }
            return text
        case .emptyField(let option):
            return "\(option) is empty; give some text"
        case .unknownComment(let prefix, let candidates):
            return candidates.isEmpty
                ? "no comment '\(prefix)' in this store; see 'conduct comments --status all'"
                : "comment '\(prefix)' is ambiguous (\(Self.summarise(candidates, limit: 8))); give more digits"
        case .quoteNotInClause(let quote, let clause, let revision, let language):
            let text = language.map { "the \($0) translation of \(revision)" } ?? revision
            let show = language.map { "\(revision) --lang \($0)" } ?? revision
            return "the quote '\(quote.prefix(80))' is not in clause \(clause) of \(text); quote words that stand in it, see 'conduct show \(show) --clause \(clause)'"
        case .messageTooLong(let size, let limit):
            return "the message is \(size) bytes; the limit is \(limit) bytes (64 KiB)"
        case .commentAlready(let id, let status):
            return "comment \(id) is \(status) already"
        case .invalidRecordField(let explanation):
            return "the record cannot be written: \(explanation)"
        case .signatoryExists(let id):
            return "signatory '\(id)' is registered already; see 'conduct signatory show \(id)'"
        case .unknownSignatory(let id, let known):
            return "no signatory '\(id)' in this store (registered: \(Self.summarise(known))); register it with 'conduct signatory add \(id) --name NAME --kind organisation|person'"
        case .keyAlreadyRegistered(let fingerprint, let signatory):
            return "key \(fingerprint) is registered for \(signatory) already"
        case .keyNotRegistered(let fingerprint, let signatory, let known):
            return "key \(fingerprint) is not registered for \(signatory) (its keys: \(Self.summarise(known))); register it with 'conduct signatory key add \(signatory) FILE.pub'"
        case .keyRevoked(let fingerprint, let signatory, let at):
            return "key \(fingerprint) of \(signatory) was revoked at \(at); sign with a key registered since, or register a new one with 'conduct signatory key add \(signatory) FILE.pub'"
        case .keyNotYetValid(let fingerprint, let signatory, let added, let signing):
            return "key \(fingerprint) was registered for \(signatory) at \(added), after the signing time \(signing); sign at or after its registration (--date)"
        case .signing(let error, let file):
            return "\(file): \(error)"
        case .notAdopted(let label):
            return "\(label) is not an adopted revision on main; attest a revision from 'conduct log'"
        case .unknownRepresentative(let who, let signatory, let known):
            return "\(who) is not a representative of \(signatory) (registered: \(Self.summarise(known))); sign as one of them with --as"
        case .noApprovalToWithdraw(let signatory, let proposal):
            return "\(signatory) has no approval of \(proposal) in force to withdraw; nothing was written. See its approvals with 'conduct show \(proposal)'"
        case .unknownApprover(let who, let signatory, let known):
            return "\(who) is not a representative of \(signatory) (registered: \(Self.summarise(known))); sign as one of them with --by"
        case .nothingToWithdraw(let signatory):
            return "\(signatory) has no attestation in force to withdraw; see 'conduct status'"
        case .neverAttested(let signatory):
            return "\(signatory) has not attested any revision; attest with 'conduct attest \(signatory) --key KEY'"
        case .unknownSetting(let key, let known):
            return "no setting '\(key)'; the settings are \(known.joined(separator: ", "))"
        case .remoteExists(let name):
            return "remote '\(name)' exists already; see 'conduct remote list', or remove it with 'conduct remote remove \(name)'"
        case .unknownRemote(let name, let known):
            return "no remote '\(name)' (remotes: \(Self.summarise(known))); add it with 'conduct remote add \(name) URL'"
        case .hostileRemote(let remote, let reference, let reason):
            return "\(remote)'s \(reference) \(reason), so nothing was taken in from \(remote) and this store is unchanged; "
                + "repair or delete that reference on \(remote) with git, then sync again"
        case .remoteMissing(let name, let url):
            return "remote '\(name)' is at \(url), and nothing is there now (moved or removed?); nothing was changed. Point it elsewhere with 'conduct remote remove \(name)' and 'conduct remote add \(name) PATH'"
        case .invalidRemoteName(let name):
            return "'\(name)' cannot name a remote; use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
        case .importSource(let location, let reason):
            return "cannot import from '\(location)': \(reason)"
        case .importFileMissing(let file, let repository, let branch, let lastSeen, let candidates):
            if let lastSeen {
                return "\(file) is not at the tip of \(branch) in \(repository) (commit \(lastSeen.prefix(12)) still had it); --path names the file as it is at the tip: give its present path, or a branch that has it with --branch"
            }
            let found = candidates.isEmpty ? "none" : candidates.joined(separator: ", ")
            return "no commit of \(branch) in \(repository) ever had \(file); files at the tip that look like a code of conduct: \(found). Give the file's path in the repository with --path"
        case .importBadRevision(let commit, let file, let repository, let problem):
            return "\(file) at commit \(commit.prefix(12)) of \(repository) cannot be kept as a code of conduct: \(problem.explanation); nothing was imported (--strict stops at the first such revision). Import without --strict to skip it and keep the others, start after it with --since \(commit.prefix(12)), or mend the text in a later commit"
        case .importNothingReadable(let file, let repository, let skipped):
            return "no change of \(file) in \(repository) can be kept as a code of conduct, so nothing was imported: \(skipped.joined(separator: "; ")). Give the path of a Markdown text file with --path"
        case .importSince(let spec, let reason):
            return "--since '\(spec)' \(reason); give a commit of the branch being imported (see 'git log --first-parent')"
        case .importNeedsStore(let directory, let reason):
            return "no store to import into: '\(directory)' \(reason); name one with --store PATH (a new path makes a new store) or CONDUCT_STORE"
        case .importUnrelated(let store, let reason):
            return "the store '\(store)' \(reason); nothing was imported. Import into a new store with --store NEW-PATH"
        case .importUnderAdoptionRule(let store, let commit, let date, let since):
            return "the store '\(store)' has had an adoption rule in force since \(since), and commit \(commit.prefix(12)) of the source (\(date)) would be adopted under it without a proposal, a consultation or approvals; nothing was imported. Propose the new text and adopt it under the rule ('conduct propose --from FILE'), or import into a new store with --store NEW-PATH"
        case .importTranslationsMatchNothing(let pattern, let repository, let branch, let candidates):
            return "--translations '\(pattern)' matches no file at the tip of \(branch) in \(repository); nothing was imported. A pattern matches whole paths from the repository's top ('*' stays within a folder, '**/' crosses folders); Markdown files there: \(Self.summarise(candidates))"
        case .importTranslationLanguage(let file, let reason):
            return "--translation-language \(file) \(reason); nothing was imported. Write --translation-language PATH=TAG, PATH as the --translations patterns match it"
        case .invalidDuration(let text):
            return "'\(text)' is not a duration; write a whole number of days, weeks or hours: 365d, 52w, 12h (0d for none)"
        case .invalidAdoptionSetting(let key, let value, let way):
            return "'\(value)' cannot be \(key): \(way); nothing was recorded (see 'conduct policy show')"
        case .consultationOpen(let proposal, let until, let override):
            let way = override ? ", or ask the secretariat for an override (`--override --reason …`, allowed by the policy)"
                : " (the adoption rule in force forbids overrides)"
            return "the consultation window of \(proposal) ends on \(until); adopt after it\(way); nothing was adopted"
        case .consultationRequired(let duration, let override):
            let way = override ? ", or ask the secretariat for an override (`--override --reason …`, allowed by the policy)"
                : " (the adoption rule in force forbids overrides)"
            return "the adoption rule in force asks for a consultation of \(duration) before a revision is adopted, and a text adopted with --from has had none; propose it with 'conduct propose --from FILE' and adopt the proposal once its window ends\(way); nothing was adopted"
        case .overrideForbidden(let what, let since):
            return "the adoption rule in force (since \(since)) forbids overrides, so \(what) cannot be adopted with --override; wait for its window to end, or have the secretariat set adoption.override allowed ('conduct config set adoption.override allowed'); nothing was adopted"
        case .quorumNotMet(let proposal, let have, let need, let missing):
            let who = missing.isEmpty ? "" : ", missing: \(missing.joined(separator: ", "))"
            let way = proposal.hasPrefix("a text")
                ? "propose it and have it approved ('conduct propose --from FILE', then 'conduct approve')"
                : "each approver runs 'conduct approve \(proposal) --as SIGNATORY --key KEY'; see 'conduct proposals'"
            return "\(proposal) has \(have) of the \(need) approvals the adoption rule asks for\(who); \(way); nothing was adopted"
        case .approvedTextMoved(let proposal, let base, let main):
            return "main has moved on from \(base), the revision \(proposal) was proposed against, to \(main): the approvals bind the proposal's own text, and its merge with \(main) is a text nobody approved; propose the change again against \(main) ('conduct propose --from FILE', then 'conduct withdraw \(proposal)') and have that approved; nothing was adopted"
        case .nothingToOverride(let proposal, let closed):
            let window = closed.map { "closed on \($0)" } ?? "none"
            return "\(proposal) has no consultation window open to override (\(window)); adopt it without --override and --reason"
        case .unknownMoment(let spec, let known):
            return "'\(spec)' is neither a revision of this store (known: \(Self.summarise(known))) nor a date; give a version, a commit, main~N, or a date such as 2025-03-01 or 2025-03-01T09:00:00Z"
        case .consultationTooShort(let requested, let earliest, let reason):
            return "--consultation-until \(requested) ends too early: \(reason), so the window ends no earlier than \(earliest); give that date or a later one, or leave --consultation-until out; nothing was recorded"
        case .publishTarget(let path, let reason, let way):
            return "cannot publish into '\(path)': \(reason); \(way)"
        case .publishFailed(let path, let reason):
            return "publishing into '\(path)' failed: \(reason); nothing there was changed"
        case .notAdoptedStore(let path, let found):
            return "'\(path)' is \(found), which conduct did not create or adopt as a store; nothing was written. If it is a store made by an earlier conduct or a plain 'git clone' of one, adopt it with 'conduct init --adopt-existing \(path)'; to keep a code of conduct of your own, make a new store with 'conduct init NEWPATH --from FILE'"
        case .cannotAdopt(let path, let reason, let way):
            return "cannot adopt '\(path)' as a store: \(reason); nothing was changed. \(way)"
        case .dateInFuture(let text, let latest):
            return "the date \(text) is more than 10 minutes after this machine's clock; records dated in the future are not counted. Give a date up to \(latest), or leave --date out for now"
        case .noSecretariatKey(let act):
            return "\(act) needs the secretariat's signature, and no secretariat key is given; give it with --secretariat-key FILE, or note it once with 'git config conduct.secretariatKey FILE' (a clone has no key of its own)"
        case .noAuthority(let act):
            return "this store has no authority record (it was made before conduct signed its records), so \(act) cannot be signed by an authority; run 'conduct secretariat migrate [--secretariat-key FILE]' once to endorse what the store holds"
        case .notSecretariatKey(let fingerprint, let act, let inForce):
            return "key \(fingerprint) is not a secretariat key in force (in force: \(Self.summarise(inForce))), and \(act) needs the secretariat's signature; give the secretariat's key with --secretariat-key FILE"
        case .authorityThreshold(let needed, let given, let inForce):
            return "changing the secretariat needs signatures by \(needed) of the keys in force (\(Self.summarise(inForce))); \(given) given, \(needed - given) missing: repeat --secretariat-key FILE for each"
        case .authorityChange(let problem):
            return "the secretariat cannot change so: \(problem)"
        case .authorityExists(let id):
            return "this store has an authority record already (\(id.prefix(12))); nothing to migrate. See 'conduct secretariat show'"
        case .authorityMismatch(let remote, let pinned, let found):
            let what = found.map { "its first authority record is \($0.prefix(12))" } ?? "it has no authority record"
            return "remote '\(remote)' is not this store's: \(what), and this store trusts \(pinned.prefix(12)) (git config conduct.authority); nothing was taken in. Check the remote's URL; if the secretariat really started a new store, clone it afresh"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .unknownLanguage(let tag, let reason):
            return "'\(tag)' is not a language tag this tool can use: \(reason); give a BCP 47 tag such as ja, fr, pt-BR or zh-Hant"
        case .translationExists(let language, let source):
            return "a \(language) translation is recorded already (of \(source)); record a new translated revision with 'conduct translation update \(language) --from FILE [--of REV]'"
        case .noTranslation(let language, let known, let at):
            let place = at.map { " of \($0) or an earlier revision" } ?? ""
            return "no \(language) translation\(place) in this store (translations: \(Self.summarise(known))); record one with 'conduct translation add \(language) --from FILE --of REV'"
        case .translationNotAligned(let language, let source, let problems):
            return "the \(language) text cannot be aligned with the clauses of \(source); nothing was recorded:\n\(problems)"
        case .noTranslationToAttest(let language, let revision, let there, let recorded):
            let record = recorded ? "translation update" : "translation add"
            let other = there.isEmpty ? "" : ", give one of those languages"
            return "no \(language) translation of \(revision) or an earlier revision, so none to attest as read; translated there: \(Self.summarise(there)) (see 'conduct translations --at \(revision)'). Attest without --lang for the source text\(other), or record the translation first with 'conduct \(record) \(language) --from FILE --of \(revision)'; nothing was recorded"
        case .translationOfProposal(let spec):
            return "'\(spec)' is a proposal; a translation is of an adopted revision: name a version or commit on main (see 'conduct log')"
        case .translationTooLong(let size, let limit):
            return "the translated text is \(size) bytes, over the \(limit)-byte limit of a translated revision; a translation that long cannot be kept as one record"
        case .notEarlierRevision(let old, let new, let language):
            return "\(old) is not on the history of \(new): diff --lang says what changed from an earlier revision to a later one; give the earlier first: 'conduct diff --lang \(language) \(new) \(old)'"
        }
    }

    static func summarise(_ items: [String], limit: Int = 6) -> String {
        if items.isEmpty { return "none" }
        if items.count <= limit { return items.joined(separator: ", ") }
        return "\(items[0]), \(items[1]) … \(items[items.count - 1]), \(items.count) in all"
    }
}

extension ConductError {
    /// Runs `body`, turning a failure into a `ConductError` that says what was being done
    /// (`action`): a git error keeps libgit2's code and message.
    static func catching<T>(_ action: @autoclosure () -> String, _ body: () throws -> T) throws(ConductError) -> T {
        do {
            return try body()
        } catch let error as ConductError {
            throw error
        } catch let error as GitError {
            throw .git(error.message, while: action())
        } catch {
            throw .corruptStore("\(action()): \(error)")
        }
    }
}

/// The translation a signatory read when it attested a revision, and what that text had not
/// caught up with: the translation's own currency (`TranslationCurrency`) judged at the revision
/// attested, within the attestation's scope.
///
/// It is judged at the attested revision, not at the one read: what changed after the attested
/// revision makes the attestation itself stale, and is said there.
public struct TranslationReading: Sendable {
    /// The language tag the attestation signed.
    public var language: String
    /// The translation record read; nil when the ledger holds none that counts by the id signed.
    public var translation: Translation?
    /// The label of the source revision the translation translates.
    public var source: String?
    /// Source clauses in scope changed substantively, added or removed between the revision the
    /// translation translates and the one attested, each with the revisions that changed it.
    public var behind: [TranslationStatus.Behind] = []
    /// Source clauses in scope that the translation has no counterpart for.
    public var incomplete: [String] = []
    /// Why the translation signed is not one this ledger can stand behind (nil: it is).
    public var problem: String?

    /// Whether the text read said everything the attested revision says, in scope.
    public var isCaughtUp: Bool { problem == nil && behind.isEmpty && incomplete.isEmpty }

    /// `read in ja (translation of v1.1), which has not caught up with transparency (changed in
    /// v1.2) and trustworthy-use (added in v1.2)`: one phrase for a reason line.
    public var summary: String {
        if let problem { return "read in \(language), but \(problem)" }
        var phrase = "read in \(language) (translation of \(source ?? "?"))"
        var lacks: [String] = []
        if !behind.isEmpty {
            // Clauses changed the same way by the same revisions are named together.
            var groups: [(change: AttestationStatus.Uncovered.Change, revisions: [String], clauses: [String])] = []
            for clause in behind {
                if let index = groups.firstIndex(where: { $0.change == clause.change && $0.revisions == clause.revisions }) {
                    groups[index].clauses.append(clause.clause)
                } else {
                    groups.append((clause.change, clause.revisions, [clause.clause]))
                }
            }
            lacks.append("has not caught up with " + groups.map { group in
                "\(ConductError.summarise(group.clauses)) (\(group.change.rawValue) in \(group.revisions.joined(separator: ", ")))"
            }.joined(separator: " and "))
        }
        if !incomplete.isEmpty { lacks.append("has no counterpart for \(ConductError.summarise(incomplete))") }
        if !lacks.isEmpty { phrase += ", which " + lacks.joined(separator: ", and ") }
        return phrase
    }
}

/// Judges what signatories read, once per translation, attested revision and scope, with the
/// ledger's translation records read only when an attestation names one.
final class TranslationReadings {
    private let store: Store
    private var translations: [String: Translation]?
    private var verdicts: [String: TranslationReading] = [:]

    init(store: Store) { self.store = store }

    /// What `attestation` says was read; nil when it names no language (the source text was read).
    func reading(of attestation: Attestation) throws(ConductError) -> TranslationReading? {
        guard let language = attestation.language else { return nil }
        let key = [attestation.translation ?? "", attestation.translationSHA256 ?? "", attestation.revision,
                   attestation.scope?.joined(separator: " ") ?? "\u{0}"].joined(separator: "\n")
        if let known = verdicts[key] { return known }
        let verdict = try judge(attestation, language: language)
        verdicts[key] = verdict
        return verdict
    }

    private func judge(_ attestation: Attestation, language: String) throws(ConductError) -> TranslationReading {
        var reading = TranslationReading(language: language)
        if translations == nil {
            translations = Dictionary(try store.translationRecords().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        guard let id = attestation.translation, let translation = translations?[id], translation.language.value == language else {
            reading.problem = "the \(language) translation it names (\(attestation.translation?.prefix(12) ?? "none")) is not one this store counts; see 'conduct verify'"
            return reading
        }
        reading.translation = translation
        guard translation.sha256 == attestation.translationSHA256 else {
            reading.problem = "the digest it signed is not that of the \(language) translation \(id.prefix(12)); see 'conduct verify'"
            return reading
        }
        let attested = try store.revision(at: attestation.revisionID, recorded: attestation.revision)
        let history = try CurrencyHistory(store: store, head: attested)
        defer { history.flush() }
        guard let position = history.position(of: translation.revision) else {
            reading.problem = "the \(language) translation it names translates a revision that is not \(attested.label) or one before it; see 'conduct verify'"
            return reading
        }
        let status = try TranslationCurrency.status(of: translation, translating: position, history: history)
        let inScope = { (clause: String) in attestation.scope?.contains(clause) ?? true }
        reading.source = status.source
        reading.behind = status.behind.filter { inScope($0.clause) }
        reading.incomplete = status.incomplete.filter(inScope)
        return reading
    }
}

/// Where one signatory stands at a revision: design.md's currency, row by row.
public struct AttestationStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        case current, currentEditorial = "current-editorial", stale, expired, withdrawn, never, invalid

        /// Whether a signatory in this state adheres to the revision read.
        public var isCurrent: Bool { self == .current || self == .currentEditorial }
    }

    /// A clause in scope that the attestation no longer covers.
    public struct Uncovered: Sendable, Equatable {
        public enum Change: String, Sendable { case changed, added, removed }
        public var clause: String
        public var change: Change
    }

    public var signatory: Signatory
    public var state: State
    /// The attestation the state is about (the latest one on the revision's history).
    public var attestation: Attestation?
    /// The attested revision's label (`v1.0`, or a short commit id).
    public var attested: String?
    /// What the attestation still covers (nil when it was not judged: never, invalid,
    /// withdrawn, expired). Rows that attested the same revision with the same scope share one.
    public var coverage: Coverage?
    /// When the attestation reaches the maximum age, and whether it is in its grace period.
    public var expires: Timestamp?
    public var inGrace = false
    /// The translation the signatory read, when it attested one (judged for the rows whose
    /// coverage is judged), and what it had not caught up with.
    public var reading: TranslationReading?
    /// One line saying why.
    public var reason: String

    /// For `stale`: the clauses changed, added or removed since the attested revision.
    public var uncovered: [Uncovered] { coverage?.uncovered ?? [] }
    /// Clauses in scope with editorial (or non-material) changes since.
    public var editorial: [String] { coverage?.editorial ?? [] }
}

/// What an attestation of one revision, with one scope, still covers at the revision read.
public final class Coverage: Sendable {
    public let uncovered: [AttestationStatus.Uncovered]
    public let editorial: [String]
    /// The uncovered clauses by kind of change, each in document order.
    public let changed: [String], added: [String], removed: [String]
    /// `changed since: …; added since: …`, or empty.
    let uncoveredSummary: String
    /// The editorial clauses, named or counted for a reason line.
    let editorialSummary: String

    init(uncovered: [AttestationStatus.Uncovered], editorial: [String]) {
        self.uncovered = uncovered
        self.editorial = editorial
        func clauses(_ change: AttestationStatus.Uncovered.Change) -> [String] {
            uncovered.filter { $0.change == change }.map(\.clause)
        }
        (changed, added, removed) = (clauses(.changed), clauses(.added), clauses(.removed))
        uncoveredSummary = [("changed", changed), ("added", added), ("removed", removed)].compactMap { name, clauses in
            clauses.isEmpty ? nil : "\(name) since: \(ConductError.summarise(clauses, limit: 6))"
        }.joined(separator: "; ")
        editorialSummary = editorial.count > 4
            ? "\(editorial.count) clauses (\(ConductError.summarise(editorial, limit: 4)))"
            : editorial.joined(separator: ", ")
    }
}

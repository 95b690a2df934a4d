/// `conduct policy show`: the adoption rule in force at one moment, and whom its approvers stand for then.
public struct PolicyReport: Sendable {
    /// The moment asked about: a date given, a revision's adoption, or now.
    public var at: Timestamp
    /// The revision named, when the moment is its adoption.
    public var revision: String?
    /// nil: no adoption rule is in force, and any holder of the store may adopt.
    public var rule: AdoptionRule?
    /// The signatories the approvers stand for at that moment (a role: those of its kind registered then).
    public var approvers: [String]
}

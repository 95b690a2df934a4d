/// design.md's one rule for "is clause c of the attested revision R still covered at H".
///
/// c is covered when it reads the same at R and H (its fingerprint and its heading level: a
/// clause moved to another level of the structure is changed, as `diff` says), and its stored
/// text is unchanged too; it is covered with editorial changes when only its stored text
/// changed, or when every revision between R and H that changed it was adopted as
/// non-material; otherwise (changed, added since, or removed) it is uncovered. Under a
/// whole-document attestation a clause absent at both R and H is not counted.
///
/// `status` (`CurrencyHistory.coverage`, one verdict per attested revision and scope) and the
/// matrix (`CoverageSweeps`, every revision from the attested one on) both judge each clause
/// here. They differ only in how they learn whether a material revision changed the clause:
/// status scans the range when it must, the sweep remembers it while it walks forward.
enum CoverageRule {
    enum Verdict: UInt8 {
        /// Covered, unchanged (or, for a whole-document attestation, absent on both sides).
        case covered = 0
        case editorial = 1
        case uncovered = 2
    }

    /// The verdict on one clause, from its state at the attested revision (`attested`) and at
    /// the revision read (`now`), nil where the clause is absent. `changedMaterially` is asked
    /// only when the two differ: whether a revision between them not adopted as non-material
    /// changed the clause.
    @inline(__always)
    static func verdict<State: ClauseStanding, Failure: Error>(
        attested then: State?, now: State?, wholeDocument: Bool,
        changedMaterially: () throws(Failure) -> Bool
    ) throws(Failure) -> Verdict {
        guard let now else { return then == nil && wholeDocument ? .covered : .uncovered }
        if let then, then.same(as: now) { return then.sameText(as: now) ? .covered : .editorial }
        return try changedMaterially() ? .uncovered : .editorial
    }
}

/// A clause's state at one revision, as the coverage rule compares it.
protocol ClauseStanding {
    /// Unchanged in what it says and where it stands in the structure (fingerprint and level).
    func same(as other: Self) -> Bool
    /// The same stored text as well: not even an editorial change.
    func sameText(as other: Self) -> Bool
}

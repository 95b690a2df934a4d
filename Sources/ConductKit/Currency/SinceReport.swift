/// What changed in a signatory's scope since the revision it attested.
public struct SinceReport: Sendable {
    public var signatory: Signatory
    public var attestation: Attestation
    public var comparison: Comparison
    /// The changed clauses in scope, substantive first, each group in document order.
    public var clauses: [ClauseDiff]
    /// The translation the signatory read, when it attested one.
    public var reading: TranslationReading?
}

extension SinceReport {
    /// The clauses of `comparison` that changed in an attestation's `scope` (nil: the whole
    /// document), substantive first, each group in document order.
    static func clauses(of comparison: Comparison, in scope: [String]?) -> [ClauseDiff] {
        let inScope = comparison.diff.filtered().filter { entry in
            guard let scope else { return true }
            return [entry.old?.id, entry.new?.id].contains { $0.map(scope.contains) ?? false }
                || entry.related.contains(where: scope.contains)
        }
        return inScope.filter { $0.significance == .substantive } + inScope.filter { $0.significance != .substantive }
    }
}

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

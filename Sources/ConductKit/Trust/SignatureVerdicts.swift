/// The verdict on every signature in a set of records, checked once and from scratch (no
/// cache), half on each core: `verify` judges a hundred thousand attestations and as many
/// registrations, and checking Ed25519 signatures is most of its work.
///
/// A verdict is intrinsic: whether the signature holds over the record's content, in the
/// namespace of its type. Whose key it is, and whether that key counted at the signing time,
/// is judged where the verdict is used.
struct SignatureVerdicts: Sendable {
    /// Why the signature does not hold, by record id (absent: it holds, or the record is not signed).
    private let problems: [String: String]
    private let checked: Set<String>

    /// Checks every signed record among `records`, on two threads, or on this one alone when
    /// `parallel` is false (a worker of a pipeline that keeps both cores busy already).
    init(_ records: [Record], parallel: Bool = true) {
        let signed = records.filter { SignatureVerdicts.namespace(of: $0.type) != nil }
        let halves = parallel && signed.count >= 200 ? [signed[..<(signed.count / 2)], signed[(signed.count / 2)...]] : [signed[...]]
        let found = inParallel(halves.count) { half in
            halves[half].compactMap { record in SignatureVerdicts.intrinsicProblem(record).map { (record.id, $0) } }
        }
        problems = Dictionary(found.joined().map { $0 }, uniquingKeysWith: { first, _ in first })
        checked = Set(signed.map(\.id))
    }

    /// Why `record`'s signature does not hold (nil: it holds, or its type is not signed).
    func problem(_ record: Record) -> String? {
        guard checked.contains(record.id) else { return SignatureVerdicts.intrinsicProblem(record) }
        return problems[record.id]
    }

    /// The namespace records of `type` are signed in (nil: not a signed type).
    private static func namespace(of type: String) -> String? {
        if type == "attestation" || type == "attestation-withdrawn" { return Attestation.namespace }
        if type == Approval.type || type == Approval.withdrawnType { return Approval.namespace }
        return RecordSignature.isSigned(type) ? RecordSignature.namespace : nil
    }

    /// Why `record`'s signature does not hold over its content in its type's namespace (nil: it
    /// holds, or its type is not signed), computed now.
    static func intrinsicProblem(_ record: Record) -> String? {
        switch namespace(of: record.type) {
        case RecordSignature.namespace?:
            if case .failure(let problem) = RecordSignature.check(record) { return problem.text }
            return nil
        case let namespace?: return Attestation.signatureProblem(record, namespace: namespace)
        case nil: return nil
        }
    }
}

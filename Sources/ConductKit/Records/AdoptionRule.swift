/// The rule under which proposals are adopted, as the `adoption.*` settings in force at one
/// moment leave it. The rule in force when a proposal is adopted is the one that applies to it.
public struct AdoptionRule: Sendable, Equatable {
    public static let keys = ["adoption.approvers", "adoption.quorum", "adoption.consultation", "adoption.editorial-quorum",
                              "adoption.override"]

    /// Who may approve: a signatory by id, or every registered signatory of a kind (`role:organisation`).
    ///
    /// A store registers no role for a representative; what it does register of each signatory
    /// is its kind, so `role:NAME` names signatories by kind, and their representatives sign for them.
    public enum Approver: Sendable, Equatable, CustomStringConvertible {
        case signatory(String)
        case role(Signatory.Kind)

        public var description: String {
            switch self {
            case .signatory(let id): return id
            case .role(let kind): return "role:\(kind.rawValue)"
            }
        }
    }

    /// How many approvers must approve: a number, or a fraction of the approvers (rounded up).
    public enum Quorum: Sendable, Equatable, CustomStringConvertible {
        case count(Int)
        case fraction(Int, of: Int)

        /// Parses `N` (at least 1) or `A/B` (0 < A ≤ B); nil for anything else.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            let numbers = parts.map { part in part.allSatisfy(\.isASCII) ? Int(part) : nil }
            switch (parts.count, numbers.first ?? nil, numbers.last ?? nil) {
            case (1, let count?, _) where count >= 1 && count <= 10_000: self = .count(count)
            case (2, let top?, let bottom?) where top >= 1 && top <= bottom && bottom <= 10_000: self = .fraction(top, of: bottom)
            default: return nil
            }
        }

        /// The approvals needed out of `approvers`.
        public func required(of approvers: Int) -> Int {
            switch self {
            case .count(let count): return count
            case .fraction(let top, let bottom): return (approvers * top + bottom - 1) / bottom
            }
        }

        public var description: String {
            switch self {
            case .count(let count): return "\(count)"
            case .fraction(let top, let bottom): return "\(top)/\(bottom)"
            }
        }
    }

    public enum Override: String, Sendable, CaseIterable { case allowed, forbidden }

    /// A whole number of hours, days or weeks, written as the other settings' durations are.
    public typealias Duration = StoreSettings.Duration

    /// The approvers named; empty when `adoption.approvers` was never set.
    public var approvers: [Approver] = []
    public var quorum: Quorum?
    /// The quorum for proposals adopted as non-material; nil: the same as `quorum`.
    public var editorialQuorum: Quorum?
    /// The least time between a proposal's last substantive version and its adoption; nil: none.
    public var consultation: Duration?
    public var override: Override = .forbidden
    /// The `config` records that make the rule, oldest first: the latest for each key.
    public var records: [String] = []
    /// When the latest of them was made: the rule has been in force since then.
    public var since = Timestamp(seconds: 0)

    /// The quorum that applies to an adoption, material or not.
    public func quorum(nonMaterial: Bool) -> Quorum? { nonMaterial ? editorialQuorum ?? quorum : quorum }

    /// When the consultation on `proposal` ends under this rule: the window the proposal
    /// recorded, but never before the rule's least consultation after its last substantive version.
    public func consultationEnd(of proposal: Proposal) -> Timestamp? {
        let least = consultation.flatMap { duration -> Timestamp? in
            guard duration.seconds > 0, let start = proposal.consultationStart else { return nil }
            return Timestamp(seconds: start.seconds + duration.seconds, milliseconds: start.milliseconds, offsetMinutes: start.offsetMinutes)
        }
        switch (least, proposal.consultationUntil) {
        case (let least?, let recorded?): return max(least, recorded)
        case (let least, let recorded): return least ?? recorded
        }
    }

    /// Whether the rule asks for a consultation at all: a revision adopted without a proposal has had none.
    public var requiresConsultation: Bool { (consultation?.seconds ?? 0) > 0 }

    /// The rule the `adoption.*` settings among `records` (in fold order) make at `moment`;
    /// nil when none is in force then: any holder may adopt.
    static func fold(_ records: [Record], at moment: Timestamp) -> AdoptionRule? {
        var latest: [String: Record] = [:]
        for record in records where record.type == "config" && record.time <= moment {
            guard let key = record.value["key"]?.stringValue, keys.contains(key), record.value["value"]?.stringValue != nil else { continue }
            latest[key] = record
        }
        guard !latest.isEmpty else { return nil }
        var rule = AdoptionRule()
        for (key, record) in latest {
            let text = record.value["value"]?.stringValue ?? ""
            switch key {
            case "adoption.approvers": rule.approvers = (try? AdoptionRule.approvers(parsing: text)) ?? []
            case "adoption.quorum": rule.quorum = Quorum(text)
            case "adoption.editorial-quorum": rule.editorialQuorum = Quorum(text)
            case "adoption.consultation": rule.consultation = (try? Duration(parsing: text)).flatMap { $0.seconds > 0 ? $0 : nil }
            case "adoption.override": rule.override = Override(rawValue: text) ?? .forbidden
            default: continue
            }
        }
        let ordered = latest.values.sorted { $0.foldKey < $1.foldKey }
        rule.records = ordered.map(\.id)
        rule.since = ordered.last?.time ?? rule.since
        return rule
    }

    /// Parses `acme, uni, role:organisation`: a list without repeats, each a signatory id or `role:KIND`.
    static func approvers(parsing text: String) throws(ConductError) -> [Approver] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw .invalidAdoptionSetting("adoption.approvers", value: text,
                                          way: "give signatory ids or role:KIND, separated by commas (acme,uni or role:organisation)")
        }
        var approvers: [Approver] = []
        for item in items {
            let approver: Approver
            if item.hasPrefix("role:") {
                guard let kind = Signatory.Kind(rawValue: String(item.dropFirst("role:".count))) else {
                    throw .invalidAdoptionSetting("adoption.approvers", value: String(item),
                                                  way: "a role names the kind of signatory: \(Signatory.Kind.allCases.map { "role:\($0.rawValue)" }.joined(separator: " or ")) (representatives carry no role of their own)")
                }
                approver = .role(kind)
            } else {
                approver = .signatory(String(item))
            }
            guard !approvers.contains(approver) else {
                throw .invalidAdoptionSetting("adoption.approvers", value: text, way: "name \(approver) once")
            }
            approvers.append(approver)
        }
        return approvers
    }

    /// The signatory ids the approvers stand for, given the signatories registered (id → kind).
    public func approverIDs(among registered: [String: Signatory.Kind]) -> [String] {
        var ids: [String] = []
        for approver in approvers {
            switch approver {
            case .signatory(let id): ids.append(id)
            case .role(let kind): ids += registered.filter { $0.value == kind }.keys.sorted()
            }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}

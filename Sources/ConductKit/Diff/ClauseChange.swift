/// How one clause (or the preamble) differs between a revision and the one before it: the
/// clause-level result of the diff engine, as `log` and `adopt` report it.
public struct ClauseChange: Sendable, Hashable, Codable {
    public enum Change: String, Sendable, Codable { case added, removed, changed, moved, split, merged }
    public typealias Kind = Significance

    /// The clause id (the new one when it changed), `Document.preambleKey` or `Document.frontMatterKey`.
    public var clause: String
    public var change: Change
    /// Editorial when the clause's fingerprint is unchanged, else substantive.
    public var kind: Kind
    /// What happened to a clause present on both sides: moved, renumbered, renamed, reworded, reformatted.
    public var details: [ClauseDiff.Change]
    /// The clause's old id, when the engine matched it to a clause with another id.
    public var was: String?
    /// The heading's text when the clause has no id (in a file conduct did not write), so that
    /// it can still be named.
    public var heading: String?

    public init(clause: String, change: Change, kind: Kind, details: [ClauseDiff.Change] = [], was: String? = nil,
                heading: String? = nil) {
        self.clause = clause
        self.change = change
        self.kind = kind
        self.details = details
        self.was = was
        self.heading = heading
    }

    /// The clause as a reader names it: its id, else its heading in quotes.
    public var name: String {
        clause.isEmpty ? "\"\(heading ?? "")\"" : clause
    }

    /// The changed clauses of a diff, in its order.
    public static func from(_ diff: DocumentDiff) -> [ClauseChange] {
        diff.clauses.compactMap { entry in
            guard entry.significance != .none else { return nil }
            let change: Change
            switch entry.status {
            case .added: change = .added
            case .removed: change = .removed
            case .split: change = .split
            case .merged: change = .merged
            case .matched, .unchanged: change = entry.changes == [.moved] ? .moved : .changed
            }
            let was = entry.old.flatMap { $0.id != entry.new?.id && entry.new != nil ? $0.id : nil }
            let heading = entry.id.isEmpty ? (entry.new ?? entry.old)?.headingText : nil
            return ClauseChange(clause: entry.id, change: change, kind: entry.significance, details: entry.changes, was: was,
                                heading: heading)
        }
    }

    /// The summary of two revisions from their digests alone, when no clause was added or
    /// removed by id (then every clause keeps its id and the diff engine's first pass decides):
    /// changed clauses by fingerprint and raw text, moved ones off the longest common order.
    /// Nil when ids differ, or some clause has none (a file conduct did not write), and the full
    /// engine must run.
    public static func fromDigests(old: [ClauseDigest], new: [ClauseDigest]) -> [ClauseChange]? {
        var oldPosition: [String: Int] = [:]
        for (index, digest) in old.enumerated() { oldPosition[digest.key] = index }
        guard old.count == new.count, oldPosition.count == old.count, oldPosition[""] == nil,
              new.allSatisfy({ oldPosition[$0.key] != nil }), Set(new.map(\.key)).count == new.count else { return nil }
        let order = new.enumerated().compactMap { index, digest in oldPosition[digest.key].map { ($0, index) } }
        let stay = Set(BlockAligner.longestIncreasing(order.sorted { $0.0 < $1.0 }).map(\.1))
        var changes: [ClauseChange] = []
        for (index, digest) in new.enumerated() {
            guard let previous = oldPosition[digest.key].map({ old[$0] }) else { continue }
            let moved = !stay.contains(index) && !Document.isPartKey(digest.key)
            let (details, kind) = ClauseDiff.classify(old: previous, new: digest, moved: moved)
            guard kind != .none else { continue }
            changes.append(ClauseChange(clause: digest.key, change: details == [.moved] ? .moved : .changed, kind: kind, details: details))
        }
        return changes
    }

    /// Every clause of a first revision, as added; a text without clauses adds its preamble,
    /// so that a first revision is always substantive.
    public static func initial(_ digests: [ClauseDigest]) -> [ClauseChange] {
        let clauses = digests.filter { !Document.isPartKey($0.key) }.map {
            ClauseChange(clause: $0.key, change: .added, kind: .substantive, heading: $0.key.isEmpty ? $0.heading : nil)
        }
        return clauses.isEmpty ? [ClauseChange(clause: Document.preambleKey, change: .added, kind: .substantive)] : clauses
    }

    /// Substantive when any change is; editorial otherwise (also for no change at all).
    public static func rollUp(_ changes: [ClauseChange]) -> Kind {
        changes.contains { $0.kind == .substantive } ? .substantive : .editorial
    }
}

/// A revision with the clauses that changed since the one before it.
public struct RevisionSummary: Sendable {
    public let revision: Revision
    public let changes: [ClauseChange]
    /// How it was adopted, when it came from a proposal or records approvals or an override.
    public internal(set) var adoption: RevisionAdoption? = nil
}

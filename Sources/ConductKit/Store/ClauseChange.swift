/// How one clause (or the preamble) differs between a revision and the one before it.
public struct ClauseChange: Sendable, Hashable, Codable {
    public enum Change: String, Sendable, Codable { case added, removed, changed }
    public enum Kind: String, Sendable, Codable { case editorial, substantive }

    /// The clause id, or `Document.preambleKey`.
    public var clause: String
    public var change: Change
    /// Editorial when only the wording's form changed (the fingerprint is equal), else substantive.
    public var kind: Kind

    public init(clause: String, change: Change, kind: Kind) {
        self.clause = clause
        self.change = change
        self.kind = kind
    }

    /// Compares two revisions clause by clause, by id: new order first, then what was removed.
    public static func compare(old: [ClauseDigest]?, new: [ClauseDigest]) -> [ClauseChange] {
        guard let old else {
            return new.filter { $0.key != Document.preambleKey }.map { ClauseChange(clause: $0.key, change: .added, kind: .substantive) }
        }
        var before: [String: ClauseDigest] = [:]
        for digest in old { before[digest.key] = digest }
        var changes: [ClauseChange] = []
        var present = Set<String>()
        for digest in new {
            present.insert(digest.key)
            guard let previous = before[digest.key] else {
                changes.append(ClauseChange(clause: digest.key, change: .added, kind: .substantive))
                continue
            }
            if previous.fingerprint != digest.fingerprint {
                changes.append(ClauseChange(clause: digest.key, change: .changed, kind: .substantive))
            } else if previous.rawDigest != digest.rawDigest {
                changes.append(ClauseChange(clause: digest.key, change: .changed, kind: .editorial))
            }
        }
        for digest in old where !present.contains(digest.key) {
            changes.append(ClauseChange(clause: digest.key, change: .removed, kind: .substantive))
        }
        return changes
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
}

extension DocumentDiff {
    /// Only the clauses that changed, optionally only substantive ones and only one clause
    /// (matched by its old or new id or, for a heading without one, its slug: see
    /// `Comparison.clauseName`), with summary and significance kept for the whole diff.
    public func filtered(substantiveOnly: Bool = false, clause: String? = nil) -> [ClauseDiff] {
        clauses.filter { entry in
            guard entry.significance != .none else { return false }
            if substantiveOnly, entry.significance != .substantive { return false }
            if let clause { return entry.isNamed(clause) }
            return true
        }
    }

}

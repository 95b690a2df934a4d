extension DocumentDiff {
    /// Only the clauses that changed, optionally only substantive ones and only one clause
    /// (matched by its old or new id), with summary and significance kept for the whole diff.
    public func filtered(substantiveOnly: Bool = false, clause: String? = nil) -> [ClauseDiff] {
        clauses.filter { entry in
            guard entry.significance != .none else { return false }
            if substantiveOnly, entry.significance != .substantive { return false }
            if let clause { return entry.new?.id == clause || entry.old?.id == clause || entry.related.contains(clause) }
            return true
        }
    }

}

/// Two revisions compared, with what a reader needs to name them.
public struct Comparison: Sendable {
    public struct Side: Sendable, Codable {
        public var label: String
        public var commit: String?
        public var version: String?
    }

    public var old: Side
    public var new: Side
    public var diff: DocumentDiff
    /// Clause ids of either side, to tell an unknown `--clause` from an unchanged one.
    public var clauseIDs: [String]
    /// Open comment threads per clause id of the new side (empty outside a store).
    public var openComments: [String: Int] = [:]
    /// The command that lists the clauses of the two sides, for a name that matches none.
    var listing: String = ""

    /// The clause a `--clause` value means, as the diff names it (`ClauseDiff.name`): an id or,
    /// for a heading without one, its slug; else a heading's text or slug (`Our pledge`,
    /// `our-pledge`), on either side. Unknown names are refused with the names there are.
    public func clauseName(_ given: String) throws(ConductError) -> String {
        var names = Set(clauseIDs)
        for entry in diff.clauses {
            for side in [entry.old, entry.new].compactMap({ $0 }) where side.index >= 0 { names.insert(side.name) }
        }
        if names.contains(given) || Document.isPartKey(given) { return given }
        let slug = HeadingText.slug(given)
        for entry in diff.clauses {
            for side in [entry.new, entry.old].compactMap({ $0 }) where side.index >= 0 && !slug.isEmpty && HeadingText.slug(side.heading) == slug {
                return side.name
            }
        }
        throw .unknownClause(given, revision: "\(old.label) or \(new.label)", known: names.sorted(), hint: listing)
    }
}


extension Comparison {
    /// A path as a shell reads it back: quoted when it holds anything but plain characters.
    static func quoted(_ path: String) -> String {
        path.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) ? path : "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

/// Whether a change alters what the code says.
public enum Significance: String, Sendable, Codable, Comparable {
    case none, editorial, substantive

    public static func < (lhs: Significance, rhs: Significance) -> Bool {
        let order: [Significance] = [.none, .editorial, .substantive]
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// The clause-by-clause comparison of two documents, with word-level edits inside.
public struct DocumentDiff: Sendable, Codable {
    /// Every clause of either side: new document order, removed clauses where they stood.
    public var clauses: [ClauseDiff]
    /// The most significant change of any clause.
    public var significance: Significance
    public var summary: Summary

    public struct Summary: Sendable, Codable, Equatable {
        public var added = 0, removed = 0, modified = 0, moved = 0, renumbered = 0, renamed = 0, restructured = 0
        public var split = 0, merged = 0, unchanged = 0
        public var editorial = 0, substantive = 0
    }

    /// The clauses that changed at all.
    public var changed: [ClauseDiff] { clauses.filter { $0.significance != .none } }
}

/// One clause of the comparison.
public struct ClauseDiff: Sendable, Codable {
    public enum Status: String, Sendable, Codable {
        case unchanged, matched, added, removed, split, merged
    }

    /// What happened to a clause present on both sides.
    public enum Change: String, Sendable, Codable {
        /// It stands elsewhere relative to the other clauses.
        case moved
        /// Its heading number changed.
        case renumbered
        /// Its heading text changed.
        case renamed
        /// Its heading level changed (`## Scope` → `### Scope`): it now belongs to another part of
        /// the document's structure. Substantive: a reader sees a different structure.
        case restructured
        /// Its body's words or punctuation changed.
        case reworded
        /// Only its form changed: line breaks, quote or dash forms, bullets, case.
        case reformatted
    }

    public struct Side: Sendable, Codable, Equatable {
        /// The clause's `{#id}`; empty for a heading without one (a file outside a store).
        public var id: String
        public var number: String?
        public var heading: String
        public var level: Int
        /// Position in its document's clause list (the preamble is -1, the front matter -2).
        public var index: Int

        public static let preambleIndex = -1
        public static let frontMatterIndex = -2
        /// For a heading without an id: the slug of its text, unique in its document (what the
        /// id minted for it would be), by which `--clause` finds it.
        public var slug: String?

        public init(id: String, number: String?, heading: String, level: Int, index: Int, slug: String? = nil) {
            self.id = id
            self.number = number
            self.heading = heading
            self.level = level
            self.index = index
            self.slug = slug
        }

        /// What names the clause: its id, else its slug.
        public var name: String { id.isEmpty ? slug ?? "" : id }

        private enum CodingKeys: String, CodingKey { case id, number, heading, level, index, slug }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
            number = try container.decodeIfPresent(String.self, forKey: .number)
            heading = try container.decode(String.self, forKey: .heading)
            level = try container.decode(Int.self, forKey: .level)
            index = try container.decode(Int.self, forKey: .index)
            slug = try container.decodeIfPresent(String.self, forKey: .slug)
        }

        /// An empty id is left out, so a clause without one is named by its slug alone.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if !id.isEmpty { try container.encode(id, forKey: .id) }
            try container.encodeIfPresent(number, forKey: .number)
            try container.encode(heading, forKey: .heading)
            try container.encode(level, forKey: .level)
            try container.encode(index, forKey: .index)
            try container.encodeIfPresent(slug, forKey: .slug)
        }
    }

    public var status: Status
    public var changes: [Change]
    public var significance: Significance
    public var old: Side?
    public var new: Side?
    /// For a split: the new clauses the old one became. For a merge: the old clauses that became this one.
    public var related: [String]
    /// Word edits of the heading text, when it was renamed.
    public var heading: [WordEdit]?
    public var blocks: [BlockDiff]

    /// The id a reader knows the clause by: the new one, else the old one.
    public var id: String { new?.id ?? old?.id ?? "" }

    /// What names the clause: its id (the new one, else the old one), else the slug of its heading.
    public var name: String { new?.name ?? old?.name ?? "" }

    /// Whether `name` is this clause's id or slug, on either side, or one it was split into or merged from.
    public func isNamed(_ name: String) -> Bool {
        old?.name == name || new?.name == name || old?.id == name || new?.id == name || related.contains(name)
    }

    /// Words inserted and deleted, for `--stat`.
    public var wordCounts: (inserted: Int, deleted: Int) {
        var inserted = 0, deleted = 0
        for block in blocks {
            inserted += block.insertedWords
            deleted += block.deletedWords
        }
        for edit in heading ?? [] {
            if edit.operation == .insert { inserted += WordDiff.wordCount(edit.text) }
            if edit.operation == .delete { deleted += WordDiff.wordCount(edit.text) }
        }
        return (inserted, deleted)
    }
}

/// One block (paragraph, list item, quote, code block) of a clause, compared.
public struct BlockDiff: Sendable, Codable {
    public enum Operation: String, Sendable, Codable {
        /// The same text on both sides.
        case equal
        case inserted, deleted
        /// Changed in place: `words` holds the edits.
        case changed
        /// Too different, or too large, to diff by word: shown as deleted then inserted.
        case replaced
    }

    public var operation: Operation
    public var significance: Significance
    public var old: String?
    public var new: String?
    public var words: [WordEdit]?

    var insertedWords: Int {
        switch operation {
        case .equal, .deleted: return 0
        case .inserted, .replaced: return WordDiff.wordCount(new ?? "")
        case .changed: return (words ?? []).filter { $0.operation == .insert }.reduce(0) { $0 + WordDiff.wordCount($1.text) }
        }
    }

    var deletedWords: Int {
        switch operation {
        case .equal, .inserted: return 0
        case .deleted, .replaced: return WordDiff.wordCount(old ?? "")
        case .changed: return (words ?? []).filter { $0.operation == .delete }.reduce(0) { $0 + WordDiff.wordCount($1.text) }
        }
    }
}

extension ClauseDiff {
    /// What happened to a clause that both sides have, from its two digests: the one rule that
    /// both the diff engine and change summaries follow.
    public static func classify(old: ClauseDigest, new: ClauseDigest, moved: Bool) -> (changes: [Change], significance: Significance) {
        var changes: [Change] = []
        if moved { changes.append(.moved) }
        if old.number != new.number { changes.append(.renumbered) }
        let renamed = old.normalizedHeading != new.normalizedHeading
        if renamed { changes.append(.renamed) }
        let restructured = old.level != new.level
        if restructured { changes.append(.restructured) }
        let reworded = old.bodyFingerprint != new.bodyFingerprint
        if reworded { changes.append(.reworded) }
        if (!reworded && old.bodyRawDigest != new.bodyRawDigest) || (!renamed && old.heading != new.heading) {
            changes.append(.reformatted)
        }
        let significance: Significance
        if old.fingerprint != new.fingerprint || restructured {
            significance = .substantive
        } else if !changes.isEmpty || old.rawDigest != new.rawDigest {
            significance = .editorial
        } else {
            significance = .none
        }
        return (changes, significance)
    }
}

extension ClauseDiff {
    /// What happened to the clause in words: `added`, `split into a, b`, `moved, renumbered 3. → 4., reworded`.
    public var changeDescription: String {
        var words: [String] = []
        switch status {
        case .added: words.append("added")
        case .removed: words.append("removed")
        case .split: words.append("split" + (related.isEmpty ? "" : (old != nil ? " into " : " from ") + related.joined(separator: ", ")))
        case .merged: words.append("merged from " + related.joined(separator: ", "))
        case .matched, .unchanged: break
        }
        for change in changes {
            switch change {
            case .moved: words.append("moved")
            case .renumbered: words.append("renumbered \(old?.number ?? "–") → \(new?.number ?? "–")")
            case .renamed: words.append("renamed")
            case .restructured:
                let levels = [old?.level, new?.level].map { $0.map { String(repeating: "#", count: $0) } ?? "–" }
                words.append("restructured (heading level \(levels[0]) → \(levels[1]))")
            case .reworded: words.append("reworded")
            case .reformatted: words.append("reformatted")
            }
        }
        return words.joined(separator: ", ")
    }
}

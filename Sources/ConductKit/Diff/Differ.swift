/// Computes the structured diff of two documents: clauses matched and classified, blocks
/// aligned, words diffed, every change labelled editorial or substantive.
public struct Differ: Sendable {
    /// Skip block and word diffs (for change summaries that need only clause-level results).
    public var clausesOnly = false
    /// A changed block pair costing more word edits than this is reported as replaced.
    public var wordCostCap = WordDiff.defaultCostCap
    /// Blocks whose differing middles are larger than this many bytes are compared whole.
    public var wordDiffByteLimit = WordDiff.defaultByteLimit

    public init(clausesOnly: Bool = false) {
        self.clausesOnly = clausesOnly
    }

    public func diff(_ old: Document, _ new: Document) -> DocumentDiff {
        let match = ClauseMatcher(old: old, new: new).match()
        var newToOld: [Int: Int] = [:]
        for (o, n) in match.pairs { newToOld[n] = o }
        var newInSplit: [Int: Int] = [:]
        for (o, parts) in match.splits { for n in parts { newInSplit[n] = o } }
        var oldInMerge: [Int: Int] = [:]
        for (n, parts) in match.merges { for o in parts { oldInMerge[o] = n } }
        let moved = movedClauses(old: old, new: new, pairs: match.pairs)
        let oldSlugs = Self.slugs(of: old), newSlugs = Self.slugs(of: new)
        let side = { (clause: Clause, index: Int, isNew: Bool) in
            Self.side(clause, index, slug: (isNew ? newSlugs : oldSlugs)[index])
        }
        /// A clause's name in `related`: its id, else its slug.
        let name = { (document: Document, index: Int, isNew: Bool) in
            document.clauses[index].id ?? (isNew ? newSlugs : oldSlugs)[index] ?? ""
        }

        var entries: [ClauseDiff] = []
        // The front matter, then the preamble (title and text before the first clause): always paired.
        if let frontMatter = frontMatterDiff(old.frontMatter, new.frontMatter) { entries.append(frontMatter) }
        if let preamble = preambleDiff(old, new) { entries.append(preamble) }

        // Removed clauses are listed where they stood: before the new clause that follows them.
        var removedBefore: [Int: [Int]] = [:]
        var trailingRemoved: [Int] = []
        for o in old.clauses.indices where match.pairs[o] == nil && match.splits[o] == nil && oldInMerge[o] == nil {
            var anchor: Int?
            var cursor = o + 1
            while cursor < old.clauses.count {
                if let n = match.pairs[cursor] { anchor = n; break }
                cursor += 1
            }
            if let anchor { removedBefore[anchor, default: []].append(o) } else { trailingRemoved.append(o) }
        }

        for n in new.clauses.indices {
            for o in removedBefore[n] ?? [] { entries.append(removed(old, o, side(old.clauses[o], o, false))) }
            let clause = new.clauses[n]
            if let parts = match.merges[n] {
                var entry = ClauseDiff(status: .merged, changes: [], significance: .substantive,
                                       old: nil, new: side(clause, n, true), related: parts.map { name(old, $0, false) },
                                       heading: nil, blocks: [])
                if !clausesOnly {
                    let oldBlocks = parts.flatMap { old.clauses[$0].segments }
                    entry.blocks = blockDiffs(oldBlocks, clause.segments)
                }
                entries.append(entry)
            } else if let o = newToOld[n] {
                var entry = matched(old.clauses[o], side(old.clauses[o], o, false), clause, side(clause, n, true), moved: moved.contains(o))
                if let parts = match.splits[o] {
                    entry.status = .split
                    entry.related = parts.map { name(new, $0, true) }
                    entry.significance = .substantive
                }
                entries.append(entry)
            } else if let o = newInSplit[n] {
                // A part split off from an old clause (not the one that kept its place).
                var entry = ClauseDiff(status: .split, changes: [], significance: .substantive, old: side(old.clauses[o], o, false),
                                       new: side(clause, n, true), related: [name(old, o, false)], heading: nil, blocks: [])
                if match.pairs[o] != nil { entry.old = nil }
                if !clausesOnly {
                    entry.blocks = blockDiffs(old.clauses[o].segments, clause.segments)
                }
                entries.append(entry)
            } else {
                entries.append(added(clause, side(clause, n, true)))
            }
        }
        for o in trailingRemoved { entries.append(removed(old, o, side(old.clauses[o], o, false))) }
        // An old clause split with none of its parts keeping its place is listed once, as split.
        for (o, parts) in match.splits.sorted(by: { $0.key < $1.key }) where match.pairs[o] == nil {
            if let index = entries.firstIndex(where: { $0.status == .split && $0.new?.index == parts.first }) {
                entries[index].related = parts.map { name(new, $0, true) }
            }
        }
        return DocumentDiff(clauses: entries, significance: entries.map(\.significance).max() ?? .none,
                            summary: summarise(entries))
    }

    // MARK: Clauses

    private static func side(_ clause: Clause, _ index: Int, slug: String?) -> ClauseDiff.Side {
        ClauseDiff.Side(id: clause.id ?? "", number: clause.heading.number, heading: clause.heading.text,
                        level: clause.level, index: index, slug: clause.id == nil ? slug : nil)
    }

    /// For each clause without an id, the slug of its heading text made unique in the document
    /// (by `-2`, `-3`, … and never an id the document uses): the id it would be given. Nil for a
    /// clause with an id; nothing is computed for a document whose clauses all have one.
    static func slugs(of document: Document) -> [String?] {
        guard document.clauses.contains(where: { $0.id == nil }) else { return Array(repeating: nil, count: document.clauses.count) }
        var taken = Set(document.clauses.compactMap(\.id))
        return document.clauses.map { clause in
            guard clause.id == nil else { return nil }
            var stem = HeadingText.slug(clause.heading.text)
            if stem.isEmpty { stem = "clause" }
            var candidate = stem, counter = 2
            while taken.contains(candidate) {
                candidate = "\(stem)-\(counter)"
                counter += 1
            }
            taken.insert(candidate)
            return candidate
        }
    }

    private func added(_ clause: Clause, _ side: ClauseDiff.Side) -> ClauseDiff {
        ClauseDiff(status: .added, changes: [], significance: .substantive, old: nil, new: side,
                   related: [], heading: nil,
                   blocks: clausesOnly ? [] : clause.segments.map {
                       BlockDiff(operation: .inserted, significance: .substantive, old: nil, new: $0.text, words: nil)
                   })
    }

    private func removed(_ old: Document, _ index: Int, _ side: ClauseDiff.Side) -> ClauseDiff {
        let clause = old.clauses[index]
        return ClauseDiff(status: .removed, changes: [], significance: .substantive, old: side, new: nil,
                          related: [], heading: nil,
                          blocks: clausesOnly ? [] : clause.segments.map {
                              BlockDiff(operation: .deleted, significance: .substantive, old: $0.text, new: nil, words: nil)
                          })
    }

    private func matched(_ a: Clause, _ oldSide: ClauseDiff.Side, _ b: Clause, _ newSide: ClauseDiff.Side, moved: Bool) -> ClauseDiff {
        let (changes, significance) = ClauseDiff.classify(old: a.digest, new: b.digest, moved: moved)
        var entry = ClauseDiff(status: significance == .none ? .unchanged : .matched, changes: changes,
                               significance: significance, old: oldSide, new: newSide, related: [],
                               heading: nil, blocks: [])
        guard !clausesOnly, significance != .none else { return entry }
        if a.heading.text != b.heading.text {
            entry.heading = WordDiff.diff(a.heading.text, b.heading.text, costCap: wordCostCap)
                ?? [WordEdit(.delete, a.heading.text), WordEdit(.insert, b.heading.text)]
        }
        // A body stored byte for byte alike has every block equal: no alignment needed.
        entry.blocks = a.bodyRawDigest == b.bodyRawDigest
            ? b.segments.map { BlockDiff(operation: .equal, significance: .none, old: $0.text, new: $0.text, words: nil) }
            : blockDiffs(a.segments, b.segments)
        return entry
    }

    /// Clauses that are not on the longest common subsequence of matched pairs: the fewest moves.
    /// A clause that moved along with its parent is not counted again.
    private func movedClauses(old: Document, new: Document, pairs: [Int: Int]) -> Set<Int> {
        let ordered = pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let stay = Set(BlockAligner.longestIncreasing(ordered).map(\.0))
        var moved = Set(ordered.map(\.0)).subtracting(stay)
        for o in moved.sorted() {
            if let parent = old.clauses[o].parent, moved.contains(parent), let n = pairs[o],
               new.clauses[n].parent == pairs[parent] {
                moved.remove(o)
            }
        }
        return moved
    }

    private func preambleDiff(_ old: Document, _ new: Document) -> ClauseDiff? {
        let (changes, significance) = ClauseDiff.classify(old: old.preambleDigest, new: new.preambleDigest, moved: false)
        guard significance != .none else { return nil }
        let side = { (document: Document) in
            ClauseDiff.Side(id: Document.preambleKey, number: nil, heading: document.titleHeading ?? "", level: 1,
                            index: ClauseDiff.Side.preambleIndex)
        }
        var entry = ClauseDiff(status: .matched, changes: changes, significance: significance,
                               old: side(old), new: side(new), related: [], heading: nil, blocks: [])
        if !clausesOnly {
            let oldTitle = old.titleHeading ?? "", newTitle = new.titleHeading ?? ""
            if oldTitle != newTitle {
                entry.heading = WordDiff.diff(oldTitle, newTitle, costCap: wordCostCap)
                    ?? [WordEdit(.delete, oldTitle), WordEdit(.insert, newTitle)]
            }
            entry.blocks = blockDiffs(old.preambleSegments, new.preambleSegments)
        }
        return entry
    }

    /// The front matter compared key by key: one block per key (`key: value` as written), in
    /// the new order with removed keys where they stood. A changed, added or removed value is
    /// substantive; a key only moved or respelled (quotes, spacing) is editorial.
    private func frontMatterDiff(_ old: FrontMatter?, _ new: FrontMatter?) -> ClauseDiff? {
        let side = ClauseDiff.Side(id: Document.frontMatterKey, number: nil, heading: "", level: 1,
                                   index: ClauseDiff.Side.frontMatterIndex)
        switch (old, new) {
        case (nil, nil):
            return nil
        case (let old?, nil):
            return ClauseDiff(status: .removed, changes: [], significance: .substantive, old: side, new: nil, related: [],
                              heading: nil, blocks: clausesOnly ? [] : old.entries.map {
                                  BlockDiff(operation: .deleted, significance: .substantive, old: $0.raw, new: nil, words: nil)
                              })
        case (nil, let new?):
            return ClauseDiff(status: .added, changes: [], significance: .substantive, old: nil, new: side, related: [],
                              heading: nil, blocks: clausesOnly ? [] : new.entries.map {
                                  BlockDiff(operation: .inserted, significance: .substantive, old: nil, new: $0.raw, words: nil)
                              })
        case (let old?, let new?):
            let (changes, significance) = ClauseDiff.classify(old: old.digest, new: new.digest, moved: false)
            guard significance != .none else { return nil }
            var entry = ClauseDiff(status: .matched, changes: changes, significance: significance, old: side, new: side,
                                   related: [], heading: nil, blocks: [])
            guard !clausesOnly else { return entry }
            var oldByKey: [String: [Int]] = [:]
            for (index, entry) in old.entries.enumerated() { oldByKey[entry.key, default: []].append(index) }
            var used = Set<Int>()
            var blocks: [BlockDiff] = []
            func removed(upTo limit: Int) {
                for index in 0..<limit where !used.contains(index) && !new.entries.contains(where: { $0.key == old.entries[index].key }) {
                    used.insert(index)
                    blocks.append(BlockDiff(operation: .deleted, significance: .substantive, old: old.entries[index].raw, new: nil, words: nil))
                }
            }
            for entry in new.entries {
                guard let index = oldByKey[entry.key]?.first(where: { !used.contains($0) }) else {
                    blocks.append(BlockDiff(operation: .inserted, significance: .substantive, old: nil, new: entry.raw, words: nil))
                    continue
                }
                removed(upTo: index)
                used.insert(index)
                let before = old.entries[index]
                if before.raw == entry.raw {
                    blocks.append(BlockDiff(operation: .equal, significance: .none, old: before.raw, new: entry.raw, words: nil))
                    continue
                }
                let kind: Significance = before.value == entry.value ? .editorial : .substantive
                let words = WordDiff.diff(before.raw, entry.raw, costCap: wordCostCap, byteLimit: wordDiffByteLimit)
                blocks.append(BlockDiff(operation: words == nil ? .replaced : .changed, significance: kind,
                                        old: before.raw, new: entry.raw, words: words))
            }
            removed(upTo: old.entries.count)
            entry.blocks = blocks
            return entry
        }
    }

    // MARK: Blocks

    /// The blocks of two versions of one clause, aligned and compared word by word.
    public func blocks(from old: Clause, to new: Clause) -> [BlockDiff] {
        blockDiffs(old.segments, new.segments)
    }

    private func blockDiffs(_ old: [DiffBlock], _ new: [DiffBlock]) -> [BlockDiff] {
        BlockAligner.align(old, new).map { pair in
            switch pair {
            case .old(let i):
                return BlockDiff(operation: .deleted, significance: .substantive, old: old[i].text, new: nil, words: nil)
            case .new(let j):
                return BlockDiff(operation: .inserted, significance: .substantive, old: nil, new: new[j].text, words: nil)
            case .both(let i, let j):
                let a = old[i], b = new[j]
                if a.text == b.text {
                    return BlockDiff(operation: .equal, significance: .none, old: a.text, new: b.text, words: nil)
                }
                let significance: Significance = a.folded == b.folded ? .editorial : .substantive
                if let words = WordDiff.diff(a.text, b.text, costCap: wordCostCap, byteLimit: wordDiffByteLimit) {
                    return BlockDiff(operation: .changed, significance: significance, old: a.text, new: b.text, words: words)
                }
                return BlockDiff(operation: .replaced, significance: significance, old: a.text, new: b.text, words: nil)
            }
        }
    }

    private func summarise(_ entries: [ClauseDiff]) -> DocumentDiff.Summary {
        var summary = DocumentDiff.Summary()
        // The front matter and the preamble are parts, not clauses.
        for entry in entries where (entry.old ?? entry.new).map({ $0.index >= 0 }) ?? true {
            switch entry.status {
            case .unchanged: summary.unchanged += 1
            case .added: summary.added += 1
            case .removed: summary.removed += 1
            case .split: summary.split += 1
            case .merged: summary.merged += 1
            case .matched: if entry.changes.contains(where: { $0 == .reworded || $0 == .reformatted }) { summary.modified += 1 }
            }
            if entry.changes.contains(.moved) { summary.moved += 1 }
            if entry.changes.contains(.renumbered) { summary.renumbered += 1 }
            if entry.changes.contains(.renamed) { summary.renamed += 1 }
            if entry.changes.contains(.restructured) { summary.restructured += 1 }
            if entry.significance == .editorial { summary.editorial += 1 }
            if entry.significance == .substantive { summary.substantive += 1 }
        }
        return summary
    }
}

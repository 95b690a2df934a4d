/// A clause changed differently on both sides of a three-way merge.
public struct MergeConflict: Sendable, Hashable {
    /// The clause id, or `Document.preambleKey`.
    public var clause: String
    /// The clause's text in the common base, on main, and in the proposal (nil: absent there).
    public var base: String?
    public var main: String?
    public var proposal: String?
}

/// The conflicts that stop a merge.
public struct MergeConflicts: Error, Sendable {
    public var conflicts: [MergeConflict]
}

/// Clause-level three-way merge: a clause changed on one side only takes that side's text, even
/// when its neighbours changed on the other; a clause changed differently on both is a conflict.
public enum ClauseMerge {
    /// The merged text, or the conflicts that stop it.
    public static func merge(base: Document, main: Document, proposal: Document) -> Result<String, MergeConflicts> {
        let b = units(base), m = units(main), p = units(proposal)
        let baseText = Dictionary(b.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        let mainText = Dictionary(m.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })
        let proposalText = Dictionary(p.map { ($0.key, $0.text) }, uniquingKeysWith: { first, _ in first })

        var conflicts: [MergeConflict] = []
        var chosen: [String: String?] = [:]
        for key in Set(baseText.keys).union(mainText.keys).union(proposalText.keys) {
            let (x, y, z) = (baseText[key], mainText[key], proposalText[key])
            if z == x {
                chosen[key] = .some(y)
            } else if y == x || y == z {
                chosen[key] = .some(z)
            } else {
                conflicts.append(MergeConflict(clause: key, base: x, main: y, proposal: z))
            }
        }
        guard conflicts.isEmpty else {
            return .failure(MergeConflicts(conflicts: conflicts.sorted { $0.clause < $1.clause }))
        }
        // Main's order, then what only the proposal added, after its nearest predecessor there;
        // front matter always comes first.
        var order = m.map(\.key).filter { (chosen[$0] ?? nil) != nil }
        for (index, unit) in p.enumerated() where !order.contains(unit.key) && (chosen[unit.key] ?? nil) != nil {
            let predecessor = p[..<index].reversed().first { order.contains($0.key) }?.key
            let position = unit.key == Document.frontMatterKey ? 0
                : predecessor.flatMap { order.firstIndex(of: $0) }.map { $0 + 1 } ?? min(1, order.count)
            order.insert(unit.key, at: position)
        }
        // Main's line endings join the parts (each part keeps its own).
        let eol = main.lineEnding
        let parts = order.compactMap { chosen[$0] ?? nil }.filter { !$0.isEmpty }
            .map { $0.utf8.last == 13 ? String(decoding: $0.utf8.dropLast(), as: UTF8.self) : $0 }
        return .success(parts.joined(separator: eol + eol) + eol)
    }

    /// The front matter, the preamble (with the title) and each clause as stored, in document order.
    static func units(_ document: Document) -> [(key: String, text: String)] {
        (document.frontMatter.map { [(Document.frontMatterKey, $0.raw)] } ?? [])
            + [(Document.preambleKey, document.preambleText)] + document.clauses.map { ($0.id ?? "", $0.rawText) }
    }
}

extension Document {
    /// The stored text before the first clause and after any front matter: the title and the
    /// preamble, without the blank lines that lead it.
    public var preambleText: String {
        let lines = LineIndex(text)
        var start = (frontMatter?.lineCount ?? 0) + 1
        let end = (clauses.first?.lines.lowerBound ?? lines.count + 1) - 1
        if frontMatter != nil { while start <= end, lines.isBlank(start) { start += 1 } }
        return start > end ? "" : lines.text(from: start, through: end).text
    }
}

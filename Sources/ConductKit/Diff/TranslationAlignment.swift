/// How the headings of a translation were paired with the clauses of its source.
public struct TranslationAlignment: Sendable, Hashable {
    public enum Method: String, Sendable { case carried, structure }
    public struct Pair: Sendable, Hashable {
        /// The source clause id the translated heading maps to.
        public var id: String
        /// The translated heading's 1-based line.
        public var line: Int
        public var method: Method
    }
    /// In translation order.
    public var pairs: [Pair]
    /// Source clause ids with no counterpart (allowed only when asked for).
    public var missing: [String]
}

/// One reason a translation cannot be aligned.
public struct AlignmentProblem: Sendable, Hashable {
    public enum Kind: String, Sendable { case ambiguous, missing, extra, unknownID }
    public var kind: Kind
    public var line: Int?
    public var heading: String?
    public var sourceID: String?
    public var detail: String
}

public struct AlignmentFailure: Error, Sendable {
    public var problems: [AlignmentProblem]
    public var explanation: String {
        problems.map { problem in
            let place = problem.line.map { "line \($0)" } ?? problem.sourceID.map { "source clause \($0)" } ?? ""
            return "  \(problem.kind.rawValue): \(place)\(problem.heading.map { " \"\($0)\"" } ?? ""): \(problem.detail)"
        }.joined(separator: "\n")
            + "\nwrite the source's id after each translated heading that is not found, e.g. '## 3. … {#transparency}'"
    }
}

extension Document {
    /// This text, a translation of `source`, with every heading given the id of the source clause
    /// it translates, written into the stored text, and how each was found.
    public func aligningTranslation(to source: Document, allowIncomplete: Bool = false)
        throws(AlignmentFailure) -> (document: Document, alignment: TranslationAlignment) {
        let sourceIDs = source.clauses.compactMap(\.id)
        var problems: [AlignmentProblem] = []
        for clause in clauses {
            if let id = clause.id, !sourceIDs.contains(id) {
                problems.append(.init(kind: .unknownID, line: clause.lines.lowerBound, heading: clause.heading.plainText, sourceID: id,
                                      detail: "the source has no clause '\(id)'"))
            }
        }
        let carried = Set(clauses.compactMap(\.id))
        let open = source.clauses.filter { !carried.contains($0.id ?? "") }
        let bare = clauses.enumerated().filter { $0.element.id == nil }
        if bare.count > open.count || (bare.count < open.count && !bare.isEmpty) || (bare.isEmpty && !open.isEmpty && !allowIncomplete) {
            let missing = bare.isEmpty ? open.compactMap(\.id).joined(separator: ", ") : ""
            problems.append(.init(kind: bare.count > open.count ? .extra : .missing, line: nil, heading: nil, sourceID: nil,
                                  detail: "the translation has \(clauses.count) clauses and the source \(source.clauses.count)"
                                      + (missing.isEmpty ? "" : "; none answers \(missing) (--allow-incomplete accepts that)")))
        }
        guard problems.isEmpty else { throw AlignmentFailure(problems: problems) }
        var lines = text.lines.map(String.init)
        var pairs: [TranslationAlignment.Pair] = []
        var next = open.makeIterator()
        for clause in clauses {
            if let id = clause.id {
                pairs.append(.init(id: id, line: clause.lines.lowerBound, method: .carried))
                continue
            }
            guard let id = next.next()?.id else { break }
            let line = Document.headingTextLine(lines, startingAt: clause.lines.lowerBound)
            lines[line - 1] = Document.appendingID(id, toHeadingLine: lines[line - 1])
            pairs.append(.init(id: id, line: clause.lines.lowerBound, method: .structure))
        }
        let aligned = Set(pairs.map(\.id))
        let missing = sourceIDs.filter { !aligned.contains($0) }
        guard let document = try? Document.parse(text: lines.joined(separator: "\n")) else {
            throw AlignmentFailure(problems: [.init(kind: .ambiguous, line: nil, heading: nil, sourceID: nil, detail: "the ids could not be written")])
        }
        return (document, TranslationAlignment(pairs: pairs, missing: missing))
    }
}

/// How a heading without an id got one.
public struct IDAssignment: Sendable, Hashable {
    /// `similar`: paired with a clause of the base by the diff engine's similarity pass.
    public enum Source: String, Sendable { case heading, body, similar, minted }
    public var id: String
    public var line: Int
    public var source: Source
}

extension Document {
    /// Gives every heading that lacks `{#id}` one, writing it into the stored text.
    ///
    /// The diff engine's clause matching (`ClauseMatcher`: same id, same body, same heading, then
    /// similar text as one assignment) pairs the headings with clauses of `base` first, so a
    /// clause keeps its id through rewording, renumbering and moves, even when its heading and
    /// part of its text changed at once. Only a clause left unpaired gets an id minted from its
    /// heading's visible text (`HeadingText.slug`). Minted ids avoid every id of `base`, so a
    /// removed clause's id is never reused.
    ///
    /// With `matchingClauses: false`, a heading is matched only to a clause of `base` with the
    /// same normalised heading, then to one with the same body fingerprint.
    ///
    /// Linear in the number of clauses but for the matcher's own bounded similarity pass.
    public func assigningIDs(base: Document?, matchingClauses: Bool = true) throws(DocumentProblem) -> (document: Document, assignments: [IDAssignment]) {
        guard missingIDs else { return (self, []) }
        var taken = Set(clauses.compactMap(\.id))
        let baseIDs = Set(base?.clauses.compactMap(\.id) ?? [])
        var lines = text.lines.map(String.init)
        var assignments: [IDAssignment] = []
        var matched: [Int: Int] = [:]
        if matchingClauses, let base {
            let result = ClauseMatcher(old: base, new: self).match()
            for (o, n) in result.pairs { matched[n] = o }
            // A clause merged from several keeps the id of the first it continues.
            for (n, sources) in result.merges where matched[n] == nil { matched[n] = sources.first }
        }
        // Without the matcher: the base's clauses with ids by heading and by body, in document order.
        var byHeading: [String: ArraySlice<Int>] = [:], byBody: [String: ArraySlice<Int>] = [:]
        if !matchingClauses, let base {
            for (o, clause) in base.clauses.enumerated() where clause.id != nil {
                byHeading[clause.normalizedHeading, default: []].append(o)
                if !clause.blocks.isEmpty { byBody[clause.bodyFingerprint, default: []].append(o) }
            }
        }
        /// The first clause of `list` whose id is not taken yet (taken ones are dropped for good).
        func firstFree(_ list: inout ArraySlice<Int>) -> String? {
            while let o = list.first {
                if let id = base?.clauses[o].id, !taken.contains(id) { return id }
                list.removeFirst()
            }
            return nil
        }
        // The next number to try after each stem, so many clauses of one name cost no search.
        var nextNumber: [String: Int] = [:]

        for (index, clause) in clauses.enumerated() where clause.id == nil {
            var chosen: (String, IDAssignment.Source)?
            if let o = matched[index], let base, let id = base.clauses[o].id, !taken.contains(id) {
                let old = base.clauses[o]
                let source: IDAssignment.Source = old.normalizedHeading == clause.normalizedHeading ? .heading
                    : (!clause.blocks.isEmpty && old.bodyFingerprint == clause.bodyFingerprint) ? .body : .similar
                chosen = (id, source)
            }
            // With the matcher asked, a clause it left unpaired is new: the rules below could take an
            // id the matcher gave to a later clause.
            if chosen == nil, !matchingClauses {
                if let id = firstFree(&byHeading[clause.normalizedHeading, default: []]) {
                    chosen = (id, .heading)
                } else if !clause.blocks.isEmpty, let id = firstFree(&byBody[clause.bodyFingerprint, default: []]) {
                    chosen = (id, .body)
                }
            }
            if chosen == nil {
                var stem = HeadingText.slug(clause.heading.plainText)
                if stem.isEmpty, let number = clause.heading.number { stem = HeadingText.slug(number) }
                if stem.isEmpty { stem = "clause" }
                var candidate = stem
                var counter = nextNumber[stem] ?? 2
                while taken.contains(candidate) || baseIDs.contains(candidate) {
                    candidate = "\(stem)-\(counter)"
                    counter += 1
                }
                nextNumber[stem] = counter
                chosen = (candidate, .minted)
            }
            guard let (id, source) = chosen else { continue }
            taken.insert(id)
            let line = Document.headingTextLine(lines, startingAt: clause.lines.lowerBound)
            lines[line - 1] = Document.appendingID(id, toHeadingLine: lines[line - 1])
            assignments.append(IDAssignment(id: id, line: clause.lines.lowerBound, source: source))
        }

        let updated = try Document.parse(text: lines.joined(separator: "\n"))
        if let clause = updated.clauses.first(where: { $0.id == nil }) {
            throw .missingID(heading: clause.heading.text, line: clause.lines.lowerBound)
        }
        return (updated, assignments)
    }

    /// The line holding the heading's last text line: the ATX line itself, or the line above a setext underline.
    static func headingTextLine(_ lines: [String], startingAt line: Int) -> Int {
        let first = lines[line - 1].drop { $0 == " " || $0 == "\u{FEFF}" }
        if first.hasPrefix("#") { return line }
        var current = line
        while current < lines.count {
            let next = lines[current].trimmingSuffix(while: \.isWhitespace).drop { $0 == " " }
            if !next.isEmpty, next.allSatisfy({ $0 == "=" }) || next.allSatisfy({ $0 == "-" }) { return current }
            current += 1
        }
        return line
    }

    /// `## Heading ##` → `## Heading {#id}`; a line that ended in "\r" (CRLF text) still does.
    static func appendingID(_ id: String, toHeadingLine line: String) -> String {
        var trimmed = Substring(line).trimmingSuffix(while: \.isWhitespace)
        let ending = line.utf8.last == 13 ? "\r" : ""
        if trimmed.drop(while: { $0 == " " || $0 == "\u{FEFF}" }).hasPrefix("#") {
            // Drop an ATX closing sequence: spaces then only '#'.
            let withoutHashes = trimmed.trimmingSuffix { $0 == "#" }
            if withoutHashes.count < trimmed.count, withoutHashes.last == " " {
                trimmed = withoutHashes.trimmingSuffix(while: \.isWhitespace)
            }
        }
        return trimmed + " {#\(id)}" + ending
    }
}

extension Document {
    /// The stored text with the body of clause `id` (the blocks under its heading, not its
    /// sub-clauses) replaced by `body`.
    ///
    /// The new body takes the document's line endings, so a CRLF text stays CRLF.
    public func replacingBody(ofClause id: String, with body: String) -> String? {
        guard let clause = clauses.first(where: { $0.id == id }) else { return nil }
        let eol = lineEnding
        // Lines keep their "\r"; the joins below add it back where they break a line.
        let lines = text.lines.map { eol == "\r\n" && $0.utf8.last == 13 ? String($0.dropLast()) : String($0) }
        let start = clause.lines.lowerBound
        let isATX = lines[start - 1].drop(while: { $0 == " " || $0 == "\u{FEFF}" }).hasPrefix("#")
        // Keep everything through the heading: its one line, or its text and underline.
        let headingLines = isATX ? start : Document.headingTextLine(lines, startingAt: start) + 1
        let before = lines[0..<min(headingLines, lines.count)]
        let after = lines[min(clause.lines.upperBound, lines.count)...]
        let bodyLines = body.trimmingSuffix(while: \.isWhitespace).description.lines
            .map { $0.utf8.last == 13 ? String($0.dropLast()) : String($0) }
        var result = before.joined(separator: eol) + eol + eol + bodyLines.joined(separator: eol)
        if after.isEmpty || after.allSatisfy(\.isEmpty) {
            result += eol
        } else {
            result += eol + eol + after.drop(while: \.isEmpty).joined(separator: eol)
        }
        return result
    }

    /// "\r\n" when the text's first line ends so, else "\n".
    public var lineEnding: String {
        guard let newline = text.utf8.firstIndex(of: UInt8(ascii: "\n")), newline > text.utf8.startIndex,
              text.utf8[text.utf8.index(before: newline)] == 13 else { return "\n" }
        return "\r\n"
    }
}

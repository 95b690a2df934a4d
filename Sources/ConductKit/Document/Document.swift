/// A parsed code of conduct: the title, the preamble, and the clauses in document order.
///
/// The stored text is kept as it was written; `canonicalText` is the same document in one
/// canonical Markdown spelling.
public struct Document: Sendable {
    /// The key under which the title and preamble appear in change summaries.
    public static let preambleKey = "(preamble)"
    /// Documents larger than this are refused before parsing.
    public static let maximumSize = 16 << 20

    /// The document text as stored.
    public let text: String
    /// The title, as canonical inline Markdown (without `#` and any `{#id}`).
    public let title: String
    public let preamble: [Block]
    public let clauses: [Clause]
    /// Digest of the title and preamble as written.
    public let preambleRawDigest: String
    /// Fingerprint of the title and preamble.
    public let preambleFingerprint: String

    /// Parses stored bytes, refusing binary files, invalid UTF-8 and malformed structure.
    public static func parse(bytes: [UInt8]) throws(DocumentProblem) -> Document {
        if bytes.count > maximumSize { throw .tooLarge(bytes.count) }
        if bytes.contains(0) { throw .binary }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(offset: firstInvalidUTF8Offset(bytes))
        }
        return try parse(text: text)
    }

    /// Parses Markdown text. Headings may lack ids (see `missingIDs`); invalid or repeated ids are refused.
    public static func parse(text: String) throws(DocumentProblem) -> Document {
        let sourceBlocks: [SourceBlock]
        do {
            sourceBlocks = try MarkdownParser.parse(text)
        } catch {
            throw .tooDeep(MarkdownParser.maximumDepth)
        }
        guard let first = sourceBlocks.first, case .heading(1, let titleContent) = first.block else {
            throw .missingTitle
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let folder = CanonicalRenderer(ordinals: false)

        let titleHeading = HeadingText(parsing: CanonicalRenderer.inlineText(titleContent, lineStart: false))
        let title = [titleHeading.number, titleHeading.text].compactMap { $0 }.joined(separator: " ")

        // Split the blocks after the title at each top-level heading.
        var preamble: [Block] = []
        var pending: [(heading: HeadingText, level: Int, line: Int, blocks: [Block])] = []
        for source in sourceBlocks.dropFirst() {
            if case .heading(let level, let content) = source.block {
                let markdown = CanonicalRenderer.inlineText(content, lineStart: false)
                let heading = HeadingText(parsing: markdown)
                if let raw = heading.rawID, heading.id == nil {
                    throw .invalidID(raw, line: source.startLine, heading: heading.text)
                }
                pending.append((heading, level, source.startLine, []))
            } else if pending.isEmpty {
                preamble.append(source.block)
            } else {
                pending[pending.count - 1].blocks.append(source.block)
            }
        }

        var clauses: [Clause] = []
        var seen: [String: Int] = [:]
        var stack: [(level: Int, index: Int)] = []
        for (index, part) in pending.enumerated() {
            if let id = part.heading.id {
                if let earlier = seen[id] { throw .duplicateID(id, lines: [earlier, part.line]) }
                seen[id] = part.line
            }
            while let top = stack.last, top.level >= part.level { stack.removeLast() }
            let end = index + 1 < pending.count ? pending[index + 1].line - 1 : lines.count
            let raw = rawLines(lines, from: part.line, through: end)
            let normalizedHeading = Fingerprint.fold(part.heading.text)
            let body = Fingerprint.fold(folder.render(part.blocks))
            clauses.append(Clause(
                level: part.level,
                heading: part.heading,
                blocks: part.blocks,
                parent: stack.last?.index,
                lines: part.line...max(part.line, part.line + raw.lineCount - 1),
                rawText: raw.text,
                normalizedHeading: normalizedHeading,
                fingerprint: Fingerprint.sha256(normalizedHeading + "\n" + body),
                bodyFingerprint: Fingerprint.sha256(body),
                rawDigest: Fingerprint.sha256(raw.text)))
            stack.append((part.level, index))
        }

        let preambleEnd = pending.first.map { $0.line - 1 } ?? lines.count
        let preambleRaw = rawLines(lines, from: 1, through: preambleEnd).text
        let preambleFolded = Fingerprint.fold(title) + "\n" + Fingerprint.fold(folder.render(preamble))
        return Document(
            text: text, title: title, preamble: preamble, clauses: clauses,
            preambleRawDigest: Fingerprint.sha256(preambleRaw),
            preambleFingerprint: Fingerprint.sha256(preambleFolded))
    }

    private static func rawLines(_ lines: [Substring], from start: Int, through end: Int) -> (text: String, lineCount: Int) {
        guard start >= 1, start <= lines.count else { return ("", 0) }
        var last = min(end, lines.count)
        while last > start, lines[last - 1].allSatisfy(\.isWhitespace) { last -= 1 }
        return (lines[(start - 1)..<last].joined(separator: "\n"), last - start + 1)
    }

    private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    // MARK: Queries

    /// Whether some heading has no `{#id}` yet.
    public var missingIDs: Bool { clauses.contains { $0.id == nil } }

    /// The clause with `id`, if any.
    public func clause(_ id: String) -> Clause? { clauses.first { $0.id == id } }

    /// Indices of the clause at `index` and every clause nested under it, in document order.
    public func subtree(at index: Int) -> Range<Int> {
        let level = clauses[index].level
        var end = index + 1
        while end < clauses.count, clauses[end].level > level { end += 1 }
        return index..<end
    }

    /// The digests of the preamble and every clause, the unit of a change summary.
    public var digests: [ClauseDigest] {
        [ClauseDigest(key: Document.preambleKey, rawDigest: preambleRawDigest, fingerprint: preambleFingerprint)]
            + clauses.map { ClauseDigest(key: $0.id ?? "", rawDigest: $0.rawDigest, fingerprint: $0.fingerprint) }
    }

    // MARK: Rendering

    /// The document in canonical Markdown. `canonical(parse(canonical(x))) == canonical(x)`.
    public var canonicalText: String {
        let renderer = CanonicalRenderer()
        var parts = [renderer.heading(level: 1, text: title)]
        if !preamble.isEmpty { parts.append(renderer.render(preamble)) }
        for index in clauses.indices { parts.append(canonicalText(ofClause: index)) }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// One clause (heading and own blocks) in canonical Markdown.
    public func canonicalText(ofClause index: Int) -> String {
        let renderer = CanonicalRenderer()
        let clause = clauses[index]
        let heading = renderer.heading(level: clause.level, text: clause.heading.markdown)
        return clause.blocks.isEmpty ? heading : heading + "\n\n" + renderer.render(clause.blocks)
    }
}

extension Document {
    /// Several clauses in canonical Markdown, separated by blank lines.
    public func canonicalText(ofClauses range: Range<Int>) -> String {
        range.map { canonicalText(ofClause: $0) }.joined(separator: "\n\n")
    }

    /// Several consecutive clauses exactly as stored.
    public func rawText(ofClauses range: Range<Int>) -> String {
        guard let first = range.first, let last = range.last else { return "" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let end = min(lines.count, clauses[last].lines.upperBound)
        return lines[(clauses[first].lines.lowerBound - 1)..<end].joined(separator: "\n")
    }
}

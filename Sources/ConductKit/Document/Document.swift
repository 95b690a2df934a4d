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
    let preambleSegments: [DiffBlock]
    public let clauses: [Clause]
    /// Digest of the title and preamble as written.
    public let preambleRawDigest: String
    /// Fingerprint of the title and preamble.
    public let preambleFingerprint: String

    /// Parses stored bytes, refusing binary files, invalid UTF-8 and malformed structure.
    public static func parse(bytes: [UInt8]) throws(DocumentProblem) -> Document {
        try parse(text: try validatedText(bytes))
    }

    /// Parses Markdown text. Headings may lack ids (see `missingIDs`); invalid or repeated ids are refused.
    ///
    /// Given a memo, a clause whose stored text the memo has seen (in this or another revision)
    /// is taken from it rather than built again: reading many revisions of one document, most
    /// clauses repeat.
    public static func parse(text: String, memo: DigestMemo? = nil) throws(DocumentProblem) -> Document {
        let (skeleton, blocks) = try analyse(text, memo: memo, reusing: { memo, digest in memo.clauses[digest] != nil })
        func collect(_ indices: [Int]) -> [Block] { indices.compactMap { blocks[$0] } }

        var clauses: [Clause] = []
        for (index, part) in skeleton.parts.enumerated() {
            let lines = part.line...max(part.line, part.line + part.raw.lineCount - 1)
            if let known = memo?.clauses[part.rawDigest] {
                clauses.append(known.placed(parent: skeleton.parents[index], lines: lines))
                continue
            }
            let own = collect(part.nodes)
            let normalizedHeading = Fingerprint.fold(part.heading.text)
            let segments = DiffBlock.blocks(of: own)
            let body = DiffBlock.foldedBody(segments)
            let clause = Clause(
                level: part.level,
                heading: part.heading,
                blocks: own,
                parent: skeleton.parents[index],
                lines: lines,
                rawText: part.raw.text,
                normalizedHeading: normalizedHeading,
                foldedBody: body,
                segments: segments,
                fingerprint: Fingerprint.sha256(normalizedHeading + "\n" + body),
                bodyFingerprint: Fingerprint.sha256(body),
                rawDigest: part.rawDigest,
                bodyRawDigest: Fingerprint.sha256(String(Clause.bodyText(ofRaw: part.raw.text))))
            memo?.clauses[part.rawDigest] = clause
            clauses.append(clause)
        }
        let preamble = collect(skeleton.preambleNodes)
        let preambleSegments = DiffBlock.blocks(of: preamble)
        let preambleFolded = Fingerprint.fold(skeleton.title) + "\n" + DiffBlock.foldedBody(preambleSegments)
        return Document(
            text: text, title: skeleton.title, preamble: preamble, preambleSegments: preambleSegments, clauses: clauses,
            preambleRawDigest: Fingerprint.sha256(skeleton.preambleRaw),
            preambleFingerprint: Fingerprint.sha256(preambleFolded))
    }

    /// The digests of a stored document, computing fingerprints only for clause texts `memo`
    /// has not seen: equal raw text means an equal fingerprint, and most clauses of one
    /// revision stand unchanged in the next.
    public static func digests(bytes: [UInt8], memo: DigestMemo) throws(DocumentProblem) -> [ClauseDigest] {
        let text = try validatedText(bytes)
        let (skeleton, blocks) = try analyse(text, memo: memo, reusing: { memo, digest in memo.digests[digest] != nil })
        func collect(_ indices: [Int]) -> [Block] { indices.compactMap { blocks[$0] } }

        let preambleRaw = Fingerprint.sha256(skeleton.preambleRaw)
        var preamble = memo.digests[preambleRaw] ?? {
            let folded = Fingerprint.fold(skeleton.title) + "\n" + DiffBlock.foldedBody(DiffBlock.blocks(of: collect(skeleton.preambleNodes)))
            let fingerprint = Fingerprint.sha256(folded)
            return ClauseDigest(key: preambleKey, rawDigest: preambleRaw, fingerprint: fingerprint, bodyFingerprint: fingerprint,
                                bodyRawDigest: preambleRaw, number: nil, heading: skeleton.title,
                                normalizedHeading: Fingerprint.fold(skeleton.title))
        }()
        memo.digests[preambleRaw] = preamble
        preamble.key = preambleKey
        var digests = [preamble]
        for part in skeleton.parts {
            var digest = memo.digests[part.rawDigest] ?? {
                let body = DiffBlock.foldedBody(DiffBlock.blocks(of: collect(part.nodes)))
                let normalizedHeading = Fingerprint.fold(part.heading.text)
                return ClauseDigest(
                    key: "", rawDigest: part.rawDigest, fingerprint: Fingerprint.sha256(normalizedHeading + "\n" + body),
                    bodyFingerprint: Fingerprint.sha256(body),
                    bodyRawDigest: Fingerprint.sha256(String(Clause.bodyText(ofRaw: part.raw.text))),
                    number: part.heading.number, heading: part.heading.text, normalizedHeading: normalizedHeading,
                    level: part.level)
            }()
            memo.digests[part.rawDigest] = digest
            digest.key = part.heading.id ?? ""
            digests.append(digest)
        }
        return digests
    }

    static func validatedText(_ bytes: [UInt8]) throws(DocumentProblem) -> String {
        if bytes.count > maximumSize { throw .tooLarge(bytes.count) }
        if bytes.contains(0) { throw .binary }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(offset: firstInvalidUTF8Offset(bytes))
        }
        return text
    }

    /// The document's structure: title, preamble and clause headings with their source text.
    struct Skeleton {
        struct Part {
            var heading: HeadingText
            var level: Int
            var line: Int
            var nodes: [Int] = []
            var raw: (text: String, lineCount: Int) = ("", 0)
            var rawDigest = ""
        }
        var title = ""
        var preambleNodes: [Int] = []
        var preambleRaw = ""
        var parts: [Part] = []
        var parents: [Int?] = []
    }

    /// Parses `text` into its skeleton, converting the blocks of every clause — or, given a
    /// memo, only of the clauses whose raw text the memo cannot supply (`reusing` tells).
    private static func analyse(_ text: String, memo: DigestMemo?,
                                reusing: (DigestMemo, String) -> Bool) throws(DocumentProblem) -> (Skeleton, [Block?]) {
        var outcome: Result<Skeleton, DocumentProblem> = .failure(.missingTitle)
        let parsed: ([MarkdownParser.NodeInfo], [Block?])
        do {
            parsed = try MarkdownParser.parse(text) { infos in
                outcome = skeleton(text, infos, memo: memo)
                guard let memo, case .success(let skeleton) = outcome else { return nil }
                var wanted = Set<Int>()
                if !reusing(memo, Fingerprint.sha256(skeleton.preambleRaw)) { wanted.formUnion(skeleton.preambleNodes) }
                for part in skeleton.parts where !reusing(memo, part.rawDigest) { wanted.formUnion(part.nodes) }
                return wanted
            }
        } catch {
            throw .tooDeep(MarkdownParser.maximumDepth)
        }
        return (try outcome.get(), parsed.1)
    }

    private static func skeleton(_ text: String, _ infos: [MarkdownParser.NodeInfo], memo: DigestMemo?) -> Result<Skeleton, DocumentProblem> {
        guard let first = infos.first, first.headingLevel == 1 else { return .failure(.missingTitle) }
        let lines = LineIndex(text)
        var skeleton = Skeleton()
        let titleHeading = HeadingText(parsing: CanonicalRenderer.inlineText(first.headingContent, lineStart: false))
        skeleton.title = [titleHeading.number, titleHeading.text].compactMap { $0 }.joined(separator: " ")

        var seen: [String: Int] = [:]
        for (index, info) in infos.enumerated().dropFirst() {
            if let level = info.headingLevel {
                let markdown = CanonicalRenderer.inlineText(info.headingContent, lineStart: false)
                let heading = memo?.headings[markdown] ?? HeadingText(parsing: markdown)
                memo?.headings[markdown] = heading
                if let raw = heading.rawID, heading.id == nil {
                    return .failure(.invalidID(raw, line: info.startLine, heading: heading.text))
                }
                if let id = heading.id {
                    if let earlier = seen[id] { return .failure(.duplicateID(id, lines: [earlier, info.startLine])) }
                    seen[id] = info.startLine
                }
                skeleton.parts.append(Skeleton.Part(heading: heading, level: level, line: info.startLine))
            } else if skeleton.parts.isEmpty {
                skeleton.preambleNodes.append(index)
            } else {
                skeleton.parts[skeleton.parts.count - 1].nodes.append(index)
            }
        }
        var stack: [(level: Int, index: Int)] = []
        for index in skeleton.parts.indices {
            let part = skeleton.parts[index]
            while let top = stack.last, top.level >= part.level { stack.removeLast() }
            skeleton.parents.append(stack.last?.index)
            stack.append((part.level, index))
            let end = index + 1 < skeleton.parts.count ? skeleton.parts[index + 1].line - 1 : lines.count
            skeleton.parts[index].raw = lines.text(from: part.line, through: end)
            skeleton.parts[index].rawDigest = Fingerprint.sha256(skeleton.parts[index].raw.text)
        }
        let preambleEnd = skeleton.parts.first.map { $0.line - 1 } ?? lines.count
        skeleton.preambleRaw = lines.text(from: 1, through: preambleEnd).text
        return .success(skeleton)
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
        [preambleDigest] + clauses.map(\.digest)
    }

    /// The title and preamble as a clause digest: the title stands for the heading.
    public var preambleDigest: ClauseDigest {
        ClauseDigest(key: Document.preambleKey, rawDigest: preambleRawDigest, fingerprint: preambleFingerprint,
                     bodyFingerprint: preambleFingerprint, bodyRawDigest: preambleRawDigest, number: nil, heading: title,
                     normalizedHeading: Fingerprint.fold(title))
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
        let lines = text.lines
        let end = min(lines.count, clauses[last].lines.upperBound)
        return lines[(clauses[first].lines.lowerBound - 1)..<end].joined(separator: "\n")
    }
}

extension String {
    /// The text's lines, split at "\n" (a "\r" before it stays on the line), by bytes.
    var lines: [Substring] {
        utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}

/// Digests already computed, by the SHA-256 of the raw clause text they belong to.
///
/// Used while reading many revisions of one document, where most clauses repeat.
public final class DigestMemo {
    var digests: [String: ClauseDigest] = [:]
    /// Whole clauses, for `Document.parse(text:memo:)`.
    var clauses: [String: Clause] = [:]
    var headings: [String: HeadingText] = [:]
    public init() {}
}

/// Where each line of a text starts, to cut out runs of lines without splitting the whole text.
struct LineIndex {
    private let bytes: [UInt8]
    /// Byte offset of each line's start; a final entry marks the end of the text.
    private var starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        starts.append(bytes.count + 1)
    }

    /// The number of lines ("a\n" has two: "a" and an empty one).
    var count: Int { starts.count - 1 }

    private func isBlank(_ line: Int) -> Bool {
        let end = starts[line] - 1
        return bytes[starts[line - 1]..<max(starts[line - 1], end)].allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }

    /// Lines `start` through `end` (1-based), without trailing blank lines, and how many there are.
    func text(from start: Int, through end: Int) -> (text: String, lineCount: Int) {
        guard start >= 1, start <= count else { return ("", 0) }
        var last = min(end, count)
        while last > start, isBlank(last) { last -= 1 }
        let lower = starts[start - 1], upper = max(lower, starts[last] - 1)
        return (String(decoding: bytes[lower..<upper], as: UTF8.self), last - start + 1)
    }
}

/// A parsed code of conduct: its front matter, its title, the preamble, and the clauses in
/// document order. Any UTF-8 Markdown text is one: every part may be missing.
///
/// - Front matter (YAML between `---` lines, TOML between `+++` lines, at the very start after
///   an optional byte order mark) is a part of its own, never Markdown (see `FrontMatter`).
/// - The title is the first heading when it is level 1, comes before every other heading and
///   no other heading is level 1; it belongs to the preamble. When several headings are level 1
///   a reader takes them as sections, so every heading is a clause and the title is only what
///   `title` names (front matter `title`, else the first heading's text).
/// - The preamble is every block before the first clause (the title among them); a text with no
///   heading at all is all preamble and has no clause.
///
/// The stored text is kept as it was written, byte for byte (byte order mark and line endings
/// included); `canonicalText` is the same document in one canonical Markdown spelling.
public struct Document: Sendable {
    /// The key under which the title and preamble appear in change summaries.
    public static let preambleKey = "(preamble)"
    /// The key under which the front matter appears in change summaries.
    public static let frontMatterKey = "(front matter)"
    /// Documents larger than this (16 MiB) are refused before parsing.
    public static let maximumSize = 16 << 20

    /// Whether a change-summary key names a part that is not a clause (front matter, preamble).
    public static func isPartKey(_ key: String) -> Bool { key == preambleKey || key == frontMatterKey }

    /// The document text as stored.
    public let text: String
    /// The front matter, when the text starts with one.
    public let frontMatter: FrontMatter?
    /// The title heading, as canonical inline Markdown (without `#` and any `{#id}`); nil when
    /// the text has no heading that is its title (see the type's rule).
    public let titleHeading: String?
    /// How many preamble blocks stand before the title heading.
    let titlePosition: Int
    public let preamble: [Block]
    let preambleSegments: [DiffBlock]
    public let clauses: [Clause]
    /// Digest of the title and preamble as written.
    public let preambleRawDigest: String
    /// Fingerprint of the title and preamble.
    public let preambleFingerprint: String

    /// The title a reader knows the document by: the title heading, else front matter `title`,
    /// else the first heading's text; empty when there is none of these (see `title(orName:)`).
    public var title: String {
        if let titleHeading { return titleHeading }
        if let value = frontMatter?["title"], !value.isEmpty { return value }
        return clauses.first?.heading.text ?? ""
    }

    /// The title, else `name` (the document's file name).
    public func title(orName name: String) -> String {
        let title = self.title
        return title.isEmpty ? name : title
    }

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
        let preambleFolded = Fingerprint.fold(skeleton.title ?? "") + "\n" + DiffBlock.foldedBody(preambleSegments)
        return Document(
            text: text, frontMatter: skeleton.frontMatter, titleHeading: skeleton.title, titlePosition: skeleton.titlePosition,
            preamble: preamble, preambleSegments: preambleSegments, clauses: clauses,
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
        let title = skeleton.title ?? ""
        var preamble = memo.digests[preambleRaw] ?? {
            let folded = Fingerprint.fold(title) + "\n" + DiffBlock.foldedBody(DiffBlock.blocks(of: collect(skeleton.preambleNodes)))
            let fingerprint = Fingerprint.sha256(folded)
            return ClauseDigest(key: preambleKey, rawDigest: preambleRaw, fingerprint: fingerprint, bodyFingerprint: fingerprint,
                                bodyRawDigest: preambleRaw, number: nil, heading: title,
                                normalizedHeading: Fingerprint.fold(title))
        }()
        memo.digests[preambleRaw] = preamble
        preamble.key = preambleKey
        var digests = skeleton.frontMatter.map { [$0.digest] } ?? []
        digests.append(preamble)
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

    /// The UTF-16 or UTF-32 encoding `bytes` are written in, by their byte order mark or, without
    /// one, by where the NUL bytes of ASCII text fall; nil when they read as neither.
    static func unicodeEncoding(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return "UTF-32LE" }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        let sample = bytes.prefix(512)
        guard sample.count >= 4, sample.count % 2 == 0 else { return nil }
        let even = stride(from: 0, to: sample.count, by: 2).filter { sample[sample.startIndex + $0] == 0 }.count
        let odd = stride(from: 1, to: sample.count, by: 2).filter { sample[sample.startIndex + $0] == 0 }.count
        let half = sample.count / 2
        if odd * 10 >= half * 9, even == 0 { return "UTF-16LE" }
        if even * 10 >= half * 9, odd == 0 { return "UTF-16BE" }
        return nil
    }

    static func validatedText(_ bytes: [UInt8]) throws(DocumentProblem) -> String {
        if bytes.count > maximumSize { throw .tooLarge(bytes.count) }
        if bytes.contains(0) { throw unicodeEncoding(of: bytes).map(DocumentProblem.otherEncoding) ?? .binary }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(offset: firstInvalidUTF8Offset(bytes))
        }
        return text
    }

    /// The document's structure: front matter, title, preamble and clause headings with their source text.
    struct Skeleton {
        struct Part {
            var heading: HeadingText
            var level: Int
            var line: Int
            var nodes: [Int] = []
            var raw: (text: String, lineCount: Int) = ("", 0)
            var rawDigest = ""
        }
        var frontMatter: FrontMatter?
        var title: String?
        var titlePosition = 0
        var preambleNodes: [Int] = []
        var preambleRaw = ""
        var parts: [Part] = []
        var parents: [Int?] = []
    }

    /// Parses `text` into its skeleton, converting the blocks of every clause — or, given a
    /// memo, only of the clauses whose raw text the memo cannot supply (`reusing` tells).
    private static func analyse(_ text: String, memo: DigestMemo?,
                                reusing: (DigestMemo, String) -> Bool) throws(DocumentProblem) -> (Skeleton, [Block?]) {
        var outcome: Result<Skeleton, DocumentProblem>?
        let parsed: ([MarkdownParser.NodeInfo], [Block?])
        let frontMatter = FrontMatter.read(text)
        do {
            parsed = try MarkdownParser.parse(markdownView(text, frontMatter: frontMatter)) { infos in
                outcome = skeleton(text, infos, frontMatter: frontMatter, memo: memo)
                guard let memo, case .success(let skeleton) = outcome else { return nil }
                var wanted = Set<Int>()
                if !reusing(memo, Fingerprint.sha256(skeleton.preambleRaw)) { wanted.formUnion(skeleton.preambleNodes) }
                for part in skeleton.parts where !reusing(memo, part.rawDigest) { wanted.formUnion(part.nodes) }
                return wanted
            }
        } catch {
            throw .tooDeep(MarkdownParser.maximumDepth)
        }
        return (try (outcome ?? skeleton(text, [], frontMatter: frontMatter, memo: memo)).get(), parsed.1)
    }

    /// What the Markdown parser reads of `text`: the same lines, with the front matter's lines
    /// left empty (it is not Markdown), without a byte order mark, and with a carriage return
    /// that ends no line read as a space (lines end at "\n", so every line number stays the file's).
    static func markdownView(_ text: String, frontMatter: FrontMatter?) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            changed = true
        }
        if let frontMatter {
            var newlines = 0, end = 0
            while end < bytes.count, newlines < frontMatter.lineCount {
                if bytes[end] == UInt8(ascii: "\n") { newlines += 1 }
                end += 1
            }
            let blank = [UInt8](repeating: UInt8(ascii: "\n"), count: newlines)
            bytes.replaceSubrange(0..<end, with: blank)
            changed = true
        }
        for index in bytes.indices where bytes[index] == 13 && (index + 1 == bytes.count || bytes[index + 1] != 10) {
            bytes[index] = 32
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    private static func skeleton(_ text: String, _ infos: [MarkdownParser.NodeInfo], frontMatter: FrontMatter?,
                                 memo: DigestMemo?) -> Result<Skeleton, DocumentProblem> {
        let lines = LineIndex(text)
        var skeleton = Skeleton()
        skeleton.frontMatter = frontMatter
        // The first heading is the title when it is level 1 and no other heading is.
        var titleIndex: Int?
        if let first = infos.firstIndex(where: { $0.headingLevel != nil }), infos[first].headingLevel == 1,
           !infos[(first + 1)...].contains(where: { $0.headingLevel == 1 }) {
            titleIndex = first
            let titleHeading = HeadingText(parsing: CanonicalRenderer.inlineText(infos[first].headingContent, lineStart: false))
            skeleton.title = [titleHeading.number, titleHeading.text].compactMap { $0 }.joined(separator: " ")
        }

        var seen: [String: Int] = [:]
        for (index, info) in infos.enumerated() where index != titleIndex {
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
                if let titleIndex, index < titleIndex { skeleton.titlePosition += 1 }
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
        let preambleStart = (frontMatter?.lineCount ?? 0) + 1
        skeleton.preambleRaw = preambleStart > preambleEnd ? "" : lines.text(from: preambleStart, through: preambleEnd).text
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

    /// The digests of the front matter (when there is one), the preamble and every clause, the
    /// unit of a change summary.
    public var digests: [ClauseDigest] {
        (frontMatter.map { [$0.digest] } ?? []) + [preambleDigest] + clauses.map(\.digest)
    }

    /// The title and preamble as a clause digest: the title stands for the heading.
    public var preambleDigest: ClauseDigest {
        ClauseDigest(key: Document.preambleKey, rawDigest: preambleRawDigest, fingerprint: preambleFingerprint,
                     bodyFingerprint: preambleFingerprint, bodyRawDigest: preambleRawDigest, number: nil,
                     heading: titleHeading ?? "", normalizedHeading: Fingerprint.fold(titleHeading ?? ""))
    }

    // MARK: Rendering

    /// The document in canonical Markdown, its front matter as stored (it is not Markdown).
    /// `canonical(parse(canonical(x))) == canonical(x)`.
    public var canonicalText: String {
        let renderer = CanonicalRenderer()
        var parts: [String] = []
        if let frontMatter { parts.append(frontMatter.canonicalText) }
        if titlePosition > 0 { parts.append(renderer.render(Array(preamble.prefix(titlePosition)))) }
        if let titleHeading { parts.append(renderer.heading(level: 1, text: titleHeading)) }
        if preamble.count > titlePosition { parts.append(renderer.render(Array(preamble.dropFirst(titlePosition)))) }
        for index in clauses.indices { parts.append(canonicalText(ofClause: index)) }
        return parts.isEmpty ? "" : parts.joined(separator: "\n\n") + "\n"
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

    func isBlank(_ line: Int) -> Bool {
        let end = starts[line] - 1
        return bytes[starts[line - 1]..<max(starts[line - 1], end)].allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }

    /// Lines `start` through `end` (1-based) joined by single spaces, each as written.
    func joined(from start: Int, through end: Int) -> String {
        guard start >= 1, start <= end, end <= count else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(starts[end] - starts[start - 1])
        for line in start...end {
            if line > start { out.append(32) }
            out.append(contentsOf: bytes[starts[line - 1]..<max(starts[line - 1], starts[line] - 1)])
        }
        return String(decoding: out, as: UTF8.self)
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

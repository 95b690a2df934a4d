/// A heading-delimited part of a document: its heading, its own blocks (not those of the
/// clauses nested under it) and the digests that tell editorial from substantive change.
public struct Clause: Sendable, Hashable {
    /// The stable id from `{#id}`; nil only in text that has not been given ids yet.
    public var id: String? { heading.id }
    public let level: Int
    public let heading: HeadingText
    public let blocks: [Block]
    /// Index in `Document.clauses` of the enclosing clause (a lower heading level), if any.
    public let parent: Int?
    /// 1-based source lines: the heading's line through the last line before the next heading.
    public let lines: ClosedRange<Int>
    /// The source text of the clause exactly as stored (heading and own blocks).
    public let rawText: String
    /// Folded heading text without number or id, used to match headings across revisions.
    public let normalizedHeading: String
    /// The body's blocks in canonical Markdown, folded (white space, case, typographic variants).
    public let foldedBody: String
    /// The body's blocks as comparisons see them, each list item on its own.
    let segments: [DiffBlock]
    /// SHA-256 of the normalised heading and body: equal fingerprints mean an editorial change.
    public let fingerprint: String
    /// SHA-256 of the normalised body alone (a renamed heading keeps it).
    public let bodyFingerprint: String
    /// SHA-256 of `rawText`: any byte that changed, editorial or not.
    public let rawDigest: String

    /// SHA-256 of the clause's stored text after its heading.
    public let bodyRawDigest: String

    /// The same clause at another place in a document.
    func placed(parent: Int?, lines: ClosedRange<Int>) -> Clause {
        Clause(level: level, heading: heading, blocks: blocks, parent: parent, lines: lines, rawText: rawText,
               normalizedHeading: normalizedHeading, foldedBody: foldedBody, segments: segments, fingerprint: fingerprint,
               bodyFingerprint: bodyFingerprint, rawDigest: rawDigest, bodyRawDigest: bodyRawDigest)
    }

    /// The first twelve hex digits of the fingerprint, as shown in listings.
    public var shortFingerprint: String { String(fingerprint.prefix(12)) }

    /// The clause's digest for change summaries.
    public var digest: ClauseDigest {
        ClauseDigest(key: id ?? "", rawDigest: rawDigest, fingerprint: fingerprint, bodyFingerprint: bodyFingerprint,
                     bodyRawDigest: bodyRawDigest, number: heading.number, heading: heading.text,
                     normalizedHeading: normalizedHeading, level: level)
    }

    /// The stored text after the heading line (two lines for an underlined heading).
    /// Lines end at "\n" (found by bytes: "\r\n" is one Character), so CRLF text splits alike.
    static func bodyText(ofRaw text: String) -> Substring {
        let newline = UInt8(ascii: "\n")
        guard let firstBreak = text.utf8.firstIndex(of: newline) else { return "" }
        var rest = text[text.utf8.index(after: firstBreak)...]
        let secondBreak = rest.utf8.firstIndex(of: newline) ?? rest.endIndex
        let line = rest[..<secondBreak].trimmingSuffix(while: \.isWhitespace).drop { $0 == " " }
        if !line.isEmpty, line.allSatisfy({ $0 == "=" }) || line.allSatisfy({ $0 == "-" }) {
            rest = secondBreak < rest.endIndex ? rest[rest.utf8.index(after: secondBreak)...] : ""
        }
        return rest
    }
}

/// What one revision contributes to a change summary for each part of its document: enough
/// to classify a change of a clause that kept its id without the clause's text.
public struct ClauseDigest: Sendable, Hashable, Codable {
    /// The clause id, or `Document.preambleKey` for the title and preamble.
    public var key: String
    /// SHA-256 of the clause's stored text.
    public var rawDigest: String
    public var fingerprint: String
    /// Fingerprint of the body alone, and SHA-256 of the body's stored text.
    public var bodyFingerprint: String
    public var bodyRawDigest: String
    /// The heading's number and text as written (for the preamble: the title).
    public var number: String?
    public var heading: String
    /// The heading folded: equal when only its form changed.
    public var normalizedHeading: String
    /// The heading's level (2 for `##`); 0 for the preamble. Not part of the fingerprint: a change
    /// of it is a change of structure (`restructured`), judged apart from the text.
    public var level: Int = 0
}

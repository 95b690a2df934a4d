/// Why a text cannot be kept as a code of conduct document.
public enum DocumentProblem: Error, Sendable, Equatable {
    case binary
    /// Text in another Unicode encoding (`UTF-16LE`, `UTF-16BE`, `UTF-32LE`, `UTF-32BE`).
    case otherEncoding(String)
    case notUTF8(offset: Int)
    case tooLarge(Int)
    case tooDeep(Int)
    case invalidID(String, line: Int, heading: String)
    case duplicateID(String, lines: [Int])
    case missingID(heading: String, line: Int)

    /// What is wrong and how to put it right, in one or two sentences.
    public var explanation: String {
        switch self {
        case .binary:
            return "it is a binary file (it contains NUL bytes); give a Markdown text file"
        case .otherEncoding(let encoding):
            return "it is \(encoding) text, not UTF-8; save it as UTF-8 (for example: iconv -f \(encoding) -t UTF-8 FILE > FILE.utf8.md)"
        case .notUTF8(let offset):
            return "it is not valid UTF-8 (first bad byte at offset \(offset)); save it as UTF-8"
        case .tooLarge(let size):
            return "it is \(size) bytes, more than the \(Document.maximumSize) bytes (16 MiB) a document may have; split it or shorten it"
        case .tooDeep(let depth):
            return "it nests lists, quotes or inline elements more than \(depth) levels deep; flatten the nesting"
        case .invalidID(let id, let line, let heading):
            return "the heading '\(heading)' on line \(line) has the id '\(id)', but ids are letters, digits, marks, '-', '_' and '.', starting with a letter or digit, without '..' and at most \(HeadingText.maximumIDBytes) bytes; write it as {#\(HeadingText.slug(id).isEmpty ? "clause" : HeadingText.slug(id))}"
        case .duplicateID(let id, let lines):
            return "the id '\(id)' is used by more than one heading (lines \(lines.map(String.init).joined(separator: " and "))); give each heading its own id"
        case .missingID(let heading, let line):
            return "the heading '\(heading)' on line \(line) has no {#id}"
        }
    }
}

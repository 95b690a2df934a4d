/// The most a ledger record may hold. A record over any of them is refused when it is made,
/// quarantined when a remote offers it, and skipped (with a warning) when a store already holds
/// it; its size is checked before its bytes are read, so a huge blob costs nothing to refuse.
public enum RecordLimits {
    /// A record's canonical JSON: 1 MiB.
    public static let maximumBytes = 1 << 20
    /// One string inside a record (UTF-8 bytes): 256 KiB, well above a comment's message limit
    /// (`Store.maximumCommentBytes`, 64 KiB).
    public static let maximumStringBytes = 256 << 10
    /// Objects and arrays nested in one another.
    public static let maximumDepth = 64

    /// The limit `value` exceeds, said in words; nil when it fits.
    static func problem(_ value: JSONValue, depth: Int = 1) -> String? {
        switch value {
        case .string(let text):
            return text.utf8.count > maximumStringBytes ? stringProblem(text.utf8.count) : nil
        case .array(let values):
            if depth > maximumDepth { return depthProblem }
            for value in values { if let problem = problem(value, depth: depth + 1) { return problem } }
            return nil
        case .object(let members):
            if depth > maximumDepth { return depthProblem }
            for (key, value) in members {
                if key.utf8.count > maximumStringBytes { return stringProblem(key.utf8.count) }
                if let problem = problem(value, depth: depth + 1) { return problem }
            }
            return nil
        default:
            return nil
        }
    }

    static func sizeProblem(_ size: Int) -> String {
        "it is \(size) bytes, over the \(maximumBytes)-byte limit of a record"
    }

    static func stringProblem(_ size: Int) -> String {
        "it holds a string of \(size) bytes, over the \(maximumStringBytes)-byte limit"
    }

    static let depthProblem = "it nests objects or arrays more than \(maximumDepth) deep"
}

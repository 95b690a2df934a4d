#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Git

/// An adopted revision: a commit on `refs/heads/main` and what its trailers say of it.
public struct Revision: Sendable, Hashable {
    public let commit: CommitID
    public let version: Version?
    public let author: Identity
    public let date: Timestamp
    /// The commit message without its trailers.
    public let message: String
    /// `Conduct-Change` as written: `substantive` or `editorial`.
    public let change: String?
    public let proposal: String?
    /// Adopted as non-material (`Conduct-Non-Material: true`): its changes leave attestations current.
    public let nonMaterial: Bool
    /// Why it was adopted although the adoption rule's consultation window was open
    /// (`Conduct-Override: REASON`), when the secretariat overrode it.
    public let override: String?
    /// The approval records the adoption relied on (`Conduct-Approval` trailers).
    public let approvals: [String]
    public let parent: CommitID?
    let tree: ObjectID

    /// A name given by how the revision was reached (a proposal id), shown instead of the version.
    public var name: String?

    /// `v1.2`, or the short commit id for a revision without a version.
    public var label: String { name ?? version?.label ?? String(commit.hex.prefix(7)) }

    init(_ commit: Commit) {
        let (message, trailers) = CommitMessage.split(commit.message)
        self.commit = CommitID(commit.id)
        self.version = trailers["Conduct-Version"].flatMap(Version.init)
        self.change = trailers["Conduct-Change"]
        self.proposal = trailers["Conduct-Proposal"]
        self.nonMaterial = trailers["Conduct-Non-Material"] == "true"
        self.override = trailers["Conduct-Override"]
        self.approvals = trailers["Conduct-Approval"].map { $0.split(separator: "\n").map(String.init) } ?? []
        self.author = Identity(name: commit.author.name, email: commit.author.email)
        self.date = Timestamp(seconds: commit.author.time, offsetMinutes: commit.author.offsetMinutes)
        self.message = message
        self.parent = commit.parents.first.map(CommitID.init)
        self.tree = commit.tree
    }
}

/// Commit messages with `Key: value` trailers in their last paragraph, as `git interpret-trailers` reads them.
enum CommitMessage {
    static func compose(_ message: String, trailers: [(String, String)]) -> String {
        let body = message.trimmingSuffix(while: \.isWhitespace)
        let block = trailers.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
        return body + "\n\n" + block + "\n"
    }

    /// The message without its trailer paragraph, and the trailers it had.
    static func split(_ raw: String) -> (message: String, trailers: [String: String]) {
        let text = raw.trimmingSuffix(while: \.isWhitespace)
        // The last paragraph starts after the last blank line.
        var cursor = text.endIndex
        var range: Range<Substring.Index>?
        while cursor > text.startIndex {
            let previous = text.index(before: cursor)
            if text[previous] == "\n", previous > text.startIndex, text[text.index(before: previous)] == "\n" {
                range = text.index(before: previous)..<cursor
                break
            }
            cursor = previous
        }
        guard let range else { return (String(text), [:]) }
        let last = text[range.upperBound...]
        var trailers: [String: String] = [:]
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                  line[..<colon].first?.isLetter == true else {
                return (String(text), [:])
            }
            // A trailer given more than once (Conduct-Approval) keeps every value, one per line.
            let value = line[line.index(after: colon)...].trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace).description
            trailers[String(line[..<colon]), default: ""] += trailers[String(line[..<colon])] == nil ? value : "\n" + value
        }
        return (String(text[..<range.lowerBound]), trailers)
    }
}

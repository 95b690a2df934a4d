/// One plain-text e-mail message, as RFC 5322 and MIME write it: the bytes a mail client or
/// `sendmail -t` takes as they are. conduct writes messages and sends none.
///
/// The text is UTF-8 sent as 8bit; header values that are not ASCII are RFC 2047
/// encoded-words, headers are folded and no line passes 998 octets (a longer line of text is
/// cut, between characters).
public struct MailMessage: Sendable, Hashable {
    public var from: Identity
    public var to: Identity
    public var subject: String
    public var date: Timestamp
    /// The Message-ID without its angle brackets: `local@domain`.
    public var messageID: String
    /// The text, lines ended by `\n`.
    public var body: String

    public init(from: Identity, to: Identity, subject: String, date: Timestamp, messageID: String, body: String) {
        (self.from, self.to, self.subject, self.date, self.messageID, self.body) = (from, to, subject, date, messageID, body)
    }

    public enum LineEnding: String, Sendable {
        /// What RFC 5322 and a `.eml` file use.
        case crlf = "\r\n"
        /// What an mbox file uses.
        case lf = "\n"
    }

    /// RFC 5322 allows at most this many octets on a line, its line end left out.
    public static let lineLimit = 998

    /// The header lines, each without its line end.
    public var headerLines: [String] {
        MailHeader.field("From", MailHeader.mailbox(from)) + MailHeader.field("To", MailHeader.mailbox(to))
            + MailHeader.field("Subject", MailHeader.unstructured(subject))
            + ["Date: " + MailHeader.date(date), "Message-ID: <" + messageID + ">", "MIME-Version: 1.0",
               "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
               // A reminder is written by a program: no vacation notice should answer it (RFC 3834).
               "Auto-Submitted: auto-generated"]
    }

    /// The lines of the text, none longer than `lineLimit` octets, without control characters
    /// other than tabs, and none a lone `.`.
    public var bodyLines: [String] {
        var lines: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = String(line.unicodeScalars.filter { $0 == "\t" || $0.properties.generalCategory != .control })
            while rest.utf8.count > Self.lineLimit {
                var cut = rest.startIndex, bytes = 0
                for index in rest.unicodeScalars.indices {
                    let size = String(rest.unicodeScalars[index]).utf8.count
                    if bytes + size > Self.lineLimit { break }
                    bytes += size
                    cut = rest.unicodeScalars.index(after: index)
                }
                lines.append(String(rest.unicodeScalars[..<cut]))
                rest = String(rest.unicodeScalars[cut...])
            }
            // `sendmail -t` (without -i) takes a line of one dot for the end of the message.
            lines.append(rest == "." ? ". " : rest)
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The message: its header, a blank line, its text, every line ended by `lineEnding`.
    /// `quotingFrom` escapes text lines that start with `From ` (after any `>`) with one more
    /// `>`, as an mbox (mboxrd) needs.
    public func rendered(lineEnding: LineEnding = .crlf, quotingFrom: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        let end = Array(lineEnding.rawValue.utf8)
        for line in headerLines {
            out += Array(line.utf8)
            out += end
        }
        out += end
        for line in bodyLines {
            if quotingFrom, line.drop(while: { $0 == ">" }).hasPrefix("From ") { out.append(UInt8(ascii: ">")) }
            out += Array(line.utf8)
            out += end
        }
        return out
    }
}

/// Messages in one mbox file, as mail readers (mutt, Thunderbird, Python's `mailbox`) take
/// it: each message after a `From ` line, with LF line ends, and every text line that starts
/// with `From ` (after any `>`) quoted with one more `>` (mboxrd), so it cannot start a message.
public enum Mailbox {
    public static func mbox(_ messages: [MailMessage]) -> [UInt8] {
        var out: [UInt8] = []
        for message in messages {
            let sender = MailHeader.isAddress(message.from.email) ? message.from.email : "MAILER-DAEMON"
            out += Array("From \(sender) \(MailHeader.asctime(message.date))\n".utf8)
            out += message.rendered(lineEnding: .lf, quotingFrom: true)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}

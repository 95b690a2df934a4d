/// A message to one representative of a signatory, about where the signatory stands at a
/// revision: what `conduct remind` writes, one per representative with an e-mail address.
public struct Reminder: Sendable {
    /// The signatory's row of `status` at the revision read.
    public var status: AttestationStatus
    public var representative: Identity
    /// The representative's place in the signatory's list, from 1.
    public var number: Int
    public var message: MailMessage

    public var signatory: Signatory { status.signatory }

    /// `SIGNATORY--N.eml`: the same name for the same representative every time. Anything but
    /// a letter, digit, `.`, `_` or `-` in the id becomes `_`, so the name is one file's.
    public var fileName: String {
        let id = String(signatory.id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        return (id.hasPrefix(".") ? "_" + id.dropFirst() : id) + "--\(number).eml"
    }

    /// The start of every Message-ID a reminder has, so a file that holds one can be told
    /// from any other (`MailMessage.messageID` without it is a digest).
    public static let messageIDPrefix = "conduct-remind."
}

/// The reminders for the signatories in some states at one revision.
public struct ReminderReport: Sendable {
    /// The revision the signatories were judged at.
    public var revision: Revision
    public var reminders: [Reminder]
    /// Signatories in the states asked for that no message can reach: none of their
    /// representatives has an e-mail address.
    public var unreachable: [Signatory]
    /// Representatives of signatories that do get messages whose e-mail address no header can
    /// carry (not `local@domain` in ASCII).
    public var unaddressed: [(signatory: Signatory, representative: Identity)] = []

    /// How many signatories the messages are about.
    public var signatories: Int { Set(reminders.map(\.signatory.id)).count }
    /// How many people they go to (one address may represent several signatories).
    public var representatives: Int { Set(reminders.map { $0.representative.email.lowercased() }).count }
}

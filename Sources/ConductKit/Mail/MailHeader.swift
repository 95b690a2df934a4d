#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Header fields as RFC 5322 writes them: folded before a line passes 76 octets (the limit
/// RFC 2047 sets for a line with encoded-words, inside RFC 5322's 78), and any text that is not
/// printable ASCII carried as RFC 2047 encoded-words (`=?utf-8?B?…?=`), since a header may
/// hold nothing else.
enum MailHeader {
    static let lineLimit = 76

    /// A piece of a field's value: an atom is written as it is and never broken; text is
    /// written as encoded-words, split between characters as the lines need.
    enum Piece {
        case atom(String)
        case encoded(String)
    }

    /// The field's lines, without line ends: `Name: value`, then continuation lines that start
    /// with a space.
    static func field(_ name: String, _ pieces: [Piece]) -> [String] {
        var lines: [String] = []
        var line = name + ":"
        var onLine = 0
        func add(_ piece: String) {
            if onLine > 0, line.utf8.count + 1 + piece.utf8.count > lineLimit {
                lines.append(line)
                line = ""
                onLine = 0
            }
            line += " " + piece
            onLine += 1
        }
        for piece in pieces {
            switch piece {
            case .atom(let atom):
                add(atom)
            case .encoded(let text):
                var chunk: [UInt8] = []
                for scalar in text.unicodeScalars {
                    let bytes = Array(String(scalar).utf8)
                    // The longest word the current line still takes, else a fresh line's.
                    let room = lineLimit - line.utf8.count - 1
                    let longest = min(75, onLine == 0 || room >= 20 ? room : lineLimit - 1)
                    if !chunk.isEmpty, encodedLength(chunk.count + bytes.count) > longest {
                        add(encodedWord(chunk))
                        chunk = []
                    }
                    chunk += bytes
                }
                if !chunk.isEmpty { add(encodedWord(chunk)) }
            }
        }
        lines.append(line)
        return lines
    }

    /// The length of the encoded-word that carries `count` octets in base64.
    private static func encodedLength(_ count: Int) -> Int { 12 + (count + 2) / 3 * 4 }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Free text (a subject): printable ASCII words as they are, every run of other words as
    /// encoded-words. Control characters and line breaks become spaces: a header field holds
    /// one line of text.
    static func unstructured(_ text: String) -> [Piece] {
        runs(clean(text), plain: isPlainWord)
    }

    /// A mailbox, `Name <address>`: an ASCII name as atoms or a quoted string, any other as
    /// atoms and encoded-words.
    static func mailbox(_ identity: Identity) -> [Piece] {
        let name = clean(identity.name)
        let address = Piece.atom("<" + identity.email + ">")
        guard !name.isEmpty else { return [address] }
        let atext = "!#$%&'*+-/=?^_`{|}~"
        let isAtom = { (word: String) in
            isPlainWord(word) && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || atext.contains($0)) }
        }
        let words = name.split(separator: " ").map(String.init)
        if words.allSatisfy(isAtom) { return words.map(Piece.atom) + [address] }
        if words.allSatisfy(isPlainWord) {
            let quoted = "\"" + name.map { $0 == "\\" || $0 == "\"" ? "\\" + String($0) : String($0) }.joined() + "\""
            if quoted.utf8.count + 2 <= lineLimit { return [.atom(quoted), address] }
        }
        return runs(name, plain: isAtom) + [address]
    }

    /// The words of `text`, those `plain` takes as atoms, every run of the others (with the
    /// spaces inside it) as one piece of encoded text. A plain word beside an encoded-word
    /// keeps the space between them for every reader, so only the text that needs it is encoded.
    private static func runs(_ text: String, plain: (String) -> Bool) -> [Piece] {
        var pieces: [Piece] = [], run: [String] = []
        for word in text.split(separator: " ").map(String.init) {
            if plain(word) {
                if !run.isEmpty { pieces.append(.encoded(run.joined(separator: " "))) }
                run = []
                pieces.append(.atom(word))
            } else {
                run.append(word)
            }
        }
        if !run.isEmpty { pieces.append(.encoded(run.joined(separator: " "))) }
        return pieces
    }

    /// Printable ASCII that no reader could take for an encoded-word, short enough for a line.
    private static func isPlainWord(_ word: String) -> Bool {
        word.utf8.count <= lineLimit - 12 && !word.contains("=?")
            && word.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// The text on one line, with single spaces.
    private static func clean(_ text: String) -> String {
        text.map { $0.isWhitespace || $0.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) ? " " : String($0) }
            .joined().split(separator: " ").joined(separator: " ")
    }

    /// Whether `address` is a plain `local@domain` that an ASCII header can carry as it is.
    static func isAddress(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at], domain = address[address.index(after: at)...]
        let forbidden = Set("()<>[]:;@\\,\"")
        return !local.isEmpty && !domain.isEmpty && address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
            && !local.contains(where: forbidden.contains) && isDomain(domain)
    }

    /// Letters, digits, `-` and `.`: a domain name.
    static func isDomain(_ text: Substring) -> Bool {
        !text.isEmpty && !text.hasPrefix(".") && !text.hasSuffix(".") && !text.contains("..")
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }

    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 5322's date in the writer's zone: `Fri, 04 Dec 2026 03:56:29 +0100`.
    static func date(_ time: Timestamp) -> String {
        let local = time.seconds + Int64(time.offsetMinutes) * 60
        let (year, month, day, seconds) = Timestamp.parts(local)
        let offset = abs(Int(time.offsetMinutes))
        return "\(weekday(local)), \(pad(Int(day))) \(months[Int(month) - 1]) \(year) "
            + "\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60)) "
            + (time.offsetMinutes < 0 ? "-" : "+") + pad(offset / 60) + pad(offset % 60)
    }

    /// The date of an mbox `From ` line, as C's asctime writes it, in UTC: `Fri Dec  4 03:56:29 2026`.
    static func asctime(_ time: Timestamp) -> String {
        let (year, month, day, seconds) = Timestamp.parts(time.seconds)
        let dayText = day < 10 ? " \(day)" : "\(day)"
        return "\(weekday(time.seconds)) \(months[Int(month) - 1]) \(dayText) "
            + "\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60)) \(year)"
    }

    /// 1970-01-01 was a Thursday.
    private static func weekday(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return self.days[Int(((days % 7) + 7) % 7)]
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

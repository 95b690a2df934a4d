import ConductKit
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where `conduct remind` puts its messages: one `.eml` file each in a folder, or one mbox.
///
/// Only files that hold reminders (their Message-ID says so) are ever replaced or removed, so
/// a folder or file of the user's own is never written over.
enum ReminderFiles {
    /// Writes each message to `DIR/SIGNATORY--N.eml` with CRLF line ends, making DIR when it is
    /// missing, and removes the reminders an earlier run left there that this run does not
    /// write again. Returns the paths written.
    static func writeFolder(_ reminders: [Reminder], to given: String, store: String) throws -> [String] {
        var folder = given
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        func refuse(_ reason: String, _ way: String) -> CommandFailure {
            CommandFailure(message: "cannot write reminders into '\(given)': \(reason); \(way)")
        }
        guard !folder.isEmpty else { throw refuse("the path is empty", "name a folder with --out DIR") }
        if isInside(folder, store) { throw refuse("it is inside the store", "choose a folder outside it") }
        switch FileKind(atPath: folder) {
        case .file, .other:
            throw refuse("it is a file", "name a folder with --out DIR, or write one mbox file with --mbox FILE")
        case .missing:
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw refuse("the folder cannot be made (\(error))", "choose another --out")
            }
        case .directory:
            break
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let foreign = entries.filter { !holdsReminder(folder + "/" + $0) }
        guard foreign.isEmpty else {
            throw refuse("it holds files that 'conduct remind' did not write (\(foreign.prefix(5).joined(separator: ", "))"
                         + (foreign.count > 5 ? ", …" : "") + ")", "choose a new or empty folder")
        }
        var written: [String] = []
        for reminder in reminders {
            let path = folder + "/" + reminder.fileName
            try write(reminder.message.rendered(lineEnding: .crlf), to: path)
            written.append(path)
        }
        let names = Set(reminders.map(\.fileName))
        for entry in entries where !names.contains(entry) {
            try? FileManager.default.removeItem(atPath: folder + "/" + entry)
        }
        return written
    }

    /// Writes every message into one mbox file, replacing one that holds reminders only; `-`
    /// writes it to standard output.
    static func writeMailbox(_ reminders: [Reminder], to path: String, store: String) throws {
        let bytes = Mailbox.mbox(reminders.map(\.message))
        guard path != "-" else { return Terminal.writeBytes(bytes) }
        if isInside(path, store) {
            throw CommandFailure(message: "cannot write reminders into '\(path)': it is inside the store; choose a file outside it")
        }
        switch FileKind(atPath: path) {
        case .missing:
            break
        case .directory, .other:
            throw CommandFailure(message: "cannot write reminders into '\(path)': it is not a file; name a new file with --mbox FILE, or a folder with --out DIR")
        case .file:
            let old = FileManager.default.contents(atPath: path).map(Array.init) ?? []
            guard isReminderMailbox(old) else {
                throw CommandFailure(message: "cannot write reminders into '\(path)': it holds mail that 'conduct remind' did not write; name a new file with --mbox FILE")
            }
        }
        try write(bytes, to: path)
    }

    /// What was written and to whom, and each signatory that no message could reach, on standard error.
    static func summarise(_ report: ReminderReport, into target: String) {
        for signatory in report.unreachable {
            let addresses = signatory.representatives.map { "'\($0.email)'" }
            Terminal.note("no reminder for \(signatory.id) (\(signatory.name)): "
                          + (addresses.isEmpty ? "it has no representative"
                             : "none of its representatives has an e-mail address (\(addresses.joined(separator: ", ")))"))
        }
        for (signatory, representative) in report.unaddressed {
            Terminal.note("no reminder for \(representative) of \(signatory.id): '\(representative.email)' is not an e-mail address")
        }
        var line = "wrote \(report.reminders.count.counting("message")) to \(report.representatives.counting("representative")) of "
            + "\(report.signatories.counting("signatory", plural: "signatories")) at \(report.revision.label) into \(target)"
        if !report.unreachable.isEmpty {
            line += "; \(report.unreachable.count.counting("signatory", plural: "signatories")) without an e-mail address got none"
        }
        Terminal.note(line)
    }

    /// Whether `path` (which may not exist yet) is `store` or lies inside it: remind writes
    /// nothing into a store.
    private static func isInside(_ path: String, _ store: String) -> Bool {
        func resolved(_ path: String) -> String? {
            guard let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return String(cString: real)
        }
        var existing = path, rest: [String] = []
        while resolved(existing) == nil, let slash = existing.lastIndex(of: "/") {
            rest.insert(String(existing[existing.index(after: slash)...]), at: 0)
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
        if resolved(existing) == nil { (existing, rest) = (".", [existing] + rest) }
        guard let base = resolved(existing), let root = resolved(store) else { return false }
        let full = ([base == "/" ? "" : base] + rest).joined(separator: "/")
        return full == root || full.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Writes `bytes` beside `path` and renames them onto it, so a reader never sees half a file.
    private static func write(_ bytes: [UInt8], to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let staging = (slash.map { String(path[...$0]) } ?? "") + "." + (slash.map { String(path[path.index(after: $0)...]) } ?? path)
            + ".writing-\(getpid())"
        func failure() -> CommandFailure {
            let reason = String(cString: strerror(errno))
            unlink(staging)
            return CommandFailure(message: "cannot write '\(path)': \(reason)")
        }
        let descriptor = open(staging, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let error = failure()
                close(descriptor)
                throw error
            }
            offset += written
        }
        guard close(descriptor) == 0, rename(staging, path) == 0 else { throw failure() }
    }

    /// Whether the file at `path` is a message `conduct remind` wrote: a `.eml` file whose
    /// header has a reminder's Message-ID.
    private static func holdsReminder(_ path: String) -> Bool {
        guard path.hasSuffix(".eml"), FileKind(atPath: path) == .file,
              let data = FileManager.default.contents(atPath: path) else { return false }
        var header = true
        return messageIDs(in: Array(data), header: &header) == 1
    }

    /// Whether `bytes` is an mbox of reminders only (or empty): every message after a `From `
    /// line has a reminder's Message-ID in its header.
    private static func isReminderMailbox(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard bytes.starts(with: Array("From ".utf8)) else { return false }
        var header = false, messages = 0, marked = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.starts(with: Array("From ".utf8)) {
                messages += 1
                header = true
            } else if header {
                marked += messageIDs(in: Array(line), header: &header)
            }
        }
        return messages == marked
    }

    /// How many lines of a header (up to its blank line, which clears `header`) are a
    /// reminder's Message-ID.
    private static func messageIDs(in bytes: [UInt8], header: inout Bool) -> Int {
        let marker = Array(("message-id: <" + Reminder.messageIDPrefix).utf8)
        var found = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            guard header else { break }
            let text = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            if text.isEmpty { header = false; break }
            let lower = text.prefix(marker.count).map { (65...90).contains($0) ? $0 + 32 : $0 }
            if lower.elementsEqual(marker) { found += 1 }
        }
        return found
    }
}

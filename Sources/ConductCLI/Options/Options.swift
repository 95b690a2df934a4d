import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--store PATH`, shared by every command that reads or writes a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store to use (default: $CONDUCT_STORE, else the current directory).", valueName: "PATH"))
    var store: String?

    private func locate() throws -> Store {
        SkippedRecords.watch(try Store.locate(
            explicit: store, environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath))
    }

    /// The store for a command that only reads.
    func open() throws -> Store {
        let opened = try locate()
        if !opened.isAdopted {
            // Commands that write open with openForWriting, which refuses it; this says what was found.
            Terminal.note("note: \(opened.displayPath) is a git repository conduct did not create or adopt; reading it only")
        }
        return opened
    }

    /// The store for a command that writes: a repository conduct did not create or adopt is
    /// refused here, before anything is read or written (ConductKit's write paths check again).
    func openForWriting() throws -> Store {
        let opened = try locate()
        try opened.requireWritable()
        return opened
    }
}

/// `--format text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--format text|json|csv`, for the listings of one row per item (`status`, `signatory list`,
/// `comments`, `proposals`, `log`); the other reports do not fit a table and take `OutputFormat`.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// Who writes and when: `--as` and `--date`, shared by the commands that write.
struct AuthorshipOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who writes, as 'NAME <EMAIL>' (default: git config user.name and user.email).", valueName: "IDENTITY"))
    var identity: String?

    @Option(help: ArgumentHelp("When it was decided: YYYY-MM-DD or ISO 8601 (default: now).", valueName: "DATE"))
    var date: String?

    func authorship(store: Store?) throws -> Authorship {
        try Self.authorship(identity: identity, date: date, store: store)
    }

    /// Who writes (`identity`, else git's user) and when (`date`, else now), for a command that
    /// names these options otherwise (`approve --by`, where `--as` names the signatory).
    static func authorship(identity: String?, date: String?, store: Store?) throws -> Authorship {
        let author: Identity
        if let identity {
            author = try Identity(parsing: identity)
        } else if let found = try Store.defaultIdentity(near: store) {
            author = found
        } else {
            throw ConductError.noIdentity
        }
        let when = try date.map { try Timestamp(parsing: $0) } ?? Timestamp.now
        if let date { try ClockSkew.requireNotFuture(when, given: date) }
        return Authorship(author: author, date: when)
    }
}

/// Reads a file the user named (`-` for standard input), with a message that names the file.
func readInput(_ path: String) throws -> [UInt8] {
    if path == "-" {
        return Terminal.readStandardInput()
    }
    switch FileKind(atPath: path) {
    case .missing: throw ConductError.unreadableFile(path: path, reason: "no such file")
    case .directory: throw ConductError.unreadableFile(path: path, reason: "it is a directory")
    case .file, .other: break
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ConductError.unreadableFile(path: path, reason: "permission denied or unreadable")
    }
    return Array(data)
}

extension Timestamp {
    /// This moment, to the millisecond.
    static var now: Timestamp {
        let now = Date().timeIntervalSince1970
        return Timestamp(seconds: Int64(now), milliseconds: Int((now - now.rounded(.down)) * 1000))
    }
}

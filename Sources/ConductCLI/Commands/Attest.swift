import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Attest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign an attestation that a signatory adheres to a revision (whole, or named clauses).",
            discussion: """
                The attestation is an SSHSIG signature (namespace conduct-attestation) over the record without \
                its signature: signatory, revision commit, document SHA-256, the clause fingerprints in scope, \
                time and statement. ssh-keygen -Y verify checks it. Keys are unencrypted OpenSSH Ed25519 keys, \
                from 'conduct keys generate' or 'ssh-keygen -t ed25519 -N ""'.
                """)

        @Argument(help: ArgumentHelp("The signatory.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: ArgumentHelp("The revision attested (default: main).", valueName: "REV")) var revision: String?
        @Option(help: ArgumentHelp("Only these clauses, comma-separated (default: the whole document).", valueName: "ID,ID,…"))
        var clauses: String?
        @Option(help: ArgumentHelp("The private key to sign with.", valueName: "PRIVATE_KEY")) var key: String
        @Option(help: "A statement signed with the attestation.") var statement: String?
        @Flag(help: "Withdraw the signatory's attestation in force instead.") var withdraw = false
        @OptionGroup var authorship: AuthorshipOptions
        @OptionGroup var options: StoreOptions

        func validate() throws {
            if withdraw, revision != nil || clauses != nil || statement != nil {
                throw ValidationError("--withdraw takes only --key (and --as, --date)")
            }
        }

        func run() throws {
            let store = try options.openForWriting()
            let signer = try readPrivateKey(key)
            let who = try store.signer(for: signatory, given: try authorship.authorship(store: store),
                                       named: authorship.identity != nil)
            if withdraw {
                let id = try store.withdrawAttestation(signatory, key: signer, keyFile: key, authorship: who)
                Terminal.line("Withdrew the attestation of \(signatory) (record \(id.prefix(10)))")
                return
            }
            let scope = try clauses.map { list in
                let ids = list.split(separator: ",").map { $0.trimmingSuffix(while: \.isWhitespace).drop { $0 == " " } }.map(String.init)
                guard !ids.isEmpty, !ids.contains(where: \.isEmpty) else { throw ConductError.emptyField("--clauses") }
                return ids
            }
            let attestation = try store.attest(signatory, revision: revision, clauses: scope, key: signer, keyFile: key,
                                               statement: statement, authorship: who)
            let what = attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
            Terminal.line("Attested \(attestation.version.map { "v" + $0 } ?? String(attestation.revision.prefix(7))) (\(what)) for \(signatory), signed by \(attestation.by) with \(attestation.key)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who has attested to what, and whether each attestation is still current.",
            discussion: """
                One row per signatory: current, current-editorial (only editorial or non-material changes since), \
                stale (with the clauses changed or added since), expired, withdrawn, never, or invalid (its \
                signature or key does not verify). Only attestations whose signature verifies count.
                """)

        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var options: StoreOptions

        /// Says on standard error which ledger files were skipped as not being valid records.
        static func noteSkipped(_ report: StatusReport) {
            guard !report.skipped.isEmpty else { return }
            Terminal.note("conduct: warning: \(report.skipped.count) ledger file\(report.skipped.count == 1 ? " is" : "s are") not a valid record and \(report.skipped.count == 1 ? "was" : "were") skipped; 'conduct verify' lists every finding:")
            for line in report.skipped.prefix(5) { Terminal.note("  \(line)") }
        }

        func run() throws {
            let report = try options.open().status(at: at, now: Timestamp.now)
            Status.noteSkipped(report)
            switch format {
            case .json:
                try report.writeJSON { Terminal.writeBytes($0) }
            case .text:
                // Written in pieces while the rows are judged, like the JSON.
                let width = report.longestID()
                var out = "", empty = true
                try report.forEachRow { row in
                    empty = false
                    let id = row.signatory.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    let state = row.state.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
                    let date = row.attestation.map { $0.time.day } ?? ""
                    out += "\(id)  \(state)  \((row.attested ?? "").padding(toLength: 8, withPad: " ", startingAt: 0))  \(date.padding(toLength: 10, withPad: " ", startingAt: 0))  \(row.reason)\n"
                    if out.utf8.count >= 1 << 16 {
                        Terminal.write(out)
                        out = ""
                    }
                }
                Terminal.write(out)
                if empty { Terminal.note("No signatories yet; register one with 'conduct signatory add'.") }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 0 when a signatory's attestation is current (or current-editorial), 1 otherwise.",
            discussion: "Prints one line of reason: for a signatory's own CI.")

        @Argument(help: ArgumentHelp("The signatory.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: ArgumentHelp("Judge at this revision (default: main).", valueName: "REV")) var at: String?
        @OptionGroup var options: StoreOptions

        func run() throws {
            let store = try options.open()
            let report = try store.status(at: at, now: Timestamp.now, only: [signatory])
            Status.noteSkipped(report)
            guard let row = try report.rows().first else {
                // Not registered: the store's error lists those that are.
                _ = try store.signatory(signatory)
                throw ConductError.unknownSignatory(signatory, known: [])
            }
            Terminal.line("\(row.signatory.id): \(row.state.rawValue) at \(report.revision.label): \(row.reason)")
            if !row.state.isCurrent { throw ExitCode(1) }
        }
    }

    struct Since: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed in a signatory's scope since the revision it attested, substantive first.")

        @Argument(help: ArgumentHelp("The signatory.", valueName: "SIGNATORY")) var signatory: String
        @Option(help: "Output format.") var format: OutputFormat = .text
        @OptionGroup var options: StoreOptions

        func run() throws {
            let report = try options.open().since(signatory)
            switch format {
            case .json: try Terminal.json(DiffView(report.comparison, clauses: report.clauses))
            case .text:
                let scope = report.attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
                Terminal.note("\(signatory) attested \(report.comparison.old.label) (\(scope)) on \(report.attestation.time.day)")
                Terminal.write(DiffRenderer(style: .forStandardOutput, openComments: [:]).redline(report.comparison, report.clauses))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the whole ledger from scratch; exit 1 on any finding.",
            discussion: """
                Every ledger file's name against its content; every record the ledger's history held against \
                its tip; every signature against the key valid for its signatory at signing time; every \
                revision a record names; every attestation's document digest and clause fingerprints; the \
                chain of authority records, and every signatory, key, setting and adoption record against the \
                secretariat keys in force at its time. \
                Fingerprints computed by an earlier fingerprint rule, over a document whose digest \
                still matches, are noted, not found wrong. Every commit on main and every version tag \
                must carry the secretariat's git signature (gpg.format ssh), and each tag must name the \
                revision on main of its version. With --write-allowed-signers, only writes the file for \
                git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=FILE verify-commit main.
                """)

        @Option(help: "Output format.") var format: OutputFormat = .text
        @Option(help: ArgumentHelp("Write a git allowed-signers file for the secretariat's keys to FILE, and check nothing.",
                                   valueName: "FILE"))
        var writeAllowedSigners: String?
        @Option(help: ArgumentHelp("A secretariat key fingerprint known out of band: the first authority record must name no other (repeatable).", valueName: "SHA256:…"))
        var authority: [String] = []
        @OptionGroup var options: StoreOptions

        func run() throws {
            if let file = writeAllowedSigners {
                let text = try options.open().allowedSigners()
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
                } catch {
                    throw CommandFailure(message: "cannot write \(file): \(error); check the folder exists and is writable")
                }
                Terminal.line("Wrote \(file); check main with: git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=\(file) verify-commit main")
                return
            }
            let report = try options.open().verify(authority: authority)
            switch format {
            case .json:
                report.json.writePretty { Terminal.writeBytes($0) }
                Terminal.line()
            case .text:
                var out = ""
                for finding in report.findings { out += "\(finding.check.rawValue)  \(finding.subject): \(finding.problem)\n" }
                for notice in report.notices { out += "note  \(notice.subject): \(notice.problem)\n" }
                let checked = "\(report.records) records, \(report.signatures) signatures, \(report.ledgerCommits) ledger commits, \(report.revisions) revisions on main, \(report.versionTags) version tags"
                out += report.findings.isEmpty ? "verified: \(checked); no findings\n" : "\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") in \(checked)\n"
                Terminal.write(out)
            }
            if !report.findings.isEmpty { throw ExitCode(1) }
        }
    }
}

extension Timestamp {
    /// This moment, to the millisecond.
    static var now: Timestamp {
        let now = Date().timeIntervalSince1970
        return Timestamp(seconds: Int64(now), milliseconds: Int((now - now.rounded(.down)) * 1000))
    }
}

extension StatusReport {
    /// `conduct status --format json` (Schemas/status.schema.json): keys sorted, one signatory
    /// per line, written in pieces while the rows are judged, so that a hundred thousand rows
    /// are never held at once.
    func writeJSON(to sink: ([UInt8]) -> Void) throws(ConductError) {
        var settingsObject: [String: JSONValue] = [:]
        if let age = settings.maximumAge { settingsObject["maxAge"] = .string(age.description) }
        if let grace = settings.grace { settingsObject["grace"] = .string(grace.description) }
        var out: [UInt8] = []
        func field(_ key: String, _ value: JSONValue, last: Bool = false) {
            out += Array("  \"\(key)\" : ".utf8)
            value.writeCanonical(to: &out)
            out += Array((last ? "\n" : ",\n").utf8)
        }
        out += Array("{\n".utf8)
        field("now", .string(now.description))
        field("revision", .object(["label": .string(revision.label), "commit": .string(revision.commit.hex)]))
        field("settings", .object(settingsObject))
        out += Array("  \"signatories\" : [".utf8)
        // Rows that share a coverage verdict share its encoding: one memo per worker thread.
        final class Memo { var encoded: [ObjectIdentifier: (editorial: [UInt8], uncovered: [UInt8])] = [:] }
        nonisolated(unsafe) let memos = (0..<StatusReport.workers).map { _ in Memo() }
        var first = true
        try writeRows(render: { worker, row, rows in
            // Each row starts with ",\n    "; the first comma is dropped when written.
            rows.append(contentsOf: ",\n    ".utf8)
            let memo = memos[worker]
            let fragments = row.coverage.map { coverage in
                if let known = memo.encoded[ObjectIdentifier(coverage)] { return known }
                let fragments = (AttestationStatus.editorialJSON(coverage.editorial),
                                 AttestationStatus.uncoveredJSON(added: coverage.added, changed: coverage.changed, removed: coverage.removed))
                memo.encoded[ObjectIdentifier(coverage)] = fragments
                return fragments
            } ?? (Array("[]".utf8), Array("{}".utf8))
            row.writeJSON(to: &rows, editorial: fragments.0, uncovered: fragments.1)
        }, write: { rows in
            guard !rows.isEmpty else { return }
            if first {
                out += rows.dropFirst()
                first = false
            } else {
                out += rows
            }
            sink(out)
            out.removeAll(keepingCapacity: true)
        })
        out += Array((first ? "]\n}\n" : "\n  ]\n}\n").utf8)
        sink(out)
    }
}

extension AttestationStatus {
    static func editorialJSON(_ clauses: [String]) -> [UInt8] {
        var out: [UInt8] = []
        strings(clauses, to: &out)
        return out
    }

    static func uncoveredJSON(added: [String], changed: [String], removed: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (name, clauses) in [("added", added), ("changed", changed), ("removed", removed)] where !clauses.isEmpty {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "\"\(name)\":".utf8)
            strings(clauses, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func strings(_ items: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.string(item).writeCanonical(to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Appends the row as canonical JSON (keys sorted, no spaces) without building dictionaries:
    /// a status of a hundred thousand signatories is mostly this. `editorial` and `uncovered`
    /// are the row's coverage, encoded.
    func writeJSON(to out: inout [UInt8], editorial: [UInt8], uncovered: [UInt8]) {
        func key(_ name: String) { out.append(contentsOf: "\"\(name)\":".utf8) }
        func string(_ text: String) { JSONValue.string(text).writeCanonical(to: &out) }
        out.append(UInt8(ascii: "{"))
        if let attestation {
            key("attestation")
            out.append(contentsOf: "{\"at\":".utf8); string(attestation.time.description)
            out.append(contentsOf: ",\"by\":{\"email\":".utf8); string(attestation.by.email)
            out.append(contentsOf: ",\"name\":".utf8); string(attestation.by.name)
            out.append(contentsOf: "},\"id\":".utf8); string(attestation.id)
            out.append(contentsOf: ",\"key\":".utf8); string(attestation.key)
            out.append(contentsOf: ",\"label\":".utf8); string(attested ?? "")
            out.append(contentsOf: ",\"revision\":".utf8); string(attestation.revision)
            out.append(contentsOf: ",\"scope\":".utf8)
            if let scope = attestation.scope { Self.strings(scope, to: &out) } else { string("document") }
            if let version = attestation.version { out.append(contentsOf: ",\"version\":".utf8); string(version) }
            out.append(contentsOf: "},".utf8)
        }
        key("editorial"); out.append(contentsOf: editorial)
        if let expires { out.append(contentsOf: ",".utf8); key("expires"); string(expires.description) }
        out.append(contentsOf: ",".utf8); key("id"); string(signatory.id)
        if inGrace { out.append(contentsOf: ",\"inGrace\":true".utf8) }
        out.append(contentsOf: ",".utf8); key("kind"); string(signatory.kind.rawValue)
        out.append(contentsOf: ",".utf8); key("name"); string(signatory.name)
        out.append(contentsOf: ",".utf8); key("reason"); string(reason)
        out.append(contentsOf: ",".utf8); key("state"); string(state.rawValue)
        out.append(contentsOf: ",\"uncovered\":".utf8); out.append(contentsOf: uncovered)
        out.append(UInt8(ascii: "}"))
    }
}

extension VerifyReport {
    var json: JSONValue {
        .object([
            "records": .integer(Int64(records)), "signatures": .integer(Int64(signatures)),
            "ledgerCommits": .integer(Int64(ledgerCommits)),
            "revisions": .integer(Int64(revisions)), "versionTags": .integer(Int64(versionTags)),
            "findings": .array(findings.map {
                .object(["check": .string($0.check.rawValue), "subject": .string($0.subject), "problem": .string($0.problem)])
            }),
            "notices": .array(notices.map {
                .object(["check": .string($0.check.rawValue), "subject": .string($0.subject), "problem": .string($0.problem)])
            }),
        ])
    }
}

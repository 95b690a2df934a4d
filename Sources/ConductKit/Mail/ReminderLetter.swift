/// The words of a reminder: its subject and plain text, drawn from a signatory's status row and
/// what changed in its scope since it attested (`since`'s comparison, substantive first).
struct ReminderLetter {
    var status: AttestationStatus
    /// The code's title, and the label of the revision read (`v1.2`).
    var title: String
    var revision: String
    /// How the revision is named on a command line: its version, else its commit id.
    var spec: String
    /// The comparison from the attested revision to the one read, and the changed clauses in scope.
    var since: (comparison: Comparison, clauses: [ClauseDiff])?
    /// The clause ids of the revision read: an attestation of some clauses is renewed for those still there.
    var clauses: Set<String>
    var settings: StoreSettings

    /// Text is wrapped at this many characters, a command line never.
    static let width = 72

    var subject: String {
        let name = status.signatory.name
        let phrase: String
        switch status.state {
        case .stale: phrase = "the attestation of \(name) is stale"
        case .expired: phrase = "the attestation of \(name) has expired"
        case .never: phrase = "\(name) has not attested yet"
        case .withdrawn: phrase = "\(name) withdrew its attestation"
        case .invalid: phrase = "the attestation of \(name) does not verify"
        case .current, .currentEditorial: phrase = "the attestation of \(name) is current"
        }
        return "\(title) \(revision): \(phrase)"
    }

    func body(to representative: Identity, from sender: Identity) -> String {
        let signatory = status.signatory
        var out: [String] = ["Dear \(representative.name),", ""]
        out += wrap("This is a reminder from \(sender.name) about \(title), revision \(revision), for \(signatory.name) "
                    + "(\(signatory.id)).")
        out += ["", "Signatory: \(signatory.name) (\(signatory.id))", "State at \(revision): \(status.state.rawValue)"]
        if let attestation = status.attestation, let attested = status.attested {
            let scope = attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
            out += wrap("Attested: \(attested) (\(scope)) on \(attestation.time.day), by \(attestation.by.name)", indent: "  ")
            if status.state == .expired, let expires = status.expires {
                let grace = settings.grace.map { grace in
                    ", and its grace of \(grace) ended on \(Timestamp(seconds: expires.seconds + grace.seconds).day)"
                } ?? ""
                out += wrap("Expired: on \(expires.day), when it reached the maximum age of "
                            + "\(settings.maximumAge?.description ?? "an attestation")\(grace)", indent: "  ")
            }
        } else {
            out.append("Attested: never")
        }
        out += wrap("Why: " + status.reason, indent: "  ")
        out += changes()
        out += instructions(for: representative)
        out += ["", "-- ", "\(sender.name) <\(sender.email)>", "Written by 'conduct remind'."]
        return out.joined(separator: "\n") + "\n"
    }

    /// What changed in scope since the attested revision: one line per clause, substantive
    /// first, then the substantive changes word by word.
    private func changes() -> [String] {
        guard let since else { return [] }
        let old = since.comparison.old.label
        guard !since.clauses.isEmpty else { return ["", "Nothing changed in its scope since \(old)."] }
        var out = [""] + wrap("What changed in its scope since \(old), substantive first:") + [""]
        for entry in since.clauses {
            out += wrap("\(entry.significance.rawValue): \(RedlineText.title(entry)), \(entry.changeDescription)", indent: "    ",
                        first: "  ")
        }
        let substantive = since.clauses.filter { $0.significance == .substantive }
        guard !substantive.isEmpty else { return out }
        out += [""] + wrap("The substantive changes word by word ([-deleted-] {+inserted+}); "
                           + "'conduct diff \(old) \(spec)' shows every change:")
        let text = RedlineText(style: RedlineText.Style(color: false))
        for clause in Redline(since.comparison, shown: substantive).clauses {
            out.append("")
            for line in text.clause(clause).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let indent = String(line.prefix { $0 == " " })
                out += wrap(String(line.dropFirst(indent.count)), indent: indent + "  ", first: indent)
            }
        }
        return out
    }

    /// The command that attests the revision read, as this representative, with what to give it.
    private func instructions(for representative: Identity) -> [String] {
        let signatory = status.signatory
        var out = [""] + wrap("To attest \(revision), run this where you keep a copy of the store "
                              + "(add --store PATH when it is elsewhere):") + ["", "    " + command(for: representative), ""]
        if let scope = status.attestation?.scope {
            let kept = scope.filter(clauses.contains), gone = scope.filter { !clauses.contains($0) }
            if kept.isEmpty {
                out += wrap("None of the clauses it attested (\(scope.joined(separator: ", "))) is in \(revision): "
                            + "the command attests the whole document.") + [""]
            } else if !gone.isEmpty {
                out += wrap("\(gone.joined(separator: ", ")) \(gone.count == 1 ? "is" : "are") no longer in \(revision): "
                            + "the command attests the clauses that are.") + [""]
            }
        }
        let keys = signatory.keys.filter { $0.revoked == nil }
        if keys.isEmpty {
            out += wrap("\(signatory.name) has no key in force: ask the secretariat to register one "
                        + "('conduct signatory key add'), then give its private key file as PRIVATE_KEY.")
        } else {
            out += wrap("PRIVATE_KEY is the private key file of \(keys.count == 1 ? "the key" : "one of the keys") "
                        + "registered for \(signatory.name):")
            out += keys.map { "    \($0.fingerprint) (since \($0.added.day))" }
        }
        out += [""] + wrap("Then bring the attestation to the store the secretariat reads: 'conduct sync' does, "
                           + "when your copy is a clone of it.")
        return out
    }

    /// `conduct attest ID --revision REV [--clauses …] [--lang …] --key PRIVATE_KEY --as 'NAME <EMAIL>'`,
    /// on one line, each value quoted for a POSIX shell when it needs to be.
    func command(for representative: Identity) -> String {
        var words = ["conduct", "attest", status.signatory.id, "--revision", spec]
        if let scope = status.attestation?.scope {
            let kept = scope.filter(clauses.contains)
            if !kept.isEmpty { words += ["--clauses", kept.joined(separator: ",")] }
        }
        if let language = status.attestation?.language { words += ["--lang", language] }
        words += ["--key", "PRIVATE_KEY", "--as", representative.description]
        return words.map(Comparison.quoted).joined(separator: " ")
    }

    /// `text` in lines of at most `width` characters, broken at spaces (or inside a word longer
    /// than a line); the first line starts with `first`, the others with `indent`.
    private func wrap(_ text: String, indent: String = "", first: String = "") -> [String] {
        var lines: [String] = []
        var line = first, lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(word)
            if lineHasWord, line.count + 1 + word.count > Self.width {
                lines.append(line)
                (line, lineHasWord) = (indent, false)
            }
            while line.count + (lineHasWord ? 1 : 0) + word.count > Self.width, word.count > Self.width - indent.count {
                let room = max(1, Self.width - line.count - (lineHasWord ? 1 : 0))
                lines.append(line + (lineHasWord ? " " : "") + word.prefix(room))
                word = word.dropFirst(room)
                (line, lineHasWord) = (indent, false)
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}

import ConductKit

/// Text renderings shared by several commands.
enum Render {
    /// One line per kind: `substantive  added: a; changed: b, c`.
    static func changeSummary(_ changes: [ClauseChange], indent: String) -> String {
        var out = ""
        for kind in [ClauseChange.Kind.substantive, .editorial] {
            let ofKind = changes.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            let groups = [ClauseChange.Change.added, .changed, .moved, .split, .merged, .removed].compactMap { change -> String? in
                let clauses = ofKind.filter { $0.change == change }.map(\.name)
                return clauses.isEmpty ? nil : "\(change.rawValue): " + clauses.joined(separator: ", ")
            }
            out += indent + kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + groups.joined(separator: "; ") + "\n"
        }
        return out
    }

    static func assignments(_ assignments: [IDAssignment]) {
        guard !assignments.isEmpty else { return }
        Terminal.line("Ids given to headings that had none:")
        for assignment in assignments {
            let how: String
            switch assignment.source {
            case .heading: how = "same heading as before"
            case .body: how = "same text as before"
            case .similar: how = "similar text before"
            case .minted: how = "new"
            }
            Terminal.line("  line \(assignment.line): {#\(assignment.id)}  (\(how))")
        }
    }
}

extension String {
    func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}

extension Render {
    /// What a new store's secretariat key is and where it is kept (to standard error, so that
    /// a command's JSON stays clean).
    static func secretariatKey(_ setup: Store.SecretariatKeySetup) {
        if setup.generated {
            Terminal.note("generated the secretariat key \(setup.fingerprint) at \(setup.path) (its public key beside it, .pub); it signs every signatory, key, setting and adoption record: keep it safe, back it up, and give it to secretariat acts on other machines with --secretariat-key FILE")
        } else {
            Terminal.note("the secretariat key is \(setup.fingerprint) (\(setup.path), noted as git config conduct.secretariatKey)")
        }
    }
}

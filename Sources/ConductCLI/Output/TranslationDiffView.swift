import ConductKit

/// `conduct diff --lang LANG`: each source clause a translator must redo, its redline (drawn as
/// `diff` draws it) and then the translation's text of it; editorial-only clauses named at the end.
struct TranslationDiffView {
    var report: TranslationDiff
    var style: DiffRenderer.Style

    var text: String {
        let comparison = report.comparison
        let language = report.language.value
        let span = "\(comparison.old.label) → \(comparison.new.label)"
        let changes = [AttestationStatus.Uncovered.Change.changed, .added, .removed].compactMap { change -> String? in
            let count = report.clauses.filter { $0.behind.change == change }.count
            return count == 0 ? nil : "\(count) \(change.rawValue)"
        }
        var out = "The \(language) translation of \(report.source.label) (record \(report.translation.id.prefix(12)), "
            + "\(report.translation.time.day)) against the source \(span): "
        if report.clauses.isEmpty {
            out += "nothing to redo"
        } else {
            out += "\(report.clauses.count) clause\(report.clauses.count == 1 ? "" : "s") to redo (\(changes.joined(separator: ", ")))"
        }
        out += report.editorial.isEmpty ? "\n" : ", \(report.editorial.count) with editorial changes only\n"
        let redline = RedlineText(style: .init(color: style.color))
        for clause in report.clauses {
            let when = clause.behind.revisions.isEmpty ? "" : " in \(clause.behind.revisions.joined(separator: ", "))"
            out += "\n\(clause.id) — \(clause.behind.change.rawValue)\(when)\n"
            out += "  source, \(span):\n"
            if let entry = clause.redline {
                out += Self.indented(redline.clause(Redline.Clause(entry)), by: "    ")
            } else {
                out += "    (no word-level change to show)\n"
            }
            if let translated = clause.translated {
                out += "  \(language) text now (of \(report.source.label)):\n"
                out += Self.indented(translated + "\n", by: "    ")
            } else {
                out += "  \(language) text now: none; the clause is new to the \(language) translation\n"
            }
        }
        if !report.editorial.isEmpty {
            out += "\neditorial changes only, nothing to redo: \(report.editorial.joined(separator: ", "))\n"
        }
        return out
    }

    /// `conduct diff --lang LANG --format json` (Schemas/translation-diff.schema.json); each
    /// redline is a clause as `diff --format json` writes it.
    func json() throws -> JSONValue {
        let translation = report.translation
        var clauses: [JSONValue] = []
        for clause in report.clauses {
            clauses.append(.object([
                "clause": .string(clause.id), "change": .string(clause.behind.change.rawValue),
                "revisions": .array(zip(clause.behind.revisions, clause.behind.commits).map { label, commit in
                    .object(["label": .string(label), "commit": .string(commit.hex)])
                }),
                "redline": try clause.redline.map { try JSONValueEncoder.encode($0) } ?? .null,
                "translated": clause.translated.map(JSONValue.string) ?? .null,
            ]))
        }
        return .object([
            "language": .string(report.language.value),
            "translation": .object([
                "record": .string(translation.id), "sha256": .string(translation.sha256), "date": .string(translation.time.description),
                "source": .object(["label": .string(report.source.label), "commit": .string(report.source.commit.hex)]),
            ]),
            "old": try JSONValueEncoder.encode(report.comparison.old), "new": try JSONValueEncoder.encode(report.comparison.new),
            "clauses": .array(clauses),
            "editorial": .array(report.editorial.map(JSONValue.string)),
        ])
    }

    private static func indented(_ text: String, by prefix: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n") + "\n"
    }
}

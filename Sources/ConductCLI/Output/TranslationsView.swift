import ConductKit

extension TranslationsReport {
    /// `conduct translations`: one line per language, then what each behind one lacks.
    func writeText(only: TranslationStatus? = nil) {
        let shown = only.map { [$0] } ?? rows
        guard !shown.isEmpty else {
            Terminal.note("No translations at \(revision.label); record one with 'conduct translation add LANG --from FILE --of REV'.")
            return
        }
        let width = max(4, shown.map(\.language.value.count).max() ?? 0)
        Terminal.line("Translations at \(revision.label)")
        for row in shown {
            let language = row.language.value.padding(toLength: width, withPad: " ", startingAt: 0)
            let state = row.state.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
            let source = row.source.padding(toLength: 8, withPad: " ", startingAt: 0)
            let who = row.translation.translator.map { "  \($0)" } ?? ""
            Terminal.line("\(language)  \(state)  \(source)  \(row.translation.time.day)\(who)")
            for clause in row.behind {
                let when = clause.revisions.isEmpty ? "" : " in \(clause.revisions.joined(separator: ", "))"
                Terminal.line("    \(clause.change.rawValue)\(when): \(clause.clause)")
            }
            if !row.incomplete.isEmpty {
                Terminal.line("    no counterpart: \(row.incomplete.joined(separator: ", "))")
            }
        }
    }

    /// `conduct translations --format json` (Schemas/translations.schema.json).
    var json: JSONValue {
        .object([
            "revision": .object(["label": .string(revision.label), "commit": .string(revision.commit.hex)]),
            "translations": .array(rows.map(\.json)),
        ])
    }
}

extension TranslationStatus {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "language": .string(language.value), "state": .string(state.rawValue),
            "source": .object(["label": .string(source), "commit": .string(translation.revision)]),
            "record": .string(translation.id), "sha256": .string(translation.sha256), "date": .string(translation.time.description),
            "recordedBy": .object(["name": .string(translation.by.name), "email": .string(translation.by.email)]),
            "behind": .array(behind.map(\.json)),
            "editorial": .array(editorial.map(JSONValue.string)),
            "incomplete": .array(incomplete.map(JSONValue.string)),
        ]
        if let translator = translation.translator {
            object["translator"] = .object(["name": .string(translator.name), "email": .string(translator.email)])
        }
        return .object(object)
    }
}

extension TranslationStatus.Behind {
    /// A source clause not caught up with, and the revisions that changed it: in `translations`
    /// and in what `status` says a signatory read.
    var json: JSONValue {
        .object([
            "clause": .string(clause), "change": .string(change.rawValue),
            "revisions": .array(zip(revisions, commits).map { label, commit in
                .object(["label": .string(label), "commit": .string(commit.hex)])
            }),
        ])
    }
}

extension RecordedTranslation {
    /// What `translation add`/`update` did: the record, and how each heading was aligned.
    func writeText() {
        let verb = previous == nil ? "Recorded" : "Updated"
        Terminal.line("\(verb) the \(translation.language) translation of \(source.label) (record \(translation.id.prefix(12)))")
        let byStructure = alignment.pairs.filter { $0.method == .structure }
        let carried = alignment.pairs.count - byStructure.count
        Terminal.line("  \(alignment.pairs.count) clause\(alignment.pairs.count == 1 ? "" : "s") aligned: \(carried) by the ids the text carries, \(byStructure.count) by structure")
        for pair in byStructure.prefix(40) { Terminal.line("    line \(pair.line): {#\(pair.id)}") }
        if byStructure.count > 40 { Terminal.line("    … \(byStructure.count - 40) more") }
        if !alignment.missing.isEmpty {
            Terminal.line("  incomplete: no counterpart for \(alignment.missing.joined(separator: ", "))")
        }
    }
}

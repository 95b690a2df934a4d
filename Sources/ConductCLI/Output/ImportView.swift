import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `conduct import --format json` (Schemas/import.schema.json), and its text form.
struct ImportView: Encodable {
    struct Source: Encodable {
        var repository: String
        var branch: String
        var path: String
        var tip: String
    }

    struct Target: Encodable {
        var path: String
        var created: Bool
        var document: String
    }

    struct Entry: Encodable {
        var source: String
        var path: String
        var commit: String
        var version: String?
        var date: String
        var author: Identity
        var message: String
        var change: String
        var clauses: [ClauseChange]
        var ids: [String: Int]
    }

    struct Rename: Encodable {
        var commit: String
        var from: String
        var to: String
    }

    struct UnusedTag: Encodable {
        var tag: String
        var commit: String
        var change: String?
        var reason: String
    }

    struct Skipped: Encodable {
        var commit: String
        var path: String
        var reason: String
    }

    struct RevisionRef: Encodable {
        var label: String
        var commit: String
    }

    /// One translation file: what was recorded from its history, what was left out, and its state at main.
    struct TranslationFile: Encodable {
        struct Imported: Encodable {
            var source: String
            var path: String
            var record: String
            var translates: RevisionRef
            var rule: String
            var date: String
            var translator: Identity
            var missing: [String]
        }

        struct Behind: Encodable {
            var clause: String
            var change: String
            var revisions: [String]
        }

        struct AtMain: Encodable {
            var state: String
            var translates: RevisionRef
            var record: String
            var behind: [Behind]
            var incomplete: [String]
        }

        var path: String
        var language: String?
        var languageFrom: String?
        var reason: String?
        var imported: [Imported]
        var alreadyImported: Int
        var skipped: [Skipped]
        var renames: [Rename]
        var atMain: AtMain?

        init(_ file: ImportReport.TranslationFile) {
            path = file.path
            language = file.language?.value
            languageFrom = file.languageSource?.rawValue
            reason = file.reason
            imported = file.imported.map { entry in
                Imported(source: entry.commit.hex, path: entry.path, record: entry.record,
                         translates: RevisionRef(label: entry.translates.label, commit: entry.translates.commit.hex),
                         rule: entry.rule.rawValue, date: entry.date.description, translator: entry.translator, missing: entry.missing)
            }
            alreadyImported = file.alreadyImported
            skipped = file.skipped.map { Skipped(commit: $0.commit.hex, path: $0.path, reason: $0.reason) }
            renames = file.renames.map { Rename(commit: $0.commit.hex, from: $0.from, to: $0.to) }
            atMain = file.status.map { status in
                AtMain(state: status.state.rawValue,
                       translates: RevisionRef(label: status.source, commit: status.translation.revision),
                       record: status.translation.id,
                       behind: status.behind.map { Behind(clause: $0.clause, change: $0.change.rawValue, revisions: $0.revisions) },
                       incomplete: status.incomplete)
            }
        }
    }

    struct Summary: Encodable {
        var imported: Int
        var initial: Int
        var editorial: Int
        var substantive: Int
        var alreadyImported: Int
        var before: Int
        var identical: Int
        var skipped: Int
        var clauses: Int
        var clauseChanges: [String: Int]
        var last: String?
        var translatedRevisions: Int
        var translationsSkipped: Int
    }

    var source: Source
    var store: Target
    var versions: String
    var revisions: [Entry]
    var renames: [Rename]
    var unusedTags: [UnusedTag]
    var skipped: [Skipped]
    var summary: Summary
    var translations: [TranslationFile]

    init(_ report: ImportReport) {
        source = Source(repository: report.repository, branch: report.branch, path: report.path, tip: report.tip.hex)
        store = Target(path: report.store, created: report.created, document: report.documentName)
        versions = report.versioning.rawValue
        revisions = report.revisions.map { entry in
            var ids: [String: Int] = [:]
            for assignment in entry.assignments { ids[assignment.source.rawValue, default: 0] += 1 }
            return Entry(source: entry.source.hex, path: entry.path, commit: entry.revision.commit.hex,
                         version: entry.revision.version?.description, date: entry.revision.date.description,
                         author: entry.revision.author, message: entry.revision.message, change: entry.change,
                         clauses: entry.changes, ids: ids)
        }
        renames = report.renames.map { Rename(commit: $0.commit.hex, from: $0.from, to: $0.to) }
        unusedTags = report.unusedTags.map { UnusedTag(tag: $0.name, commit: $0.commit.hex, change: $0.change?.hex, reason: $0.reason) }
        skipped = report.skipped.map { Skipped(commit: $0.commit.hex, path: $0.path, reason: $0.reason) }
        summary = Summary(
            imported: report.revisions.count, initial: report.revisions.filter(\.initial).count,
            editorial: report.editorial, substantive: report.substantive, alreadyImported: report.alreadyImported,
            before: report.before, identical: report.identical.count, skipped: report.skipped.count, clauses: report.clauses,
            clauseChanges: ["editorial": report.clauseChanges(.editorial), "substantive": report.clauseChanges(.substantive)],
            last: report.last?.hex, translatedRevisions: report.translatedRevisions,
            translationsSkipped: report.skippedTranslatedRevisions)
        translations = report.translations.map(TranslationFile.init)
    }

    static func text(_ report: ImportReport) -> String {
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        guard !report.revisions.isEmpty else {
            var out = "Nothing to import: \(report.store) already holds every change to \(report.path) on \(report.branch) of \(report.repository)"
            out += report.skipped.isEmpty ? "" : " that can be kept"
            out += report.last.map { " (up to commit \($0.hex.prefix(12)))" } ?? ""
            out += report.translatedRevisions > 0 ? "; no revision was written.\n" : "; nothing was written.\n"
            if !report.identical.isEmpty {
                out += "  \(plural(report.identical.count, "commit")) changed only what import writes itself (ids); left out\n"
            }
            return out + skippedText(report) + translationsText(report)
        }
        var out = "Imported \(plural(report.revisions.count, "revision")) of \(report.path) from \(report.repository) (\(report.branch)) into \(report.store)"
        out += report.created ? " (a new store, document \(report.documentName)):\n" : ":\n"
        for entry in report.revisions {
            let revision = entry.revision
            let subject = revision.message.split(separator: "\n").first.map(String.init) ?? ""
            let label = revision.version?.label ?? String(revision.commit.hex.prefix(7))
            let what = entry.initial ? "initial: \(plural(entry.changes.count, "clause"))" : entry.change
            out += "  \(label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(revision.date.day)  \(what.padding(toLength: 12, withPad: " ", startingAt: 0))  from \(entry.source.hex.prefix(12))  \(subject)\n"
        }
        for rename in report.renames {
            out += "Followed a rename in \(rename.commit.hex.prefix(12)): \(rename.from) → \(rename.to)\n"
        }
        let versioned = report.revisions.compactMap(\.revision.version)
        switch report.versioning {
        case .tags:
            let labels = versioned.count <= 8 ? versioned.map(\.label).joined(separator: ", ")
                : "\(versioned[0].label), \(versioned[1].label) … \(versioned[versioned.count - 1].label) (\(versioned.count))"
            out += "Versions from tags: \(versioned.isEmpty ? "none new" : labels)"
            let without = report.revisions.count - versioned.count
            out += without > 0 ? "; \(plural(without, "revision")) without a tag have no version.\n" : ".\n"
        case .sequence:
            out += "Versions in sequence: \(versioned.first?.label ?? "") … \(versioned.last?.label ?? "").\n"
        }
        for tag in report.unusedTags {
            out += "Tag \(tag.name) on \(tag.commit.hex.prefix(12))\(tag.change.map { " (naming the text of \($0.hex.prefix(12)))" } ?? "") gave no version: \(tag.reason)\n"
        }
        if report.alreadyImported > 0 {
            out += "\(plural(report.alreadyImported, "earlier change")) were imported before and left as they are.\n"
        }
        if report.before > 0 {
            out += "\(plural(report.before, "change")) made before --since were left out.\n"
        }
        if !report.identical.isEmpty {
            out += "\(plural(report.identical.count, "commit")) changed only ids import gives anyway; left out.\n"
        }
        out += skippedText(report)
        let initial = report.revisions.filter(\.initial).count
        out += "Summary: \(plural(report.revisions.count, "revision")) imported (\(initial > 0 ? "1 initial, " : "")\(report.editorial) editorial, \(report.substantive) substantive); "
        out += report.skipped.isEmpty ? "" : "\(plural(report.skipped.count, "change")) skipped; "
        out += "\(plural(report.clauses, "clause")) now; clause changes: \(report.clauseChanges(.editorial)) editorial, \(report.clauseChanges(.substantive)) substantive.\n"
        return out + translationsText(report)
    }

    /// Per translation file: its language, the translated revisions recorded and skipped (with
    /// each reason), and where the language stands at main.
    static func translationsText(_ report: ImportReport) -> String {
        guard !report.translationPatterns.isEmpty else { return "" }
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        let read = report.translations.filter { $0.reason == nil }
        var out = "Translations (\(report.translationPatterns.joined(separator: ", "))): \(plural(read.count, "language")), "
        out += "\(plural(report.translatedRevisions, "translated revision")) imported, \(report.skippedTranslatedRevisions) skipped.\n"
        for file in report.translations {
            guard let language = file.language, file.reason == nil else {
                out += "  \(file.path): not imported: \(file.reason ?? "")\n"
                continue
            }
            var line = "  \(language.value.padding(toLength: 6, withPad: " ", startingAt: 0)) \(file.path) (language from \(file.languageSource == .option ? "" : "its ")\(file.languageSource?.rawValue ?? "")): "
            line += "\(file.imported.count) imported"
            line += file.alreadyImported > 0 ? ", \(file.alreadyImported) imported before" : ""
            line += file.skipped.isEmpty ? "" : ", \(file.skipped.count) skipped"
            if let status = file.status {
                line += "; at main \(status.state.rawValue) (translates \(status.source))"
            }
            out += line + "\n"
            if let behind = file.status?.behind, !behind.isEmpty {
                let clauses = behind.map { $0.change == .changed ? $0.clause : "\($0.clause) (\($0.change.rawValue))" }
                out += "      behind by \(plural(behind.count, "clause")): \(clauses.joined(separator: ", "))\n"
            }
            if let incomplete = file.status?.incomplete, !incomplete.isEmpty {
                out += "      no counterpart: \(incomplete.joined(separator: ", "))\n"
            }
            for skipped in file.skipped {
                out += "    skipped \(skipped.commit.hex.prefix(12))  \(skipped.path): \(skipped.reason)\n"
            }
        }
        return out
    }

    /// The changes skipped, each with its commit and reason, and the ways out.
    static func skippedText(_ report: ImportReport) -> String {
        guard !report.skipped.isEmpty else { return "" }
        let count = report.skipped.count
        var out = "Skipped \(count) change\(count == 1 ? "" : "s") of \(report.path) that cannot be kept as a revision (exit status 1):\n"
        for skipped in report.skipped {
            out += "  \(skipped.commit.hex.prefix(12))  \(skipped.path): \(skipped.reason)\n"
        }
        out += "  Clause ids carry over: the change after a skipped one was compared with the last revision imported. Mend the text in a later commit, or start after it with --since COMMIT.\n"
        return out
    }
}

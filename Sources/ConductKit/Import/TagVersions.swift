import Git

extension Store {
    /// The version the tags naming one change give it, listing the others as unused.
    ///
    /// Of the tags that name the change, the one on the newest commit wins (on one commit, the
    /// highest version), provided it comes after the version before (`floor`): when a project
    /// tags `2.0` and later `2.1` on release commits that left the file alone, the text is
    /// version 2.1, the newest name the project gave it, and the next adoption counts on to 2.2.
    static func versionFromTags(_ tags: [ImportSource.PlacedTag], change: ImportSource.Change, floor: Version?,
                                path: String, report: inout ImportReport) -> Version? {
        let ordered = tags.sorted { a, b in
            if a.place != b.place { return a.place < b.place }
            let (x, y) = (ImportSource.version(ofTag: a.name), ImportSource.version(ofTag: b.name))
            switch (x, y) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.name < b.name
            }
        }
        let chosen = ordered.first { tag in
            ImportSource.version(ofTag: tag.name).map { version in floor.map { version > $0 } ?? true } ?? false
        }
        for tag in ordered where tag.name != chosen?.name {
            let reason: String
            if let parsed = ImportSource.version(ofTag: tag.name) {
                if let floor, parsed <= floor {
                    reason = "\(parsed.label) does not come after \(floor.label)"
                } else if let chosen, chosen.commit == tag.commit {
                    reason = "the same commit has \(chosen.name), a later version"
                } else {
                    // A tag with a usable version that was not chosen: a tag on a newer commit was.
                    reason = "\(chosen?.name ?? "another tag"), on a later commit, names the same text of \(path)"
                }
            } else {
                reason = "not a MAJOR.MINOR version"
            }
            report.unusedTags.append(ImportReport.UnusedTag(name: tag.name, commit: CommitID(tag.commit),
                                                            change: tag.commit == change.commit.id ? nil : CommitID(change.commit.id), reason: reason))
        }
        return chosen.flatMap { ImportSource.version(ofTag: $0.name) }
    }
}

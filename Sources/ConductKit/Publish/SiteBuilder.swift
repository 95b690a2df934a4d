/// Builds the static site of a store from its `SiteHistory`, page type by page type, into a
/// `SiteFolder`.
///
/// Each revision's redline is rendered once, on its page, and kept for the pages of the
/// clauses it changed. Everything the pages show is sorted, and nothing depends on the clock
/// but the day attestations are judged at, so one store and one day give byte-identical sites.
enum SiteBuilder {
    /// Writes every page of the site; returns the site, which counts what was written.
    static func build(_ history: SiteHistory, into folder: SiteFolder, now: Timestamp, language: String? = nil,
                      direction: DocumentLanguage.Direction? = nil) throws(ConductError) -> Site {
        let site = Site(history: history, folder: folder, now: now, language: language, direction: direction)
        for directory in ["history", "clauses", "proposals"] { try folder.makeDirectory(directory) }
        var events: [String: [ClausePages.Event]] = [:]
        var counts: [RevisionPage.Counts] = []
        let progress = ProgressReporter("writing revision pages", total: history.revisions.count, unit: "revisions")
        for position in history.revisions.indices {
            let written = try RevisionPage(site: site, position: position).write()
            counts.append(written.counts)
            for (id, event) in written.events { events[id, default: []].append(event) }
            progress.advance()
        }
        progress.finish()
        try TextPage(site: site).write()
        try ClausePages(site: site, events: events).write()
        try TranslationPages(site: site, events: events).write()
        try ProposalPages(site: site).write()
        try AttestationPages(site: site).write()
        try HistoryIndexPage(site: site, counts: counts).write()
        try site.write("style.css", Stylesheet.css)
        return site
    }
}

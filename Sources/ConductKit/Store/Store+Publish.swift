/// What `publish` wrote.
public struct PublishReport: Sendable {
    /// The site's folder, as given.
    public var directory: String
    /// HTML pages written, and the site's size in bytes.
    public var pages: Int
    public var bytes: Int
    public var revisions: Int
}

extension Store {
    /// Publishes the store as a static site in `directory`: the current text, a redline per
    /// revision, a page per clause and per proposal, the attestation matrix (expiry judged at
    /// `now`) and a timeline. The site is built beside `directory` and swapped in whole; a
    /// folder that is not a previous site is refused unless `force` is set.
    ///
    /// The pages declare the document's language and direction (`<html lang dir>`): `language`
    /// and `direction` when given, else the front matter's `lang` and `dir`, else what the
    /// script of the text tells.
    public func publish(to directory: String, force: Bool, now: Timestamp, language: String? = nil,
                        direction: DocumentLanguage.Direction? = nil) throws(ConductError) -> PublishReport {
        let folder = try SiteFolder(target: directory, force: force, storePath: path)
        let site: Site
        do {
            site = try SiteBuilder.build(try siteHistory(now: now), into: folder, now: now, language: language, direction: direction)
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
        return PublishReport(directory: folder.target, pages: site.pages, bytes: site.bytes,
                             revisions: site.revisions.count)
    }
}

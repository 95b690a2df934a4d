/// What every page of a site shares: the history it shows, the frame of its pages, the file
/// each revision, clause and proposal has, and the folder the pages are written to.
final class Site {
    let history: SiteHistory
    /// The day attestations are judged at.
    let now: Timestamp
    let page: Page
    private let folder: SiteFolder
    /// Each revision's page, `history/` aside: its version, else its short commit id.
    let revisionFiles: [String]
    let positionOfCommit: [String: Int]
    private let proposalIDs: Set<String>
    private(set) var pages = 0
    private(set) var bytes = 0

    var revisions: [Revision] { history.revisions }

    /// `language` and `direction` are what `publish --lang`/`--dir` asked for, over what the document says.
    init(history: SiteHistory, folder: SiteFolder, now: Timestamp, language: String?, direction: DocumentLanguage.Direction?) {
        self.history = history
        self.folder = folder
        self.now = now
        var files: [String] = []
        var positions: [String: Int] = [:]
        var taken = Set<String>()
        for (index, revision) in history.revisions.enumerated() {
            positions[revision.commit.hex] = index
            // Two commits claiming one version (a store written by hand) keep a page each.
            var name = (revision.version?.label ?? String(revision.commit.hex.prefix(12))) + ".html"
            if taken.contains(name) { name = String(revision.commit.hex.prefix(12)) + ".html" }
            taken.insert(name)
            files.append(name)
        }
        revisionFiles = files
        positionOfCommit = positions
        proposalIDs = Set(history.proposals.map(\.proposal.id))

        // Every page carries the current text's title.
        let current = history.current
        let last = history.revisions[history.revisions.count - 1].label
        var page = Page(siteTitle: current.title(orName: history.documentName),
                        footer: "Published with conduct from \(last) of the store; "
                            + "every revision, proposal, comment and attestation is kept in its git history.")
        var documentLanguage = DocumentLanguage.of(current)
        if let language {
            documentLanguage = DocumentLanguage(tag: language, direction: DocumentLanguage.direction(of: language))
        }
        if let direction { documentLanguage.direction = direction }
        page.language = documentLanguage
        page.metadata = Site.metadata(current.frontMatter)
        if !history.translations.isEmpty {
            let source = LanguageSwitcher.Language(tag: documentLanguage.tag, folder: "", clausePages: nil)
            page.switcher = LanguageSwitcher(languages: [source] + history.translations.map { translation in
                LanguageSwitcher.Language(tag: translation.tag.value, folder: Site.translationFolder(translation.tag),
                                          clausePages: Set(translation.document.clauses.compactMap(\.id).map { "clauses/" + Site.clausePageName($0) + ".html" }))
            })
        }
        self.page = page
    }

    /// The frame of a translation's pages: its language and direction on `<html>`, its title,
    /// its own text as the page the title links to.
    func page(for translation: SiteHistory.Translation) -> Page {
        var page = self.page
        page.language = DocumentLanguage(tag: translation.tag.value, direction: translation.tag.direction)
        page.siteTitle = translation.document.title(orName: history.documentName)
        page.home = Site.translationFolder(translation.tag) + "index.html"
        return page
    }

    /// The folder of a translation's pages, below the site's root: its tag (`ja/`, `pt-BR/`).
    /// A tag never names a folder of the source's pages (their names are longer than any
    /// language subtag and carry no hyphen).
    static func translationFolder(_ tag: LanguageTag) -> String { tag.value + "/" }

    /// Creates a folder of the site (its parent made already).
    func makeDirectory(_ relative: String) throws(ConductError) {
        try folder.makeDirectory(relative)
    }

    func write(_ path: String, _ text: String) throws(ConductError) {
        let data = Array(text.utf8)
        try folder.write(path, data)
        pages += path.hasSuffix(".html") ? 1 : 0
        bytes += data.count
    }

    func label(_ position: Int) -> String { revisions[position].label }

    func revisionLink(_ position: Int, from depth: String) -> String { depth + "history/" + revisionFiles[position] }

    func hasProposal(_ id: String) -> Bool { proposalIDs.contains(id) }

    /// A clause page's address, percent-encoded for a link (an id may be `行動規範` or `Our-Pledge`).
    static func clauseFile(_ id: String) -> String { "clauses/" + HTML.pathSegment(clausePageName(id)) + ".html" }

    /// The file name of a clause's page, without `.html`: the id itself, but for an id that
    /// names a page of the folder already (`index`), which gets `index~clause` (ids never hold `~`).
    static func clausePageName(_ id: String) -> String { id.lowercased() == "index" ? id + "~clause" : id }

    /// A link to a clause's anchor on a page, percent-encoded as a URL wants it.
    static func fragment(_ id: String) -> String { "#" + HTML.pathSegment(id) }

    static func proposalFile(_ id: String) -> String { "proposals/" + HTML.pathSegment(id) + ".html" }

    /// The front matter's keys as `<meta>` pairs: every key that is a plain name, its value on
    /// one line; `lang` and `dir` are declared on `<html>` instead.
    static func metadata(_ frontMatter: FrontMatter?) -> [(name: String, content: String)] {
        guard let frontMatter else { return [] }
        var seen = Set<String>()
        return frontMatter.entries.compactMap { entry in
            let name = entry.key
            guard !["lang", "language", "dir"].contains(name), !name.isEmpty, name.utf8.count <= 64, seen.insert(name).inserted,
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) })
            else { return nil }
            let content = entry.value.split(whereSeparator: \.isNewline).joined(separator: " ")
            return (name, content)
        }
    }
}

/// Each translation's pages, in a folder named for its tag: `ja/index.html`, the translated
/// text of the revision it translates, and `ja/clauses/ID.html` per clause. Every page
/// declares the translation's language and direction (`<html lang="ar" dir="rtl">`), and
/// carries the banner that says how the translation stands against the current text.
struct TranslationPages {
    let site: Site
    /// Each clause id's changes, as the revision pages rendered them: what the banner links to.
    let events: [String: [ClausePages.Event]]

    func write() throws(ConductError) {
        for translation in site.history.translations {
            let folder = Site.translationFolder(translation.tag)
            try site.makeDirectory(String(folder.dropLast()))
            try site.makeDirectory(folder + "clauses")
            let banner = TranslationBanner(site: site, translation: translation, events: events)
            let page = site.page(for: translation)
            try writeText(translation, page: page, banner: banner, folder: folder)
            for clause in translation.document.clauses {
                guard let id = clause.id else { continue }
                try writeClause(clause, id: id, translation, page: page, banner: banner, folder: folder)
            }
        }
    }

    /// What the translation is and who made it, in the site's words.
    private func standing(_ translation: SiteHistory.Translation, from up: String, into line: inout HTML) {
        let status = translation.status
        line.text("The translation of ")
        line.link(site.revisionLink(translation.revision, from: up), status.source)
        line.text(" into \(LanguageSwitcher.name(of: translation.tag.value))")
        if let translator = status.translation.translator {
            line.text(" by \(translator.name)")
        }
        line.text(", recorded \(status.translation.time.day).")
    }

    private func writeText(_ translation: SiteHistory.Translation, page: Page, banner: TranslationBanner, folder: String) throws(ConductError) {
        let document = translation.document
        let path = folder + "index.html"
        let last = site.revisions.count - 1
        let text = try page.render(path: path, title: page.siteTitle, section: nil) { html in
            html.element("h1", text: page.siteTitle)
            html.element("p", [("class", "standing")] + page.english) { line in
                standing(translation, from: "../", into: &line)
                line.text(" The current text of the code is ")
                line.link("../index.html", site.label(last))
                line.text(".")
            }
            banner.render(from: "../", into: &html)
            TextPage.renderContents(document, headingAttributes: page.english, into: &html)
            let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in document.clause(id) != nil ? Site.fragment(id) : nil }
            TextPage.renderDocument(document, markdown: markdown, clauseHref: Site.clauseFile,
                                    clauseLink: ("This clause, and its history in the source", page.english), into: &html)
        }
        try site.write(path, text)
    }

    private func writeClause(_ clause: Clause, id: String, _ translation: SiteHistory.Translation, page: Page,
                             banner: TranslationBanner, folder: String) throws(ConductError) {
        let document = translation.document
        let path = folder + "clauses/" + Site.clausePageName(id) + ".html"
        let title = [clause.heading.number, clause.heading.text].compactMap { $0 }.joined(separator: " ")
        let text = try page.render(path: path, title: title, section: nil) { html in
            html.element("h1", text: title)
            html.element("p", [("class", "standing")] + page.english) { line in
                line.text("Clause id ")
                line.element("code", text: id)
                line.text(" in the ")
                line.link("../index.html" + Site.fragment(id), "translated text")
                line.text(". ")
                standing(translation, from: "../../", into: &line)
                line.text(" The source clause: ")
                line.link("../../" + Site.clauseFile(id), "its history and comments")
                line.text(".")
            }
            banner.render(from: "../../", clause: id, into: &html)
            html.element("section", [("class", "clause current"), ("aria-labelledby", "Translated")]) { section in
                section.element("h2", [("id", "Translated")] + page.english, text: "Translated text")
                let markdown = MarkdownHTML(footnotes: MarkdownHTML.footnotes(of: document)) { id in
                    document.clause(id) != nil ? "../index.html" + Site.fragment(id) : nil
                }
                markdown.blocks(clause.blocks, into: &section, scope: "translated")
            }
        }
        try site.write(path, text)
    }
}

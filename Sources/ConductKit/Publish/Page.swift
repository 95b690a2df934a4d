/// The frame every page of a published site shares: head with the one stylesheet, a skip
/// link, the site's navigation (the current section marked), `main`, and a footer. Links are
/// relative to the page, so the site works from `file://` and from any static host.
struct Page {
    enum Section: String, CaseIterable {
        case text = "Text", history = "History", clauses = "Clauses", proposals = "Proposals", attestations = "Attestations"

        var file: String {
            switch self {
            case .text: return "index.html"
            case .history: return "history/index.html"
            case .clauses: return "clauses/index.html"
            case .proposals: return "proposals/index.html"
            case .attestations: return "attestations.html"
            }
        }
    }

    /// The document's title, shown on every page.
    var siteTitle: String
    /// What the footer says the site was published from.
    var footer: String
    /// The document's language and direction, declared on `<html>`; the site's own words
    /// (navigation, footer) are marked English when the document is in another language.
    var language = DocumentLanguage(tag: "en", direction: .ltr)
    /// `<meta name content>` pairs from the document's front matter.
    var metadata: [(name: String, content: String)] = []
    /// The page the site's title links to, relative to the root: the text in the page's language.
    var home = "index.html"
    /// The languages the site is published in; nil when it has no translation (no switcher).
    var switcher: LanguageSwitcher?

    /// Attributes for the site's own words (English): `lang`, and on a right-to-left page `dir`,
    /// so that a sentence's full stop stays at its end.
    var english: [(String, String?)] {
        language.tag.lowercased().hasPrefix("en") ? [] : [("lang", "en"), ("dir", language.direction == .rtl ? "ltr" : nil)]
    }

    /// The page at `path` (relative to the site's root), with `body` writing the inside of `main`.
    func render(path: String, title: String, section: Section?, _ body: (inout HTML) throws(ConductError) -> Void) throws(ConductError) -> String {
        let up = String(repeating: "../", count: path.split(separator: "/").count - 1)
        var html = HTML(capacity: 16_384)
        html.raw("<!DOCTYPE html>\n")
        html.open("html", [("lang", language.tag), ("dir", language.direction == .rtl ? "rtl" : nil)])
        html.raw("\n<head>\n<meta charset=\"utf-8\">\n")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        for (name, content) in metadata {
            html.open("meta", [("name", name), ("content", content)])
            html.raw("\n")
        }
        html.element("title", text: title == siteTitle ? title : "\(title) — \(siteTitle)")
        html.raw("\n")
        html.open("link", [("rel", "stylesheet"), ("href", up + "style.css")])
        html.raw("\n</head>\n<body>\n")
        let english = language.tag.lowercased().hasPrefix("en") ? nil : "en"
        html.link("#Main", "Skip to the content", [("class", "skip"), ("lang", english)])
        html.raw("\n<header class=\"site\">\n")
        html.element("p", [("class", "site-title")]) { $0.link(up + HTML.pathSegments(home), siteTitle) }
        html.raw("\n")
        html.element("nav", [("aria-label", "Site"), ("lang", english)]) { nav in
            nav.element("ul") { list in
                for item in Section.allCases {
                    list.element("li") {
                        $0.link(up + item.file, item.rawValue, [("aria-current", item == section ? "page" : nil)])
                    }
                }
            }
        }
        if let switcher {
            html.raw("\n")
            switcher.render(path: path, up: up, into: &html)
        }
        html.raw("\n</header>\n<main id=\"Main\">\n")
        try body(&html)
        html.raw("\n</main>\n<footer class=\"site\">\n")
        html.element("p", self.english, text: footer)
        html.raw("\n</footer>\n</body>\n</html>\n")
        return html.output
    }
}

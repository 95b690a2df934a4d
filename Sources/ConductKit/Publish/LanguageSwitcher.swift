/// The languages a site is published in, and the switcher every page carries: a link, per
/// language, to the page that stands for this one in it — the same clause's page when that
/// language has one, else its text — the page's own language marked `aria-current`.
///
/// The source's pages are at the root of the site, a translation's under a folder named for
/// its tag (`ja/index.html`, `ja/clauses/scope.html`); links are relative to the page, so the
/// switcher works from `file://` and from any folder the site is served in.
struct LanguageSwitcher {
    struct Language {
        /// The BCP 47 tag, as `lang` and `hreflang` say it.
        var tag: String
        /// The folder of its pages below the site's root: "" for the source, "ja/" for a translation.
        var folder: String
        /// The clause pages it has (`clauses/scope.html`, not percent-encoded); nil: every page
        /// there is, as the source has.
        var clausePages: Set<String>?
    }

    /// The source first, then each translation by tag.
    let languages: [Language]

    /// The language of the page at `path` (relative to the site's root), and the path within its folder.
    func locate(_ path: String) -> (language: Int, inner: String) {
        for (index, language) in languages.enumerated() where !language.folder.isEmpty && path.hasPrefix(language.folder) {
            return (index, String(path.dropFirst(language.folder.count)))
        }
        return (0, path)
    }

    /// The page of `language` that stands for the page at `inner` (a path within a language's
    /// folder), relative to the site's root.
    func counterpart(of inner: String, in language: Language) -> String {
        guard let pages = language.clausePages else { return language.folder + inner }
        return language.folder + (pages.contains(inner) ? inner : "index.html")
    }

    /// The switcher of the page at `path`, whose links climb `up` to the site's root.
    func render(path: String, up: String, into html: inout HTML) {
        let (current, inner) = locate(path)
        html.element("nav", [("aria-label", "Languages"), ("class", "languages")]) { nav in
            nav.element("ul") { list in
                for (index, language) in languages.enumerated() {
                    let href = up + HTML.pathSegments(counterpart(of: inner, in: language))
                    list.element("li") {
                        $0.link(href, LanguageSwitcher.name(of: language.tag),
                                [("lang", language.tag), ("hreflang", language.tag), ("dir", DocumentLanguage.direction(of: language.tag).rawValue),
                                 ("aria-current", index == current ? "page" : nil)])
                    }
                }
            }
        }
    }

    /// A language's name in itself, with its tag (`日本語 (ja)`), so a reader finds their own
    /// language whatever language the page is in; the tag alone for a language not listed here.
    /// (Each link declares its direction, so `العربية (ar)` keeps its parenthesis on any page.)
    static func name(of tag: String) -> String {
        let primary = String(tag.lowercased().split(separator: "-").first ?? "")
        guard let name = autonyms[tag.lowercased()] ?? autonyms[primary] else { return tag }
        return "\(name) (\(tag))"
    }

    static let autonyms: [String: String] = [
        "am": "አማርኛ", "ar": "العربية", "bg": "Български", "bn": "বাংলা", "ca": "Català", "cs": "Čeština", "da": "Dansk",
        "de": "Deutsch", "el": "Ελληνικά", "en": "English", "es": "Español", "et": "Eesti", "eu": "Euskara", "fa": "فارسی",
        "fi": "Suomi", "fr": "Français", "gl": "Galego", "he": "עברית", "hi": "हिन्दी", "hr": "Hrvatski",
        "hu": "Magyar", "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語", "ko": "한국어", "lt": "Lietuvių",
        "lv": "Latviešu", "ms": "Bahasa Melayu", "nl": "Nederlands", "no": "Norsk", "nb": "Norsk bokmål", "pl": "Polski",
        "pt": "Português", "pt-br": "Português do Brasil", "ro": "Română", "ru": "Русский", "sk": "Slovenčina",
        "sl": "Slovenščina", "sr": "Српски", "sv": "Svenska", "sw": "Kiswahili", "ta": "தமிழ்", "th": "ไทย", "tr": "Türkçe",
        "uk": "Українська", "ur": "اردو", "vi": "Tiếng Việt", "zh": "中文", "zh-hans": "简体中文", "zh-hant": "繁體中文",
    ]
}

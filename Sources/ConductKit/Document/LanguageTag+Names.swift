/// Language tags as projects write them in file names and front matter, where nobody typed
/// them for conduct: `zh_CN`, `pt-br`, `jp`, `iw`.
extension LanguageTag {
    /// Codes ISO 639 withdrew that old file names still use, and the codes that replaced them.
    static let withdrawn: [String: String] = ["iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"]

    /// Reads `text` as a tag the way a project meant it: `_` for `-`, any case, a country code
    /// slipped in for a language (`jp` → `ja`, `cz` → `cs`), a withdrawn code (`iw` → `he`) and
    /// a three-letter code of a language with a two-letter one (`glg` → `gl`) taken for the
    /// language meant. Nil when it names no language this tool knows.
    ///
    /// For names read from a repository; what a user types is read with `init(parsing:)`, which
    /// refuses a slip and names the tag probably meant.
    public init?(lenient text: String) {
        if let tag = try? LanguageTag(parsing: text) {
            self = tag
            return
        }
        var parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let first = parts.first?.lowercased() else { return nil }
        if let meant = LanguageTag.withdrawn[first] ?? LanguageTag.twoLetter[first] {
            parts[0] = meant
        } else if let meant = LanguageTag.slips[first] {
            // A slip that names a region itself (`br` → `pt-BR`) stands only alone.
            if meant.contains("-") && parts.count > 1 { return nil }
            parts[0] = meant
        }
        guard let tag = try? LanguageTag(parsing: parts.joined(separator: "-")) else { return nil }
        self = tag
    }

    /// The language a file's name gives it, and nil when it gives none: the name without its
    /// extension (`ja.md`, `pt-BR.md`), the part after its last dot (`code_of_conduct.ja.md`,
    /// `README.pt-BR.md`), or the last one or two parts after a `-` or `_`
    /// (`code-of-conduct-ja.md`, `code-of-conduct-zh-tw.md`, `CONDUCT_zh_CN.md`), read leniently.
    public static func named(byFile path: String) -> LanguageTag? {
        var name = Substring(path.split(separator: "/").last ?? "")
        for suffix in [".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt"] where name.lowercased().hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        guard !name.isEmpty else { return nil }
        if let tag = LanguageTag(lenient: String(name)) { return tag }
        let last = name.split(separator: ".", omittingEmptySubsequences: false).last ?? name
        if last.count < name.count, let tag = LanguageTag(lenient: String(last)) { return tag }
        let words = last.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "-" || $0 == "_" })
        guard words.count > 1 else { return nil }
        // The longer reading first: `zh-tw` is Traditional Chinese as written in Taiwan, not Twi.
        for count in [2, 1] where words.count > count {
            if let tag = LanguageTag(lenient: words.suffix(count).joined(separator: "-")) { return tag }
        }
        return nil
    }
}

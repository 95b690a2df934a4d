import Testing
@testable import ConductKit

/// How `import --translations` reads a translation file's language from its name, and which
/// paths its patterns match: the names real repositories use.
@Suite("Translation file names")
struct TranslationFileNameTests {
    @Test(arguments: [
        ("ja.md", "ja"), ("code-of-conduct-languages/zh-tw.md", "zh-TW"), ("content/version/2/1/code_of_conduct.pt-br.md", "pt-BR"),
        ("code_of_conduct.ja.md", "ja"), ("code-of-conduct-ja.md", "ja"), ("README.pt-BR.md", "pt-BR"), ("CONDUCT_zh_CN.md", "zh-CN"),
        ("zh_CN.md", "zh-CN"), ("code-of-conduct-zh-tw.md", "zh-TW"), ("code_of_conduct.glg.md", "gl"),
        // Country codes and withdrawn codes that real files carry: Czech as cz, Japanese as jp, Hebrew as iw.
        ("cz.md", "cs"), ("source/localizable/_code-of-conduct.jp.md", "ja"), ("code-of-conduct.iw.md", "he"),
        ("code-of-conduct.fa-ir.md", "fa-IR"), ("br.md", "pt-BR"),
    ])
    func aNameGivesItsLanguage(_ name: String, _ tag: String) {
        #expect(LanguageTag.named(byFile: name)?.value == tag, "\(name)")
    }

    @Test(arguments: ["README.md", "index.md", "code-of-conduct.md", "CODE_OF_CONDUCT.md", "coc-committee-charter.md",
                      "LICENSE", "code_of_conduct.md", "CONTRIBUTING.md"])
    func aNameWithoutALanguageGivesNone(_ name: String) {
        #expect(LanguageTag.named(byFile: name) == nil, "\(name) → \(String(describing: LanguageTag.named(byFile: name)))")
    }

    @Test func aLenientTagStillRefusesWhatIsNoLanguage() {
        #expect(LanguageTag(lenient: "pt_br")?.value == "pt-BR")
        #expect(LanguageTag(lenient: "JP")?.value == "ja")
        #expect(LanguageTag(lenient: "klingon") == nil)
        #expect(LanguageTag(lenient: "br-FR") == nil, "a slip that names a region itself stands only alone")
    }

    @Test func patternsMatchWholePathsFolderByFolder() {
        let languages = PathGlob("code-of-conduct-languages/*.md")
        #expect(languages.matches("code-of-conduct-languages/ja.md"))
        #expect(!languages.matches("code-of-conduct-languages/old/ja.md"), "* stays within a folder")
        #expect(!languages.matches("other/code-of-conduct-languages/ja.md"), "a pattern starts at the top")
        #expect(languages.fixedPrefix == "code-of-conduct-languages")
        let top = PathGlob("*.md")
        #expect(top.matches("ja.md") && !top.matches("docs/ja.md"))
        #expect(top.fixedPrefix == "")
        let deep = PathGlob("**/code_of_conduct.*.md")
        #expect(deep.matches("code_of_conduct.ja.md") && deep.matches("content/version/2/1/code_of_conduct.ja.md"))
        #expect(!deep.matches("content/version/2/1/code_of_conduct.md"))
        let set = PathGlob("locales/[a-z][a-z].md")
        #expect(set.matches("locales/de.md") && !set.matches("locales/pt-BR.md") && !set.matches("locales/DE.md"))
        #expect(PathGlob("locales/[!e]?.md").matches("locales/de.md") && !PathGlob("locales/[!e]?.md").matches("locales/en.md"))
        #expect(PathGlob("./docs/?a.md").matches("docs/ja.md"))
        #expect(PathGlob("docs/[ja.md").matches("docs/[ja.md"), "an unclosed [ is an ordinary character")
    }
}

import Foundation
import Testing

/// `publish` with translations end to end: a set of pages per language, a language switcher on
/// every page, and on the pages of a translation that is behind a banner naming exactly the
/// source clauses it has not caught up with, linked to their redlines; checked with tidy, the
/// link checker and headless Chromium, on the Corpus and on a real right-to-left translation.
@Suite("Publishing translations end to end")
struct PublishTranslationTests {
    /// The Corpus site store (v1.2 on main) with the Japanese and French texts of v1.0 recorded,
    /// then updated to their texts of v1.1: both behind at v1.2 with transparency and trustworthy-use.
    static func corpusStore(in directory: TemporaryDirectory) throws -> String {
        let store = try PublishTests.corpusStore(in: directory)
        for language in ["ja", "fr"] {
            let folder = CLI.corpus.appendingPathComponent("translations/\(language)").path
            try CLI.succeed(TranslationTests.add(store, language, folder + "/v1.0.md", of: "v1.0", date: "2025-04-02",
                                                 extra: ["--translator", "\(language) desk (fictional) <\(language)@translations.example>"]))
            try CLI.succeed(TranslationTests.add(store, language, folder + "/v1.1.md", of: "v1.1", date: "2025-04-03", update: true))
        }
        return store
    }

    static func read(_ site: String, _ page: String) throws -> String {
        try String(contentsOfFile: site + "/" + page, encoding: .utf8)
    }

    /// The language switcher of a page: each link's href and language, and which one is marked current.
    static func switcher(_ page: String) -> [(href: String, lang: String, current: Bool)] {
        guard let nav = page.components(separatedBy: "<nav aria-label=\"Languages\" class=\"languages\">").dropFirst().first?
            .components(separatedBy: "</nav>").first else { return [] }
        return nav.matches(of: #/<a href="([^"]*)" lang="([^"]*)" hreflang="[^"]*" dir="(?:ltr|rtl)"( aria-current="page")?>/#).map {
            (String($0.1), String($0.2), $0.3 != nil)
        }
    }

    /// The note on a translation's page: the clause ids it names as not caught up with, and its links to redlines.
    static func banner(_ page: String) -> (clauses: [String], redlines: [String])? {
        guard let note = page.components(separatedBy: "role=\"note\"").dropFirst().first?.components(separatedBy: "</div>").first else { return nil }
        let list = note.components(separatedBy: "<ul class=\"behind\">").dropFirst().first?.components(separatedBy: "</ul>").first ?? ""
        return (list.matches(of: #/<code>([^<]*)</code>/#).map { String($0.1) },
                list.matches(of: #/<a href="([^"]*)" class="redline">/#).map { String($0.1) })
    }

    static func checkLinks(_ site: String) throws {
        let links = try CLI.run("/usr/bin/env", ["python3", CLI.packageRoot.appendingPathComponent("Scripts/check-links").path, site])
        #expect(links.status == 0, "\(links.stdout)\(links.stderr)")
        #expect(links.stdout.contains(" 0 broken"), "\(links.stdout)")
    }

    @Test func eachLanguageHasItsPagesASwitcherOnEveryPageAndABannerWhenBehind() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let site = directory.path("site")
        let published = try PublishTests.publish(store, to: site)
        try #require(published.status == 0, "\(published.stderr)")

        let pages = PublishTests.htmlFiles(site)
        for language in ["ja", "fr"] {
            let index = try Self.read(site, "\(language)/index.html")
            #expect(index.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language)\">"), "\(index.prefix(80))")
            // A page per clause of the translated text (v1.1 has 14), under the language's folder.
            let ids = index.matches(of: #/<section class="clause" id="([^"]+)">/#).map { String($0.1) }
            #expect(ids.count == 14 && ids.contains("transparency") && !ids.contains("trustworthy-use"), "\(ids)")
            let clausePages = pages.filter { $0.hasPrefix("\(language)/clauses/") }
            #expect(Set(clausePages) == Set(ids.map { "\(language)/clauses/\($0).html" }), "\(clausePages)")
            for page in ["\(language)/index.html"] + clausePages {
                let html = try Self.read(site, page)
                #expect(html.contains("<html lang=\"\(language)\">"), "\(page)")
                let banner = try #require(Self.banner(html), "no banner on \(page)")
                #expect(banner.clauses == ["transparency", "trustworthy-use"], "\(page): \(banner.clauses)")
                let up = page.hasPrefix("\(language)/clauses/") ? "../../" : "../"
                #expect(banner.redlines == [up + "history/v1.2.html#transparency", up + "history/v1.2.html#trustworthy-use"], "\(page)")
            }
            #expect(index.contains("This translation has not caught up with the current text."))
            #expect(index.contains("It translates v1.1, and the current text is v1.2"))
            #expect(try Self.read(site, "\(language)/clauses/transparency.html").contains("(<code>transparency</code>; this clause)"))
        }
        #expect(try Self.read(site, "ja/index.html").contains("<h1>高度なAIシステムを開発する組織のための国際行動規範</h1>"))

        // Every page carries the switcher: the source's language, then each translation, the page's own marked current.
        #expect(pages.count == 29 + 2 * 15, "\(pages.count) pages: the source's 29 and 15 per translation")
        for page in pages {
            let html = try Self.read(site, page)
            let links = Self.switcher(html)
            #expect(links.map(\.lang) == ["en", "fr", "ja"], "\(page): \(links)")
            let own = page.hasPrefix("ja/") ? "ja" : page.hasPrefix("fr/") ? "fr" : "en"
            #expect(links.filter(\.current).map(\.lang) == [own], "\(page)")
            if own == "en" { #expect(!html.contains("role=\"note\""), "\(page): the source text needs no banner") }
        }
        // The switcher leads to the same clause in another language where it has one, else to its text.
        let hrefs = { (page: String) in Dictionary(uniqueKeysWithValues: Self.switcher(try Self.read(site, page)).map { ($0.lang, $0.href) }) }
        #expect(try hrefs("clauses/transparency.html") == ["en": "../clauses/transparency.html", "fr": "../fr/clauses/transparency.html",
                                                           "ja": "../ja/clauses/transparency.html"])
        #expect(try hrefs("ja/clauses/transparency.html") == ["en": "../../clauses/transparency.html", "fr": "../../fr/clauses/transparency.html",
                                                              "ja": "../../ja/clauses/transparency.html"])
        #expect(try hrefs("clauses/trustworthy-use.html")["ja"] == "../ja/index.html")
        #expect(try hrefs("history/v1.2.html") == ["en": "../history/v1.2.html", "fr": "../fr/index.html", "ja": "../ja/index.html"])
        #expect(try hrefs("index.html") == ["en": "index.html", "fr": "fr/index.html", "ja": "ja/index.html"])

        try PublishTests.expectTidy(site)
        try Self.checkLinks(site)
    }

    @Test func aTranslationSaysWhenItReadsAsTheCurrentTextAndWhatItLacks() throws {
        let directory = try TemporaryDirectory()
        // v1.1 on main, adopted as non-material: the texts of v1.0 read as the current text.
        let store = try TranslationCorpusTests.storeAtV11(in: directory)
        let partial = try directory.write("de.md", try TranslationTests.translation(of: "v1.1", carryingIDs: true, dropping: "data-protection"))
        try CLI.succeed(TranslationTests.add(store.path, "de", partial, of: "v1.1", date: "2024-04-02", extra: ["--allow-incomplete"]))
        let site = directory.path("site")
        let published = try PublishTests.publish(store.path, to: site)
        try #require(published.status == 0, "\(published.stderr)")

        for language in ["ja", "fr"] {
            let index = try Self.read(site, "\(language)/index.html")
            #expect(index.contains("<div class=\"banner editorial\" role=\"note\""), "\(language)")
            #expect(index.contains("<strong>This translation reads as the current text.</strong> It translates v1.0, and the current text is v1.1; "
                                   + "the changes since are editorial or were adopted as non-material"), "\(language)")
            #expect(Self.banner(index)?.clauses == [], "nothing to catch up with")
        }
        // The German text of v1.1 lacks one clause: said, and linked to the source's page of that clause.
        let german = try Self.read(site, "de/index.html")
        #expect(german.contains("<div class=\"banner incomplete\" role=\"note\""))
        #expect(german.contains("<strong>This translation is incomplete.</strong> 1 clause of v1.1 has no translation here: "
                                + "<a href=\"../clauses/data-protection.html\">11. Manage data inputs"), "\(german)")
        #expect(!german.contains("has not caught up") && !german.contains("reads as the current text"))
        #expect(!FileManager.default.fileExists(atPath: site + "/de/clauses/data-protection.html"))
        #expect(Self.switcher(try Self.read(site, "clauses/data-protection.html")).first { $0.lang == "de" }?.href == "../de/index.html")
        #expect(Self.switcher(try Self.read(site, "index.html")).map(\.lang) == ["en", "de", "fr", "ja"])
        try PublishTests.expectTidy(site)
        try Self.checkLinks(site)
    }

    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/ConductCLITests/Fixtures").path
    /// The Contributor Covenant 2.1 in English and the community's Arabic translation of it (see the LICENSE-NOTEs).
    static let covenant = fixtures + "/RealHistories/EthicalSource-contributor_covenant/version-2.1-en/20-d947a0f0cd.md"
    static let arabic = fixtures + "/Translations/contributor-covenant-2.1/ar.md"

    /// Headless Chromium on `page` of `site`: a screenshot, the DOM as rendered, and what a
    /// harness page measures of its layout with the page in a 1000 × 800 frame.
    struct Rendered {
        var dom: String
        var screenshot: String
        var layout: [String: Any]
    }

    static func render(_ page: String, of site: String, in directory: TemporaryDirectory, chromium: String) throws -> Rendered {
        let url = "file://" + site + "/" + page
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=" + directory.path("chromium-profile"), "--hide-scrollbars"]
        let shots = ProcessInfo.processInfo.environment["CONDUCT_SCREENSHOTS"] ?? directory.path("shots")
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let screenshot = shots + "/" + page.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".html", with: ".png")
        let shot = try CLI.run(chromium, common + ["--screenshot=" + screenshot, "--window-size=1000,1200", url])
        #expect(FileManager.default.fileExists(atPath: screenshot), "no screenshot of \(page): \(shot.stderr)")
        let dom = try CLI.run(chromium, common + ["--dump-dom", url])
        #expect(dom.status == 0, "\(dom.stderr)")
        // The site has no script; the harness beside it reads the page's boxes through a frame.
        let harness = try directory.write("harness.html", """
            <!DOCTYPE html><html><body><pre id="out">not measured</pre>
            <iframe id="frame" src="\(url)" style="width:1000px;height:800px"></iframe>
            <script>
            document.getElementById("frame").onload = function () {
              var d = this.contentDocument, w = this.contentWindow, box = function (e) { return e ? e.getBoundingClientRect() : null; };
              var h1 = d.createRange(); h1.selectNodeContents(d.querySelector("h1"));
              var t = h1.getBoundingClientRect(), m = box(d.querySelector("main")), skip = box(d.querySelector(".skip"));
              var banner = d.querySelector("[role=note]"), current = d.querySelector("nav.languages [aria-current=page]");
              document.getElementById("out").textContent = JSON.stringify({
                direction: w.getComputedStyle(d.documentElement).direction,
                scrollWidth: d.documentElement.scrollWidth, clientWidth: d.documentElement.clientWidth,
                titleLeft: t.left, titleRight: t.right, mainLeft: m.left, mainRight: m.right,
                skipLeft: skip.left, skipRight: skip.right, text: d.body.innerText.length,
                bannerHeight: banner ? box(banner).height : 0, bannerDirection: banner ? w.getComputedStyle(banner).direction : "",
                bannerText: banner ? banner.innerText : "", current: current ? current.getAttribute("lang") : "" });
            };
            </script></body></html>
            """)
        let measured = try CLI.run(chromium, common + ["--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", "file://" + harness])
        let json = measured.stdout.components(separatedBy: "<pre id=\"out\">").dropFirst().first?.components(separatedBy: "</pre>").first ?? ""
        let layout = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
        #expect(!layout.isEmpty, "the harness measured nothing: \(json) \(measured.stderr)")
        return Rendered(dom: dom.stdout, screenshot: screenshot, layout: layout)
    }

    /// The share of a PNG's pixels that are ink (darker than the paper): 0 for a blank page.
    static func ink(_ png: String) throws -> Double {
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], "rb").read()
            pos, idat = 8, b""
            while pos < len(data):
                length, kind = struct.unpack(">I4s", data[pos:pos + 8])
                chunk = data[pos + 8:pos + 8 + length]
                pos += 12 + length
                if kind == b"IHDR":
                    width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
                elif kind == b"IDAT":
                    idat += chunk
            raw, bpp = zlib.decompress(idat), {2: 3, 6: 4}[colour]
            stride, previous, ink = width * bpp, bytearray(width * bpp), 0
            for y in range(height):
                start = y * (stride + 1)
                kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
                for i in range(stride):
                    a = line[i - bpp] if i >= bpp else 0
                    b, c = previous[i], (previous[i - bpp] if i >= bpp else 0)
                    if kind == 1: line[i] = (line[i] + a) & 255
                    elif kind == 2: line[i] = (line[i] + b) & 255
                    elif kind == 3: line[i] = (line[i] + ((a + b) >> 1)) & 255
                    elif kind == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                ink += sum(1 for x in range(0, stride, bpp) if min(line[x], line[x + 1], line[x + 2]) < 160)
                previous = line
            print(ink / (width * height))
            """
        let result = try CLI.run("/usr/bin/env", ["python3", "-c", script, png])
        return try #require(Double(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result.stderr)")
    }

    @Test func chromiumShowsTheBannerAndTheSwitcherOfATranslationThatIsBehind() throws {
        let chromium = try PublishTests.tool("chromium")
        let directory = try TemporaryDirectory()
        let store = try Self.corpusStore(in: directory)
        let site = directory.path("site")
        try #require(try PublishTests.publish(store, to: site).status == 0)
        for page in ["ja/index.html", "fr/clauses/transparency.html"] {
            let rendered = try Self.render(page, of: site, in: directory, chromium: chromium)
            #expect(Self.banner(rendered.dom)?.clauses == ["transparency", "trustworthy-use"], "\(page)")
            #expect(rendered.dom.contains("<html lang=\"\(page.prefix(2))\">"))
            let layout = rendered.layout
            #expect(layout["current"] as? String == String(page.prefix(2)), "\(page): \(layout)")
            #expect((layout["bannerHeight"] as? Double ?? 0) > 40, "\(page): the banner is shown")
            let words = layout["bannerText"] as? String ?? ""
            #expect(words.contains("not caught up") && words.contains("transparency") && words.contains("trustworthy-use"), "\(words)")
            #expect(try Self.ink(rendered.screenshot) > 0.01, "\(page) renders blank")
        }
    }

    @Test func aRealArabicTranslationIsPublishedRightToLeftAndRendersInChromium() throws {
        let chromium = try PublishTests.tool("chromium")
        let directory = try TemporaryDirectory()
        let store = directory.path("covenant.git")
        try CLI.succeed(CLI.conduct(["init", store, "--from", Self.covenant, "--version", "2.1", "--date", "2023-10-20"]))
        let added = try CLI.succeed(TranslationTests.add(store, "ar", Self.arabic, of: "v2.1", date: "2024-04-30"))
        #expect(added.stdout.contains("Recorded the ar translation of v2.1"), "\(added.stdout)")
        // v2.2 names its way to report: the Arabic text has not caught up with the Enforcement clause.
        let english = try String(contentsOfFile: Self.covenant, encoding: .utf8)
        let v22 = try directory.write("v2.2.md", english.replacingOccurrences(of: "[INSERT CONTACT METHOD]", with: "conduct@example.org"))
        try CLI.succeed(CLI.conduct(["adopt", "--store", store, "--from", v22, "--version", "2.2", "--date", "2024-06-01"]))
        let site = directory.path("site")
        let published = try PublishTests.publish(store, to: site)
        try #require(published.status == 0, "\(published.stderr)")

        let pages = PublishTests.htmlFiles(site).filter { $0.hasPrefix("ar/") }
        #expect(pages.count == 1 + 11, "the text and its 11 clauses: \(pages)")
        for page in pages {
            let html = try Self.read(site, page)
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"), "\(page)")
            #expect(Self.banner(html)?.clauses == ["enforcement"], "\(page)")
            // The site's own words stay left to right inside the right-to-left page.
            #expect(html.contains("role=\"note\" aria-label=\"How this translation stands\" lang=\"en\" dir=\"ltr\">"), "\(page)")
        }
        let index = try Self.read(site, "ar/index.html")
        #expect(Self.banner(index)?.redlines == ["../history/v2.2.html#enforcement"])
        #expect(index.contains("<h1>ميثاق مدونة قواعد سلوك المساهمين</h1>"))
        #expect(index.contains("<a href=\"../ar/index.html\" lang=\"ar\" hreflang=\"ar\" dir=\"rtl\" aria-current=\"page\">العربية (ar)</a>"))
        try PublishTests.expectTidy(site)
        try Self.checkLinks(site)

        let rendered = try Self.render("ar/index.html", of: site, in: directory, chromium: chromium)
        let layout = rendered.layout
        let number = { (key: String) in layout[key] as? Double ?? .nan }
        #expect(layout["direction"] as? String == "rtl")
        #expect(layout["bannerDirection"] as? String == "ltr")
        #expect(number("text") > 2000, "the Arabic text is there: \(layout)")
        // Right to left: the title starts at the right edge of the column, not the left.
        #expect(number("mainRight") - number("titleRight") < number("titleLeft") - number("mainLeft"), "\(layout)")
        // The hidden skip link is moved off the start side (the right here): a physical `left`
        // would widen a right-to-left page by its offset, and the page would scroll sideways.
        #expect(number("scrollWidth") <= number("clientWidth"), "\(layout)")
        #expect(number("skipLeft") >= number("clientWidth"), "\(layout)")
        #expect(try Self.ink(rendered.screenshot) > 0.01, "the right-to-left page renders blank")
    }
}

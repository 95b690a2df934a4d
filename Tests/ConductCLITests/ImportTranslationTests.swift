import Foundation
import Testing

/// `conduct import --translations GLOB`: a repository's translation files come in with their
/// history, after the source's, each commit a translated revision of the source revision it
/// follows, and nothing is written into the repository read.
@Suite("Import of translations")
struct ImportTranslationTests {
    /// A project's repository built commit by commit with the git CLI, as a peer.
    struct Project {
        let directory: TemporaryDirectory
        let path: String

        init() throws {
            directory = try TemporaryDirectory()
            path = directory.path("project")
            _ = try CLI.gitRepository(at: path, user: ("Maintainer", "maintainer@example.org"))
        }

        @discardableResult
        func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
            let result = try CLI.run("/usr/bin/env", ["git", "-C", path] + arguments, environment: environment)
            try #require(result.status == 0, "git \(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Writes `files` (path → text; nil removes the file), commits them as `author` at `date`,
        /// and returns the commit id.
        @discardableResult
        func commit(_ files: [String: String?], message: String, author: String = "Maintainer <maintainer@example.org>",
                    date: String) throws -> String {
            for (file, text) in files {
                let full = path + "/" + file
                if let text {
                    try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try #require(FileManager.default.createFile(atPath: full, contents: Data(text.utf8)))
                } else {
                    try FileManager.default.removeItem(atPath: full)
                }
            }
            try git(["add", "-A"])
            try git(["commit", "-q", "--allow-empty", "-m", message, "--author", author, "--date", date],
                    environment: ["GIT_COMMITTER_DATE": date])
            return try git(["rev-parse", "HEAD"])
        }

        /// Every ref with its object, the object count, and every file of the git directory with
        /// its bytes: what must be the same after an import read the repository.
        struct State: Equatable {
            let refs: String
            let files: [String: Data]
        }

        func state() throws -> State {
            State(refs: try git(["for-each-ref", "--format=%(refname) %(objectname)"]) + "\n" + (try git(["count-objects", "-v"])),
                  files: snapshot(path + "/.git"))
        }
    }

    static let v1 = "# Project Code of Conduct\n\n## Kindness\n\nBe kind to everyone who takes part.\n\n## Scope\n\nThis code applies in every project space.\n"
    static let v2 = "# Project Code of Conduct\n\n## Kindness\n\nBe kind to everyone who takes part.\n\n## Scope\n\nThis code applies in every project space, and in public when you speak for the project.\n"
    static let fr1 = "# Code de conduite du projet\n\n## Bienveillance\n\nSoyez bienveillants envers tous les participants.\n\n## Portée\n\nCe code s'applique dans tous les espaces du projet.\n"
    static let fr1b = "# Code de conduite du projet\n\n## Bienveillance\n\nSoyez bienveillants envers toutes les personnes qui participent.\n\n## Portée\n\nCe code s'applique dans tous les espaces du projet.\n"
    static let de1 = "# Verhaltenskodex des Projekts\n\n## Freundlichkeit\n\nSeid freundlich zu allen, die mitmachen.\n\n## Geltungsbereich\n\nDieser Kodex gilt in allen Räumen des Projekts.\n"
    static let de2 = "# Verhaltenskodex des Projekts\n\n## Freundlichkeit\n\nSeid freundlich zu allen, die mitmachen.\n\n## Geltungsbereich\n\nDieser Kodex gilt in allen Räumen des Projekts und öffentlich, wenn ihr für das Projekt sprecht.\n"
    /// Named for no language; its front matter says Japanese, and that it translates 1.0.
    static let ja1 = "---\nlang: ja\ntranslation-of: \"1.0\"\n---\n# プロジェクト行動規範\n\n## 親切\n\n参加するすべての人に親切にしてください。\n\n## 適用範囲\n\nこの規範はプロジェクトのすべての場で適用されます。\n"
    /// One heading more than the source has: it cannot be aligned.
    static let es1 = "# Código de conducta\n\n## Amabilidad\n\nSed amables con todos.\n\n## Ámbito\n\nSe aplica en todos los espacios.\n\n## Notas de la traducción\n\nTraducido por voluntarios.\n"

    /// The source with two versions, and translations that lag it, follow it, name what they
    /// translate (front matter, trailer), cannot be aligned, or have no language.
    static func project() throws -> (Project, [String: String]) {
        let project = try Project()
        var commits: [String: String] = [:]
        commits["v1"] = try project.commit(["CODE_OF_CONDUCT.md": v1], message: "Add a code of conduct", date: "2024-01-10T10:00:00+01:00")
        try project.git(["tag", "v1.0"])
        commits["fr1"] = try project.commit(["translations/fr.md": fr1], message: "Translate into French",
                                            author: "Claire Traductrice <claire@example.org>", date: "2024-01-20T10:00:00+01:00")
        commits["de1"] = try project.commit(["translations/de.md": de1], message: "Translate into German",
                                            author: "Dieter Übersetzer <dieter@example.org>", date: "2024-01-21T10:00:00+01:00")
        commits["readme"] = try project.commit(["translations/README.md": "# Translations\n\nCopy CODE_OF_CONDUCT.md and translate it.\n"],
                                               message: "Say how to translate", date: "2024-01-22T10:00:00+01:00")
        commits["v2"] = try project.commit(["CODE_OF_CONDUCT.md": v2], message: "Widen the scope to public speech",
                                           date: "2024-03-01T10:00:00+01:00")
        try project.git(["tag", "v1.1"])
        commits["de2"] = try project.commit(["translations/de.md": de2], message: "Follow the wider scope in German",
                                            author: "Dieter Übersetzer <dieter@example.org>", date: "2024-03-05T10:00:00+01:00")
        // Committed after v1.1, but a translation of v1.0: its front matter says so.
        commits["ja1"] = try project.commit(["translations/nihongo.md": ja1], message: "Add the Japanese translation of 1.0",
                                            author: "Aiko Tanaka <aiko@example.org>", date: "2024-03-06T10:00:00+01:00")
        commits["es1"] = try project.commit(["translations/es.md": es1], message: "Translate into Spanish",
                                            author: "Elena <elena@example.org>", date: "2024-03-07T10:00:00+01:00")
        // A wording fix of the French text of v1.0, after v1.1: the trailer keeps it a translation of v1.0.
        commits["fr2"] = try project.commit(["translations/fr.md": fr1b],
                                            message: "French: reword kindness\n\nTranslation-Of: v1.0",
                                            author: "Claire Traductrice <claire@example.org>", date: "2024-03-08T10:00:00+01:00")
        return (project, commits)
    }

    static func importArguments(_ project: Project, store: String) -> [String] {
        ["import", "--from-git", project.path, "--path", "CODE_OF_CONDUCT.md", "--translations", "translations/*.md", "--store", store]
    }

    static func files(_ report: [String: Any]) throws -> [String: [String: Any]] {
        let files = try #require(report["translations"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: files.map { ($0["path"] as? String ?? "", $0) })
    }

    @Test func translationsComeInWithTheirHistoryAndTheRepositoryIsLeftAsItWas() throws {
        let (project, commits) = try Self.project()
        let before = try project.state()
        let store = project.directory.path("store.git")
        let result = try CLI.conduct(Self.importArguments(project, store: store) + ["--format", "json"])
        #expect(result.status == 1, "written, but the Spanish text could not be aligned: exit 1 (\(result.stderr))")
        let validation = try CLI.validate(result.stdout, schema: "import")
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
        let report = try CLI.json(result.stdout)
        #expect((report["revisions"] as? [[String: Any]])?.compactMap { $0["version"] as? String } == ["1.0", "1.1"])
        let files = try Self.files(report)
        #expect(files.keys.sorted() == ["translations/README.md", "translations/de.md", "translations/es.md",
                                        "translations/fr.md", "translations/nihongo.md"])

        // No language to tell: listed with the way out, not read.
        let readme = try #require(files["translations/README.md"])
        #expect(readme["language"] == nil)
        #expect((readme["reason"] as? String)?.contains("--translation-language translations/README.md=TAG") == true, "\(readme)")
        #expect((readme["imported"] as? [Any])?.isEmpty == true)

        // German follows the source: each text translates the revision committed before it.
        let de = try #require(files["translations/de.md"])
        #expect(de["language"] as? String == "de" && de["languageFrom"] as? String == "file name")
        let deImported = try #require(de["imported"] as? [[String: Any]])
        #expect(deImported.map { $0["source"] as? String ?? "" } == [commits["de1"], commits["de2"]])
        #expect(deImported.map { ($0["translates"] as? [String: Any])?["label"] as? String ?? "" } == ["v1.0", "v1.1"])
        #expect(deImported.allSatisfy { $0["rule"] as? String == "preceding" })
        #expect(deImported.allSatisfy { ($0["translator"] as? [String: Any])?["name"] as? String == "Dieter Übersetzer" })
        #expect(deImported.first?["date"] as? String == "2024-01-21T10:00:00+01:00")
        #expect((de["atMain"] as? [String: Any])?["state"] as? String == "current")

        // French lags: both texts translate v1.0 (the second by its trailer), so it is behind on scope.
        let fr = try #require(files["translations/fr.md"])
        let frImported = try #require(fr["imported"] as? [[String: Any]])
        #expect(frImported.map { $0["rule"] as? String ?? "" } == ["preceding", "trailer"])
        #expect(frImported.map { ($0["translates"] as? [String: Any])?["label"] as? String ?? "" } == ["v1.0", "v1.0"])
        let frMain = try #require(fr["atMain"] as? [String: Any])
        #expect(frMain["state"] as? String == "behind")
        #expect((frMain["behind"] as? [[String: Any]])?.map { $0["clause"] as? String ?? "" } == ["scope"])
        #expect((frMain["behind"] as? [[String: Any]])?.first?["revisions"] as? [String] == ["v1.1"])

        // Japanese: language and source revision from the front matter, though committed after v1.1.
        let ja = try #require(files["translations/nihongo.md"])
        #expect(ja["language"] as? String == "ja" && ja["languageFrom"] as? String == "front matter")
        let jaImported = try #require(ja["imported"] as? [[String: Any]])
        #expect(jaImported.map { $0["rule"] as? String ?? "" } == ["front-matter"])
        #expect(jaImported.map { ($0["translates"] as? [String: Any])?["label"] as? String ?? "" } == ["v1.0"])
        #expect((ja["atMain"] as? [String: Any])?["state"] as? String == "behind")

        // Spanish cannot be aligned: skipped with the reason, the others imported all the same.
        let es = try #require(files["translations/es.md"])
        #expect((es["imported"] as? [Any])?.isEmpty == true)
        let esSkipped = try #require(es["skipped"] as? [[String: Any]])
        #expect(esSkipped.map { $0["commit"] as? String ?? "" } == [commits["es1"]])
        #expect((esSkipped.first?["reason"] as? String)?.contains("does not align with v1.1") == true, "\(esSkipped)")
        #expect(es["atMain"] == nil)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["translatedRevisions"] as? Int == 5 && summary["translationsSkipped"] as? Int == 1)

        // The store holds them as any translation add would, signed and verifiable.
        let rows = try TranslationTests.rows(store, at: "v1.1")
        #expect(rows.mapValues { $0["state"] as? String ?? "" } == ["de": "current", "fr": "behind", "ja": "behind"])
        #expect((rows["fr"]?["translator"] as? [String: Any])?["name"] as? String == "Claire Traductrice")
        #expect((rows["fr"]?["recordedBy"] as? [String: Any])?["name"] as? String == "Maintainer")
        let shown = try CLI.succeed(CLI.conduct(["show", "--store", store, "--lang", "fr", "--raw"]))
        #expect(shown.stdout.contains("## Portée {#scope}"), "\(shown.stdout)")
        #expect(shown.stdout.contains("toutes les personnes qui participent"), "the latest French text")
        try CLI.succeed(CLI.conduct(["verify", "--store", store]))
        #expect(try CLI.git(["-C", store, "fsck", "--strict"]).status == 0)

        // The source repository is exactly as it was: no ref, object or file written.
        #expect(try project.state() == before)

        // Again: nothing new is written; what was imported is counted, the Spanish text is still named.
        let ledger = try CLI.git(["-C", store, "rev-parse", "refs/conduct/records"]).stdout
        let again = try CLI.conduct(Self.importArguments(project, store: store) + ["--format", "json"])
        #expect(again.status == 1, "\(again.stderr)")
        #expect(try CLI.validate(again.stdout, schema: "import").status == 0)
        let againFiles = try Self.files(try CLI.json(again.stdout))
        #expect(againFiles["translations/de.md"]?["alreadyImported"] as? Int == 2)
        #expect((againFiles["translations/de.md"]?["imported"] as? [Any])?.isEmpty == true)
        #expect((againFiles["translations/es.md"]?["skipped"] as? [Any])?.count == 1)
        #expect(try CLI.git(["-C", store, "rev-parse", "refs/conduct/records"]).stdout == ledger)
        #expect(try project.state() == before)
    }

    @Test func theTextReportNamesEachLanguageItsStateAndWhatWasSkipped() throws {
        let (project, commits) = try Self.project()
        let store = project.directory.path("store.git")
        let result = try CLI.conduct(Self.importArguments(project, store: store))
        #expect(result.status == 1)
        let out = result.stdout
        #expect(out.contains("Translations (translations/*.md): 4 languages, 5 translated revisions imported, 1 skipped."), "\(out)")
        #expect(out.contains("translations/README.md: not imported: its language cannot be told"), "\(out)")
        #expect(out.contains("de     translations/de.md (language from its file name): 2 imported; at main current (translates v1.1)"), "\(out)")
        #expect(out.contains("fr     translations/fr.md (language from its file name): 2 imported; at main behind (translates v1.0)"), "\(out)")
        #expect(out.contains("behind by 1 clause: scope"), "\(out)")
        #expect(out.contains("ja     translations/nihongo.md (language from its front matter): 1 imported; at main behind (translates v1.0)"), "\(out)")
        #expect(out.contains("skipped \(commits["es1"]!.prefix(12))  translations/es.md: it does not align with v1.1"), "\(out)")
    }

    @Test func aLanguageGivenOnTheCommandLineWinsAndAMistakeWritesNothing() throws {
        let (project, _) = try Self.project()
        let store = project.directory.path("store.git")
        // A pattern that matches nothing, a language for a file no pattern matched, a tag that is none.
        let nothing = try CLI.conduct(["import", "--from-git", project.path, "--path", "CODE_OF_CONDUCT.md",
                                       "--translations", "locales/*.md", "--store", store])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("--translations 'locales/*.md' matches no file"), "\(nothing.stderr)")
        #expect(nothing.stderr.contains("translations/fr.md"), "the Markdown files there are named")
        let unmatched = try CLI.conduct(Self.importArguments(project, store: store) + ["--translation-language", "docs/it.md=it"])
        #expect(unmatched.status == 2 && unmatched.stderr.contains("--translation-language docs/it.md is not among the files"), "\(unmatched.stderr)")
        let slip = try CLI.conduct(Self.importArguments(project, store: store) + ["--translation-language", "translations/README.md=jp"])
        #expect(slip.status == 2 && slip.stderr.contains("probably 'ja'"), "\(slip.stderr)")
        let usage = try CLI.conduct(Self.importArguments(project, store: store) + ["--translation-language", "translations/README.md"])
        #expect(usage.status == 64 && usage.stderr.contains("needs FILE=TAG"), "\(usage.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store), "no store was made")

        // The option names the language of a file whose name says another.
        let ok = try CLI.conduct(Self.importArguments(project, store: store) + ["--translation-language", "translations/fr.md=fr-CA", "--format", "json"])
        #expect(ok.status == 1, "\(ok.stderr)")
        let fr = try #require(try Self.files(try CLI.json(ok.stdout))["translations/fr.md"])
        #expect(fr["language"] as? String == "fr-CA" && fr["languageFrom"] as? String == "--translation-language")
        #expect(try TranslationTests.rows(store, at: "v1.1").keys.sorted() == ["de", "fr-CA", "ja"])
    }

    @Test func translationsAddedAfterAnImportComeInWithTheNextOne() throws {
        let (project, _) = try Self.project()
        let store = project.directory.path("store.git")
        try #require(try CLI.conduct(Self.importArguments(project, store: store)).status == 1)
        // A new French text of v1.1, with no new revision of the source.
        let fr3 = Self.fr1b.replacingOccurrences(of: "dans tous les espaces du projet.", with: "dans tous les espaces du projet, et en public.")
        let commit = try project.commit(["translations/fr.md": fr3], message: "French: follow the wider scope",
                                        author: "Claire Traductrice <claire@example.org>", date: "2024-04-01T10:00:00+02:00")
        let again = try CLI.conduct(Self.importArguments(project, store: store) + ["--format", "json"])
        #expect(again.status == 1, "the Spanish text is still skipped (\(again.stderr))")
        let report = try CLI.json(again.stdout)
        #expect((report["revisions"] as? [Any])?.isEmpty == true)
        let fr = try #require(try Self.files(report)["translations/fr.md"])
        #expect((fr["imported"] as? [[String: Any]])?.map { $0["source"] as? String ?? "" } == [commit])
        #expect(fr["alreadyImported"] as? Int == 2)
        #expect((fr["atMain"] as? [String: Any])?["state"] as? String == "current")
        let text = try CLI.conduct(Self.importArguments(project, store: store))
        #expect(text.stdout.contains("no revision was written") || text.stdout.contains("nothing was written"), "\(text.stdout)")
    }

    @Test func withoutTheSecretariatKeyNothingIsWrittenNotEvenTheRevisions() throws {
        let (project, _) = try Self.project()
        let store = project.directory.path("store.git")
        let plain = ["import", "--from-git", project.path, "--path", "CODE_OF_CONDUCT.md", "--store", store]
        try CLI.succeed(CLI.conduct(plain))
        // The key goes elsewhere, and the source moves on.
        let key = project.directory.path("secretariat_ed25519")
        try FileManager.default.moveItem(atPath: store + "/conduct/secretariat_ed25519", toPath: key)
        try project.commit(["CODE_OF_CONDUCT.md": Self.v2 + "\n## Reporting\n\nWrite to conduct@example.org.\n"],
                           message: "Say where to report", date: "2024-04-02T10:00:00+02:00")
        let before = try ImportTests.refs(store)
        let refused = try CLI.conduct(Self.importArguments(project, store: store))
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("secretariat"), "\(refused.stderr)")
        #expect(try ImportTests.refs(store) == before, "main did not move")
        // Given the key, the revision and the translations come in.
        let given = try CLI.conduct(Self.importArguments(project, store: store) + ["--secretariat-key", key, "--format", "json"])
        #expect(given.status == 1, "\(given.stderr)")
        let report = try CLI.json(given.stdout)
        #expect((report["revisions"] as? [Any])?.count == 1)
        #expect((report["summary"] as? [String: Any])?["translatedRevisions"] as? Int == 5)
        try CLI.succeed(CLI.conduct(["verify", "--store", store]))
    }

    /// Fixtures/RealHistories/rubyberlin-code-of-conduct (CC BY-SA 4.0; its LICENSE-NOTE names
    /// every commit): the English source at its versions 12 to 15 and the Japanese and Arabic
    /// translations at all theirs, replayed in the order of their real commits with their real
    /// paths, authors and dates. The Japanese file was `_code-of-conduct.jp.md`, then `.ja.md`,
    /// then `ja.md`; the last commit moved all three files to the top.
    static func rubyberlin() throws -> (Project, [String: [String]]) {
        let root = RealHistoryTests.root.appendingPathComponent("rubyberlin-code-of-conduct")
        struct Version { let file: String; let index: Int; let commit: String; let path: String; let author: String; let date: String; let subject: String; let text: String }
        var versions: [Version] = []
        for (file, range) in [("en", 12...15), ("ja", 1...5), ("ar", 1...3)] {
            let table = try String(contentsOf: root.appendingPathComponent("\(file)/history.tsv"), encoding: .utf8)
            for line in table.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard let index = Int(fields[0]), range.contains(index) else { continue }
                let text = try String(contentsOf: root.appendingPathComponent("\(file)/\(fields[7])"), encoding: .utf8)
                versions.append(Version(file: file, index: index, commit: fields[1], path: fields[2], author: "\(fields[3]) <\(fields[4])>",
                                        date: fields[5], subject: fields[6], text: text))
            }
        }
        let dates = ISO8601DateFormatter()
        var order: [String] = []
        for version in versions.sorted(by: { dates.date(from: $0.date)! < dates.date(from: $1.date)! }) where !order.contains(version.commit) {
            order.append(version.commit)
        }
        let project = try Project()
        var paths: [String: String] = [:]
        var replayed: [String: [String]] = [:]
        for original in order {
            let group = versions.filter { $0.commit == original }
            var files: [String: String?] = [:]
            for version in group {
                if let old = paths[version.file], old != version.path { files[old] = .some(nil) }
                files[version.path] = version.text
                paths[version.file] = version.path
            }
            let commit = try project.commit(files, message: group[0].subject, author: group[0].author, date: group[0].date)
            for version in group { replayed[version.file, default: []].append(commit) }
        }
        return (project, replayed)
    }

    @Test func aRealHistoryOfTranslationsFollowsItsRenames() throws {
        let (project, commits) = try Self.rubyberlin()
        let before = try project.state()
        let store = project.directory.path("store.git")
        let result = try CLI.conduct(["import", "--from-git", project.path, "--path", "en.md", "--translations", "*.md",
                                      "--store", store, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.validate(result.stdout, schema: "import").status == 0)
        let report = try CLI.json(result.stdout)
        let revisions = try #require(report["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["source"] as? String ?? "" } == commits["en"])
        let labels = Dictionary(uniqueKeysWithValues: revisions.map { ($0["source"] as? String ?? "", "v" + ($0["version"] as? String ?? "")) })
        let files = try Self.files(report)
        #expect(files.keys.sorted() == ["ar.md", "ja.md"], "en.md is the source")

        // Japanese: five commits, one a pure rename (jp → ja), so four texts; each translates the
        // English revision committed before it, the last the one committed with it.
        let ja = try #require(files["ja.md"])
        #expect(ja["language"] as? String == "ja" && ja["languageFrom"] as? String == "file name")
        #expect((ja["renames"] as? [[String: Any]])?.map { $0["to"] as? String ?? "" } == ["source/localizable/_code-of-conduct.ja.md", "ja.md"])
        let jaImported = try #require(ja["imported"] as? [[String: Any]])
        let jaCommits = try #require(commits["ja"])
        #expect(jaImported.map { $0["source"] as? String ?? "" } == [jaCommits[0], jaCommits[1], jaCommits[3], jaCommits[4]])
        #expect(jaImported.map { $0["path"] as? String ?? "" } == ["source/localizable/_code-of-conduct.jp.md", "source/localizable/_code-of-conduct.jp.md",
                                                                     "source/localizable/_code-of-conduct.ja.md", "ja.md"])
        let english = try #require(commits["en"])
        #expect(jaImported.map { ($0["translates"] as? [String: Any])?["label"] as? String ?? "" }
                == [labels[english[2]], labels[english[2]], labels[english[2]], labels[english[3]]])
        #expect(jaImported.map { ($0["translator"] as? [String: Any])?["name"] as? String ?? "" }
                == ["flojurian", "Florian Ishida", "Florian Ishida", "Piotr Szotkowski"])
        #expect((ja["skipped"] as? [Any])?.isEmpty == true)

        let ar = try #require(files["ar.md"])
        let arImported = try #require(ar["imported"] as? [[String: Any]])
        #expect(arImported.map { $0["source"] as? String ?? "" } == commits["ar"])
        #expect(arImported.map { ($0["translates"] as? [String: Any])?["label"] as? String ?? "" }
                == [labels[english[2]], labels[english[2]], labels[english[3]]])
        // Both were brought up to date when the files moved to the top.
        #expect((ja["atMain"] as? [String: Any])?["state"] as? String == "current")
        #expect((ar["atMain"] as? [String: Any])?["state"] as? String == "current")
        let old = try CLI.succeed(CLI.conduct(["show", labels[english[2]]!, "--store", store, "--lang", "ja", "--raw"]))
        #expect(old.stdout.contains("{#"), "the stored Japanese text carries the source's ids")
        try CLI.succeed(CLI.conduct(["verify", "--store", store]))
        #expect(try project.state() == before)
    }
}

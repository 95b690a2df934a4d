internal import Git

/// The translation files an import reads beside its source: the files at the tip of the branch
/// that `--translations` matches (the source itself left out), each with its language and its
/// history on the same first-parent line.
struct TranslationFiles {
    struct File {
        var report: ImportReport.TranslationFile
        /// The file's changes, oldest first (empty when it is not imported).
        var changes: [ImportSource.Change] = []
    }

    let patterns: [PathGlob]
    var files: [File]

    /// The front matter keys that name a file's language.
    static let languageKeys = ["lang", "language"]

    /// Reads which files the patterns match, their languages and histories; a pattern that
    /// matches nothing, or a `--translation-language` for a file no pattern matched, is refused
    /// before anything is written.
    static func read(_ request: ImportRequest, source: ImportSource) throws(ConductError) -> TranslationFiles {
        let patterns = request.translations.map(PathGlob.init)
        guard !patterns.isEmpty else {
            if let file = request.translationLanguages.keys.sorted().first {
                throw .importTranslationLanguage(file, reason: "names a file, but no --translations PATTERN says which files to import")
            }
            return TranslationFiles(patterns: [], files: [])
        }
        let tipFiles = try source.filesAtTip(under: Set(patterns.map(\.fixedPrefix)))
        var matched: [String] = []
        for pattern in patterns {
            let hits = tipFiles.filter(pattern.matches)
            guard !hits.isEmpty else {
                throw .importTranslationsMatchNothing(pattern.pattern, repository: source.location, branch: source.branch,
                                                      candidates: try source.filesAtTip(under: [""]).filter { $0.lowercased().hasSuffix(".md") })
            }
            matched += hits.filter { $0 != source.path && !matched.contains($0) }
        }
        matched.sort()
        var named: [String: LanguageTag] = [:]
        for (file, tag) in request.translationLanguages {
            let path = ImportSource.normalisedPath(file)
            guard matched.contains(path) else {
                throw .importTranslationLanguage(file, reason: path == source.path
                    ? "is the source itself, not a translation"
                    : "is not among the files the --translations patterns match (\(ConductError.summarise(matched)))")
            }
            do {
                named[path] = try LanguageTag(parsing: tag)
            } catch {
                throw .importTranslationLanguage(file, reason: "gives '\(tag)': \(error)")
            }
        }

        let sourceLanguage = try source.frontMatterAtTip(of: source.path).flatMap(language(inFrontMatter:))?.tag
            ?? LanguageTag.named(byFile: source.path)
        var files: [File] = []
        var taken: [LanguageTag: String] = [:]
        for path in matched {
            var report = ImportReport.TranslationFile(path: path)
            if let tag = named[path] {
                (report.language, report.languageSource) = (tag, .option)
            } else if let frontMatter = try source.frontMatterAtTip(of: path), let found = language(inFrontMatter: frontMatter) {
                if let tag = found.tag {
                    (report.language, report.languageSource) = (tag, .frontMatter)
                } else {
                    report.reason = "its front matter gives the language '\(found.value)', which is no BCP 47 tag this tool knows; give it with --translation-language \(path)=TAG"
                }
            } else if let tag = LanguageTag.named(byFile: path) {
                (report.language, report.languageSource) = (tag, .name)
            } else if report.reason == nil {
                report.reason = "its language cannot be told from its name or front matter ('lang' or 'language'); give it with --translation-language \(path)=TAG"
            }
            if let tag = report.language {
                if tag == sourceLanguage {
                    report.reason = "it is in \(tag), the language of the source \(source.path)"
                } else if let other = taken[tag] {
                    report.reason = "\(other) is in \(tag) already; give one of them another language with --translation-language FILE=TAG"
                } else {
                    taken[tag] = path
                }
            }
            files.append(File(report: report))
        }
        // One walk of the history for every file read.
        let read = files.indices.filter { files[$0].report.reason == nil }
        for (index, history) in zip(read, try source.histories(of: read.map { files[$0].report.path })) {
            files[index].changes = history.changes
            files[index].report.renames = history.renames
        }
        return TranslationFiles(patterns: patterns, files: files)
    }

    /// The language the front matter names, read leniently (nil tag: it names one this tool does not know).
    static func language(inFrontMatter frontMatter: FrontMatter) -> (value: String, tag: LanguageTag?)? {
        for key in languageKeys {
            guard let value = frontMatter[key]?.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace), !value.isEmpty else { continue }
            return (String(value), LanguageTag(lenient: String(value)))
        }
        return nil
    }
}

extension ImportSource {
    /// Every file at the tip of the branch under one of `folders` ("" for the whole tree), by path.
    func filesAtTip(under folders: Set<String>) throws(ConductError) -> [String] {
        try Self.attempt("listing the files of \(branch) in \(location)") { () throws -> [String] in
            var paths: [String] = []
            func walk(_ tree: ObjectID, prefix: String) throws {
                for entry in try repository.tree(tree) {
                    if entry.mode == .tree {
                        try walk(entry.id, prefix: prefix + entry.name + "/")
                    } else if entry.mode == .blob || entry.mode == .executable {
                        paths.append(prefix + entry.name)
                    }
                }
            }
            let root = try repository.commit(tip).tree
            // A pattern's fixed folders are looked up, not searched for: `content/version/2/1/*.md`
            // reads one folder of a large site.
            let starts = folders.contains("") ? [""] : folders.sorted()
            for folder in starts {
                var tree: ObjectID? = root
                for name in folder.split(separator: "/") {
                    tree = try tree.flatMap { try repository.tree($0).first { $0.name == name && $0.mode == .tree }?.id }
                }
                if let tree { try walk(tree, prefix: folder.isEmpty ? "" : folder + "/") }
            }
            return Array(Set(paths)).sorted()
        }
    }

    /// The front matter of the file at `path` at the tip, when it has one that can be read.
    func frontMatterAtTip(of path: String) throws(ConductError) -> FrontMatter? {
        try Self.attempt("reading \(path) at the tip of \(branch) in \(location)") { () throws -> FrontMatter? in
            guard let blob = try repository.blob(atPath: path, inTree: try repository.commit(tip).tree) else { return nil }
            // Only the front matter is read: the text is parsed when its revisions are.
            return (try? Document.validatedText(try repository.blob(blob))).flatMap(FrontMatter.read)
        }
    }
}

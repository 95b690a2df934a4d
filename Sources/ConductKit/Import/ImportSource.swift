internal import Git

/// One file's history on one branch of a git repository that is not a store: what `import` reads.
///
/// The history is the branch's first-parent chain, as `git log --first-parent --follow FILE`
/// sees it: a commit is a change when the file's blob differs from the one in its first parent,
/// and when the file is missing from a parent, git's rename detection says which path it had there.
struct ImportSource {
    /// A commit that changed the file.
    struct Change {
        let commit: Commit
        /// The file's path in that commit.
        let path: String
        let blob: ObjectID
    }

    let repository: Repository
    /// The repository as the user named it.
    let location: String
    /// The branch walked, as the user would name it (`main`, or `HEAD` when detached).
    let branch: String
    let tip: ObjectID
    /// The file's path at the tip.
    let path: String
    /// The first-parent chain, newest first.
    let history: [ObjectID]
    /// Each commit of the first-parent chain and its distance from the tip (0 is the tip).
    let position: [ObjectID: Int]
    /// The commits that changed the file, oldest first.
    let changes: [Change]
    let renames: [ImportReport.Rename]

    /// Reads the history of `request.path` in `request.repository`.
    static func read(_ request: ImportRequest) throws(ConductError) -> ImportSource {
        let location = request.repository
        switch FileKind(atPath: location) {
        case .missing: throw .importSource(location, reason: "there is no such directory")
        case .file, .other: throw .importSource(location, reason: "it is a file, not a git repository")
        case .directory: break
        }
        let repository: Repository
        do {
            repository = try Repository.open(at: location)
        } catch {
            throw .importSource(location, reason: "it is not a git repository (give its work tree or its .git directory)")
        }
        let path = normalisedPath(request.path)
        guard !path.isEmpty else { throw .importSource(location, reason: "--path '\(request.path)' names no file") }
        return try attempt("reading the history of \(path) in \(location)") { () throws -> ImportSource in
            let (tip, branch) = try resolveTip(repository, branch: request.branch, location: location)
            let history = try repository.walk(from: tip, firstParentOnly: true)
            var position: [ObjectID: Int] = [:]
            for (index, id) in history.enumerated() { position[id] = index }

            guard try repository.blob(atPath: path, inTree: try repository.commit(tip).tree) != nil else {
                throw try missingFile(repository, path: path, history: history, tip: tip, location: location, branch: branch)
            }
            let (changes, renames) = try fileHistory(path, in: repository, along: history)
            return ImportSource(repository: repository, location: location, branch: branch, tip: tip, path: path,
                                history: history, position: position, changes: changes, renames: renames)
        }
    }

    /// The changes of the file at `path` (its path at the tip) along `history` (the first-parent
    /// chain, newest first), oldest first, and where it was renamed.
    static func fileHistory(_ path: String, in repository: Repository, along history: [ObjectID]) throws
        -> (changes: [Change], renames: [ImportReport.Rename]) {
        try fileHistories([path], in: repository, along: history)[0]
    }

    /// `fileHistory` of several files in one walk: each commit is read once, however many files.
    static func fileHistories(_ paths: [String], in repository: Repository, along history: [ObjectID]) throws
        -> [(changes: [Change], renames: [ImportReport.Rename])] {
        // Newest first: follow each path back, switching names where the file was renamed.
        var found = Array(repeating: [Change](), count: paths.count)
        var renames = Array(repeating: [ImportReport.Rename](), count: paths.count)
        var current = paths
        var child: Commit?
        let progress = ProgressReporter("reading the history", total: history.count, unit: "commits")
        for id in history {
            defer { progress.advance() }
            let commit = try repository.commit(id)
            for index in paths.indices {
                var blob = try repository.blob(atPath: current[index], inTree: commit.tree)
                if blob == nil, let child, found[index].last?.commit.id == child.id,
                   let old = try repository.renameSource(of: current[index], from: commit.tree, to: child.tree) {
                    renames[index].append(ImportReport.Rename(commit: CommitID(child.id), from: old, to: current[index]))
                    current[index] = old
                    blob = try repository.blob(atPath: old, inTree: commit.tree)
                }
                if let blob { found[index].append(Change(commit: commit, path: current[index], blob: blob)) }
            }
            child = commit
        }
        // Oldest first; a commit is a change when the blob differs from the one before it.
        return paths.indices.map { index in
            var changes: [Change] = []
            for entry in found[index].reversed() where changes.last?.blob != entry.blob {
                changes.append(entry)
            }
            return (changes, renames[index].reversed())
        }
    }

    /// The histories of other files of the same branch (translations), by their paths at the tip, in one walk.
    func histories(of paths: [String]) throws(ConductError) -> [(changes: [Change], renames: [ImportReport.Rename])] {
        guard !paths.isEmpty else { return [] }
        return try Self.attempt("reading the history of \(ConductError.summarise(paths)) in \(location)") {
            try Self.fileHistories(paths, in: repository, along: history)
        }
    }

    /// The commit `spec` names (an id or prefix, a tag, a branch, `main~2`…), as its place in the chain.
    func place(of spec: String) throws(ConductError) -> Int {
        let id: ObjectID
        do {
            id = try repository.peelToCommit(try repository.revparse(spec))
        } catch {
            throw .importSince(spec, reason: "names no commit in \(location)")
        }
        guard let place = position[id] else {
            throw .importSince(spec, reason: "commit \(id.hex.prefix(12)) is not on the first-parent history of \(branch) in \(location)")
        }
        return place
    }

    /// The bytes of the file as `change` left it.
    func bytes(of change: Change) throws(ConductError) -> [UInt8] {
        try Self.attempt("reading \(change.path) at \(change.commit.id.hex.prefix(12)) in \(location)") {
            try repository.blob(change.blob)
        }
    }

    /// A tag on the branch's first-parent line, and the change of the file it names.
    struct PlacedTag {
        let name: String
        /// The commit the tag sits on.
        let commit: ObjectID
        /// Its place in the chain (0 is the tip).
        let place: Int
        /// Index in `changes` of the newest change at or before the tagged commit.
        let change: Int
    }

    /// Every tag of the repository on the branch's first-parent line (through annotated tags),
    /// each with the change it names: the newest change of the file at or before the tagged
    /// commit. A tag on a release commit that did not touch the file thus names the text the
    /// release shipped. Tags off the line, or before the file's first change, name none and
    /// are left out. Newest tagged commit first.
    func placedTags() throws(ConductError) -> [PlacedTag] {
        // Changes are oldest first, so their places fall: the first place not after the tag's wins.
        let places = changes.map { position[$0.commit.id] ?? 0 }
        return try Self.attempt("reading the tags of \(location)") {
            var result: [PlacedTag] = []
            for reference in try repository.references(matching: "refs/tags/*") {
                guard let commit = try? repository.peelToCommit(reference.target), let place = position[commit] else { continue }
                var low = 0, high = places.count
                while low < high {
                    let middle = (low + high) / 2
                    if places[middle] >= place { low = middle + 1 } else { high = middle }
                }
                guard low > 0 else { continue }
                result.append(PlacedTag(name: String(reference.name.dropFirst("refs/tags/".count)), commit: commit,
                                        place: place, change: low - 1))
            }
            return result.sorted { ($0.place, $0.name) < ($1.place, $1.name) }
        }
    }

    /// The version a tag names: `v1.2`, `1.2`, or the same with a `.0` patch (`v1.2.0`); nil for others.
    static func version(ofTag name: String) -> Version? {
        if let version = Version(name) { return version }
        guard name.hasSuffix(".0") else { return nil }
        return Version(String(name.dropLast(2)))
    }

    static func normalisedPath(_ path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        while parts.first == ".." { parts.removeFirst() }
        return parts.joined(separator: "/")
    }

    private static func resolveTip(_ repository: Repository, branch: String?, location: String) throws -> (ObjectID, String) {
        if let branch {
            var target = try? repository.reference("refs/heads/" + branch)
            if target == nil { target = try? repository.peelToCommit(try repository.revparse(branch)) }
            guard let target, let commit = try? repository.peelToCommit(target) else {
                let known = (try repository.references(matching: "refs/heads/*")).map { String($0.name.dropFirst("refs/heads/".count)) }
                throw ConductError.importSource(location, reason: "it has no branch '\(branch)' (branches: \(ConductError.summarise(known))); name one with --branch")
            }
            return (commit, branch)
        }
        let head = try? repository.headTarget()
        guard let target = try? repository.reference("HEAD"), let commit = try? repository.peelToCommit(target) else {
            throw ConductError.importSource(location, reason: "it has no commits on \(head.flatMap { $0 }.map(shortName) ?? "HEAD")")
        }
        return (commit, head.flatMap { $0 }.map(shortName) ?? "HEAD")
    }

    private static func shortName(_ reference: String) -> String {
        reference.hasPrefix("refs/heads/") ? String(reference.dropFirst("refs/heads/".count)) : reference
    }

    /// The error for a file that is not at the tip: where it was last seen, or the files that look like a code.
    private static func missingFile(_ repository: Repository, path: String, history: [ObjectID], tip: ObjectID,
                                    location: String, branch: String) throws -> ConductError {
        for id in history where try repository.blob(atPath: path, inTree: try repository.commit(id).tree) != nil {
            return .importFileMissing(path, repository: location, branch: branch, lastSeen: id.hex, candidates: [])
        }
        var candidates: [String] = []
        func look(_ tree: ObjectID, prefix: String, depth: Int) throws {
            for entry in try repository.tree(tree) where candidates.count < 12 {
                let full = prefix + entry.name
                if entry.mode == .tree {
                    // Where projects keep such files: the top, docs/, .github/; never vendored trees.
                    let skip = (entry.name.hasPrefix(".") && entry.name != ".github") || ["node_modules", "vendor"].contains(entry.name)
                    if depth < 3, !skip { try look(entry.id, prefix: full + "/", depth: depth + 1) }
                } else if entry.mode == .blob || entry.mode == .executable {
                    let lower = entry.name.lowercased()
                    if lower.contains("conduct") || lower.hasPrefix("coc.") || lower.contains("code-of") || lower.contains("code_of") {
                        candidates.append(full)
                    }
                }
            }
        }
        try look(try repository.commit(tip).tree, prefix: "", depth: 0)
        return .importFileMissing(path, repository: location, branch: branch, lastSeen: nil, candidates: candidates)
    }

    static func attempt<T>(_ action: @autoclosure () -> String, _ body: () throws -> T) throws(ConductError) -> T {
        try ConductError.catching(action(), body)
    }
}

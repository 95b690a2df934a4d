/// A pattern for paths in a repository, as a shell or `.gitignore` writes one: `*` any run of
/// characters within one folder name, `?` one such character, `[abc]`/`[a-z]`/`[!abc]` one of a
/// set, `**/` any number of folders (none too). A pattern matches the whole path from the
/// repository's top: `*.md` matches `ja.md` and not `docs/ja.md`.
struct PathGlob: Sendable, CustomStringConvertible {
    let pattern: String
    private let characters: [Character]

    var description: String { pattern }

    init(_ pattern: String) {
        self.pattern = ImportSource.normalisedPath(pattern)
        characters = Array(self.pattern)
    }

    func matches(_ path: String) -> Bool {
        Self.match(characters[...], Array(path)[...])
    }

    /// The folder a match must lie in: the pattern's leading folders without any wildcard.
    var fixedPrefix: String {
        var folders: [Substring] = []
        for folder in pattern.split(separator: "/", omittingEmptySubsequences: true).dropLast() {
            if folder.contains(where: { "*?[".contains($0) }) { break }
            folders.append(folder)
        }
        return folders.joined(separator: "/")
    }

    private static func match(_ pattern: ArraySlice<Character>, _ path: ArraySlice<Character>) -> Bool {
        var pattern = pattern, path = path
        while let head = pattern.first {
            switch head {
            case "*":
                if pattern.dropFirst().first == "*" {
                    // `**/` stands for any folders, `**` at the end for anything.
                    var rest = pattern.dropFirst(2)
                    if rest.first == "/" { rest = rest.dropFirst() } else if !rest.isEmpty { return false }
                    if rest.isEmpty { return true }
                    var candidate = path
                    while true {
                        if match(rest, candidate) { return true }
                        guard let slash = candidate.firstIndex(of: "/") else { return false }
                        candidate = candidate[(slash + 1)...]
                    }
                }
                let rest = pattern.dropFirst()
                var candidate = path
                while true {
                    if match(rest, candidate) { return true }
                    guard let next = candidate.first, next != "/" else { return false }
                    candidate = candidate.dropFirst()
                }
            case "?":
                guard let next = path.first, next != "/" else { return false }
                pattern = pattern.dropFirst()
                path = path.dropFirst()
            case "[":
                guard let next = path.first else { return false }
                guard let (matched, rest) = matchSet(pattern.dropFirst(), next) else {
                    // An unclosed `[` is an ordinary character.
                    guard next == head else { return false }
                    pattern = pattern.dropFirst()
                    path = path.dropFirst()
                    continue
                }
                guard matched, next != "/" else { return false }
                pattern = rest
                path = path.dropFirst()
            default:
                guard path.first == head else { return false }
                pattern = pattern.dropFirst()
                path = path.dropFirst()
            }
        }
        return path.isEmpty
    }

    /// Whether `character` is in the set that starts `pattern` (after its `[`), and the pattern
    /// after the set's `]`; nil when the set is not closed.
    private static func matchSet(_ pattern: ArraySlice<Character>, _ character: Character) -> (Bool, ArraySlice<Character>)? {
        var rest = pattern
        let negated = rest.first == "!" || rest.first == "^"
        if negated { rest = rest.dropFirst() }
        var found = false
        var first = true
        while let item = rest.first {
            if item == "]" && !first { return (found != negated, rest.dropFirst()) }
            first = false
            rest = rest.dropFirst()
            if rest.first == "-", let upper = rest.dropFirst().first, upper != "]" {
                if item <= character && character <= upper { found = true }
                rest = rest.dropFirst(2)
            } else if item == character {
                found = true
            }
        }
        return nil
    }
}

import ArgumentParser

/// The subcommand words at the start of a command line, checked before it is parsed, so that a
/// mistyped command is answered the way a mistyped option is: with the nearest names and exit
/// 64. Without this, `conduct shwo` says only "unexpected argument", and `conduct help shwo`
/// prints the top-level help and exits 0, as if the name had been found.
enum CommandNames {
    /// Throws a usage failure naming the first word that should name a subcommand and does
    /// not, with the names it is nearest to. The walk stops at the first option (`-...`) and at
    /// the first command that has no subcommands: what follows is that command's to parse.
    static func check(_ arguments: [String], root: any ParsableCommand.Type) throws(CommandFailure) {
        var words = arguments[...]
        var path = [name(root)]
        // `conduct help NAME…` names a command as surely as `conduct NAME…` does.
        if words.first == "help" {
            words = words.dropFirst()
        }
        var command = root
        for word in words {
            let subcommands = command.configuration.subcommands
            // `help` is the parser's own command, beside the root's (`conduct help help`); a
            // command with a default subcommand may take the word as that one's argument.
            if subcommands.isEmpty || word.hasPrefix("-") || (path.count == 1 && word == "help")
                || command.configuration.defaultSubcommand != nil { return }
            if let next = subcommands.first(where: { names($0).contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            var known = subcommands.map(name)
            if path.count == 1 { known.append("help") }
            throw unknown(word, known: known, path: path)
        }
    }

    /// The message for `word`, which names none of `known`, the subcommands of `path`.
    private static func unknown(_ word: String, known: [String], path: [String]) -> CommandFailure {
        let parent = path.dropFirst().map { $0 + " " }.joined()
        let help = (["conduct", "help"] + path.dropFirst()).joined(separator: " ")
        var message = "unknown command '\(parent)\(word)'"
        let near = nearest(word, among: known)
        if !near.isEmpty {
            message += "; did you mean " + listed(near.map { "'\(parent)\($0)'" }, "or") + "?"
        } else if path.count > 1 {
            message += "; the commands of '\(parent.dropLast())' are " + listed(known, "and")
        }
        message += path.count > 1 ? " (see '\(help)')" : " (see '\(help)' for every command)"
        return CommandFailure(message: message, code: 64)
    }

    /// `a`, `a or b`, `a, b or c`.
    private static func listed(_ items: [String], _ last: String) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(last) " + items[items.count - 1]
    }

    /// The names nearest to `word`: the fewest edits away (a letter added, dropped or changed,
    /// or two neighbours swapped, as typing goes wrong), when that is at most a third of the
    /// word, at least one; else the names `word` is the start of.
    static func nearest(_ word: String, among names: [String]) -> [String] {
        let allowed = max(1, word.count / 3)
        let scored = names.map { (name: $0, distance: distance(word, $0)) }
        if let best = scored.map(\.distance).min(), best <= allowed {
            return scored.filter { $0.distance == best }.map(\.name)
        }
        return word.count >= 2 ? names.filter { $0.hasPrefix(word) } : []
    }

    /// The optimal string alignment distance between two words, by characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // Three rows of the edit table: two back (for a swap), the one before, this one.
        var before2 = [Int](repeating: 0, count: b.count + 1)
        var before = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], before2[j - 2] + 1)
                }
            }
            (before2, before, row) = (before, row, before2)
        }
        return before[b.count]
    }

    /// The names a command answers to: its own and its aliases.
    private static func names(_ command: any ParsableCommand.Type) -> [String] {
        [name(command)] + command.configuration.aliases
    }

    private static func name(_ command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }
}

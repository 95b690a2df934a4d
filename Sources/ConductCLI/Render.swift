import ConductKit

/// Text renderings shared by several commands.
enum Render {
    static func changeLines(_ changes: [ClauseChange], indent: String) -> String {
        let width = changes.map(\.clause.count).max() ?? 0
        var out = ""
        for change in changes {
            let verb = change.change.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let clause = change.clause.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "\(indent)\(verb) \(clause)  \(change.kind.rawValue)\n"
        }
        return out
    }

    static func changes(_ changes: [ClauseChange], indent: String) {
        if changes.isEmpty {
            Terminal.line("\(indent)no clause changed")
        } else {
            Terminal.write(changeLines(changes, indent: indent))
        }
    }

    static func assignments(_ assignments: [IDAssignment]) {
        guard !assignments.isEmpty else { return }
        Terminal.line("Ids given to headings that had none:")
        for assignment in assignments {
            let how: String
            switch assignment.source {
            case .heading: how = "same heading as before"
            case .body: how = "same text as before"
            case .minted: how = "new"
            }
            Terminal.line("  line \(assignment.line): {#\(assignment.id)}  (\(how))")
        }
    }
}

extension String {
    func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        count >= length ? self : self + String(repeating: pad, count: length - count)
    }
}

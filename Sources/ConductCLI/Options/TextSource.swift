import ArgumentParser
import ConductKit

/// Where a proposal's new text comes from: a file, an editor, or one clause's new body.
struct TextSource: ParsableArguments {
    @Option(help: ArgumentHelp("The proposed text (Markdown; - for standard input).", valueName: "FILE"))
    var from: String?

    @Flag(help: "Edit the current text in $VISUAL or $EDITOR; an unchanged or empty text aborts.")
    var edit = false

    /// Reads the new text; `current` is what the editor starts from and what a clause edit changes.
    /// `revision` is how the user named the revision `current` reads (for the hint of an unknown clause).
    func read(current: () throws -> Document, revision: String = "main", clause: String?, textFile: String?) throws -> (bytes: [UInt8], source: String) {
        let chosen = [from != nil, edit, clause != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw CommandFailure(message: "give exactly one of --from FILE, --edit, or --clause ID --text-file FILE", code: 64)
        }
        if let from { return (try readInput(from), from) }
        let document = try current()
        if edit {
            let edited = try Editor.edit(document.text)
            guard !edited.allSatisfy(\.isWhitespace), edited != document.text else {
                throw CommandFailure(message: "the text was left unchanged or empty; nothing was written")
            }
            return (Array(edited.utf8), "the edited text")
        }
        guard let clause, let textFile else {
            throw CommandFailure(message: "--clause ID needs --text-file FILE with the clause's new body", code: 64)
        }
        let body = String(decoding: try readInput(textFile), as: UTF8.self)
        guard let text = document.replacingBody(ofClause: clause, with: body) else {
            throw ConductError.unknownClause(clause, revision: "the base revision", known: document.clauses.compactMap(\.id),
                                             hint: "'conduct outline \(revision)'")
        }
        return (Array(text.utf8), textFile)
    }
}

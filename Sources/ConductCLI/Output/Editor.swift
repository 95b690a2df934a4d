#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Opens the user's editor on a text and returns what they saved.
enum Editor {
    static func edit(_ text: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw CommandFailure(message: "no editor: set VISUAL or EDITOR, or give the text with --from FILE")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-edit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).md").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CommandFailure(message: "cannot write a temporary file for the editor at \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The editor command may carry arguments ("code --wait"); the path is ours and needs no quoting.
        let status = system("\(editor) '\(path)'")
        guard status == 0 else { throw CommandFailure(message: "the editor exited with status \(status); nothing was written") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "the edited file disappeared; nothing was written")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Conduct {
    struct Publish: ParsableCommand, ShowsProgress {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Publish the store as a static site: the text, redlines, clauses, proposals, attestations.",
            discussion: """
                Writes plain HTML and one stylesheet with relative links, so the folder works from file:// \
                and from any static host, without JavaScript. The site is built beside DIR and swapped in \
                whole; publishing again replaces a previous site. A folder that holds other files is refused \
                unless --force is given. Attestations are judged at the start of the day (UTC), or at --date, \
                so one store gives the same site all day.
                """)

        @Option(help: ArgumentHelp("The folder to publish into (made, or replaced when it holds a previous site).", valueName: "DIR"))
        var out: String

        @Flag(help: "Replace DIR even though it holds files that 'conduct publish' did not write.")
        var force = false

        @Option(help: ArgumentHelp("Judge the expiry of attestations at this date: YYYY-MM-DD or ISO 8601 (default: today).", valueName: "DATE"))
        var date: String?

        @Option(help: ArgumentHelp("The document's language, a BCP 47 tag such as ar, he, fa or en (default: front matter lang, else the script of the text).", valueName: "TAG"))
        var lang: String?

        @Option(help: ArgumentHelp("The document's writing direction: ltr or rtl (default: that of --lang, front matter dir, or the script).", valueName: "DIR"))
        var dir: String?

        @OptionGroup var options: StoreOptions
        @OptionGroup var progress: ProgressOptions

        func run() throws {
            if let lang, DocumentLanguage.validTag(lang) == nil {
                throw CommandFailure(message: "'\(lang)' is not a language tag; give a BCP 47 tag such as ar, he, fa-IR or en", code: 2)
            }
            let direction = try dir.map { value throws -> DocumentLanguage.Direction in
                guard let direction = DocumentLanguage.Direction(rawValue: value.lowercased()) else {
                    throw CommandFailure(message: "'\(value)' is not a writing direction; give --dir ltr or --dir rtl", code: 2)
                }
                return direction
            }
            let store = try options.open()
            let now = Timestamp.now
            let when = try date.map { try Timestamp(parsing: $0) } ?? Timestamp(seconds: now.seconds - ((now.seconds % 86_400) + 86_400) % 86_400)
            let report = try store.publish(to: out, force: force, now: when, language: lang, direction: direction)
            let absolute = report.directory.hasPrefix("/")
                ? report.directory : FileManager.default.currentDirectoryPath + "/" + report.directory
            let size = report.bytes >= 1 << 20 ? "\(report.bytes >> 20) MB" : "\(max(1, report.bytes >> 10)) KB"
            Terminal.write("Published \(report.pages) pages (\(size)) of \(report.revisions) revision\(report.revisions == 1 ? "" : "s") into \(report.directory)\n"
                           + "Open file://\(absolute.split(separator: "/").map { String($0) }.joined(separator: "/").withLeadingSlash)/index.html\n")
        }
    }
}

private extension String {
    var withLeadingSlash: String { hasPrefix("/") ? self : "/" + self }
}

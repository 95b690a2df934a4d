extension ImportReport {
    /// One translation file `--translations` matched: its language, the translated revisions
    /// imported from its history and those left out, and where it stands at main afterwards.
    public struct TranslationFile: Sendable {
        /// Where the file's language was read.
        public enum LanguageSource: String, Sendable {
            case option = "--translation-language"
            case frontMatter = "front matter"
            case name = "file name"
        }

        /// A translated revision recorded from one commit of the file.
        public struct Imported: Sendable {
            /// The source repository's commit that changed the file.
            public let commit: CommitID
            /// The file's path in that commit.
            public let path: String
            /// The translation record written.
            public let record: String
            /// The revision of the store it translates, and why that one.
            public let translates: Revision
            public let rule: TranslationRule
            public let date: Timestamp
            public let translator: Identity
            /// Source clauses the text has no counterpart for (it is then `incomplete`).
            public let missing: [String]
        }

        /// A commit of the file that gave no translated revision, and why.
        public struct Skipped: Sendable {
            public let commit: CommitID
            public let path: String
            public let reason: String
        }

        /// The file's path at the tip of the branch.
        public let path: String
        /// Nil when its language cannot be told (`reason` says so).
        public var language: LanguageTag?
        public var languageSource: LanguageSource?
        /// Why the file was not imported at all (nil: it was read).
        public var reason: String?
        public var imported: [Imported] = []
        /// Translated revisions the store held from an earlier import.
        public var alreadyImported = 0
        public var skipped: [Skipped] = []
        public var renames: [Rename] = []
        /// The language's translation at main after the import (nil: none counts there).
        public var status: TranslationStatus?

        public init(path: String) { self.path = path }
    }

    /// Which source revision a translated revision is taken to translate.
    public enum TranslationRule: String, Sendable {
        /// The latest revision of the source committed at or before it, on the branch's first-parent line.
        case preceding
        /// The file's front matter names it (`translation-of:` or `source-revision:`).
        case frontMatter = "front-matter"
        /// The commit message names it (a trailer `Translation-Of: REV`).
        case trailer
    }

    /// Translated revisions imported, over every file.
    public var translatedRevisions: Int { translations.reduce(0) { $0 + $1.imported.count } }
    /// Translated revisions left out, over every file with a language.
    public var skippedTranslatedRevisions: Int { translations.reduce(0) { $0 + $1.skipped.count } }
}

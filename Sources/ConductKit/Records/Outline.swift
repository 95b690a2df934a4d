/// The clause tree of one revision, as `conduct outline` shows it.
public struct Outline: Sendable, Codable {
    public struct Node: Sendable, Codable {
        public var id: String
        public var level: Int
        public var number: String?
        public var heading: String
        public var fingerprint: String
        public var children: [Node]
    }

    /// The front matter's keys and values (`(front matter)`), in stored order.
    public struct FrontMatterPart: Sendable, Codable {
        public struct Entry: Sendable, Codable {
            public var key: String
            public var value: String
        }
        public var format: String
        public var fingerprint: String
        public var entries: [Entry]
    }

    public var commit: String
    public var version: String?
    public var document: String
    /// The document's title (see `Document.title`), else its file name.
    public var title: String
    public var frontMatter: FrontMatterPart?
    public var clauses: [Node]

    public init(revision: Revision, documentName: String, document: Document) {
        commit = revision.commit.hex
        version = revision.version?.description
        self.document = documentName
        title = HeadingText.plainText(document.title(orName: documentName))
        frontMatter = document.frontMatter.map { part in
            FrontMatterPart(format: part.format.rawValue, fingerprint: part.fingerprint,
                            entries: part.entries.map { FrontMatterPart.Entry(key: $0.key, value: $0.value) })
        }
        var roots: [Node] = []
        // Build bottom-up: children are attached to their parent index.
        var built: [Int: [Node]] = [:]
        for index in document.clauses.indices.reversed() {
            let clause = document.clauses[index]
            let node = Node(
                id: clause.id ?? "", level: clause.level, number: clause.heading.number,
                heading: clause.heading.plainText, fingerprint: clause.fingerprint,
                children: (built.removeValue(forKey: index) ?? []).reversed())
            if let parent = clause.parent {
                built[parent, default: []].append(node)
            } else {
                roots.append(node)
            }
        }
        clauses = roots.reversed()
    }
}

/// A redline as terminal text: `[-deleted-]{+inserted+}`, or in colour (red and green struck
/// and underlined, editorial marks dim). The caller says whether to colour; this returns the
/// text and prints nothing.
public struct RedlineText: Sendable {
    public struct Style: Sendable {
        /// ANSI colour instead of `[-…-]{+…+}`.
        public var color: Bool
        /// Long unchanged runs shortened around a change, and invisible characters named
        /// (`<U+200F>`): how `diff` shows a clause. Off for a quoted run of marks (`comments`).
        public var abridged: Bool

        public init(color: Bool, abridged: Bool = true) {
            self.color = color
            self.abridged = abridged
        }

        /// No colour, nothing shortened or named: the `since:` lines of `comments`.
        public static let plain = Style(color: false, abridged: false)
    }

    public var style: Style
    /// Open comment threads per clause id, mentioned beside each clause.
    public var openComments: [String: Int]

    public init(style: Style, openComments: [String: Int] = [:]) {
        self.style = style
        self.openComments = openComments
    }

    /// Unchanged text longer than this is shortened to its ends around a change.
    public static let context = 160

    /// The headline, then each changed clause with its changed blocks marked word by word.
    public func render(_ redline: Redline) -> String {
        let shown = redline.clauses
        let substantive = shown.filter { $0.significance == .substantive }.count
        let editorial = shown.filter { $0.significance == .editorial }.count
        var out = "\(redline.old) → \(redline.new): \(shown.count) clause\(shown.count == 1 ? "" : "s") changed"
            + " (\(substantive) substantive, \(editorial) editorial)\n"
        for clause in shown { out += "\n" + self.clause(clause) }
        return out
    }

    /// One changed clause: its label line, then its renamed heading and changed blocks marked
    /// word by word, unchanged blocks shown as `…`.
    public func clause(_ clause: Redline.Clause) -> String {
        let entry = clause.diff
        let label = paint("[\(entry.significance.rawValue)]", clause.isEditorial ? "2" : "1")
        let comments = openComments[entry.id].map { "  (\($0) open comment\($0 == 1 ? "" : "s"))" } ?? ""
        var out = "\(label) \(Self.title(entry))  \(entry.changeDescription)\(comments)\n"
        if let heading = clause.heading {
            out += "    heading: " + marks(heading) + "\n"
        }
        var elided = false
        for block in clause.blocks {
            if block.operation == .equal {
                if !elided { out += "    …\n" }
                elided = true
                continue
            }
            out += indent(marks(block.marks))
            elided = false
        }
        return out
    }

    /// A clause's label: its number and heading, with its `{#id}` when it has one.
    public static func title(_ entry: ClauseDiff) -> String {
        guard let side = entry.new ?? entry.old else { return "" }
        if side.index == ClauseDiff.Side.frontMatterIndex { return Document.frontMatterKey }
        if side.index == ClauseDiff.Side.preambleIndex { return side.heading.isEmpty ? Document.preambleKey : "(preamble) \(side.heading)" }
        let heading = side.headingText
        return side.id.isEmpty ? heading : heading + " {#\(side.id)}"
    }

    /// A run of marks as one line of text.
    public func marks(_ marks: [Redline.Mark]) -> String {
        marks.enumerated().map { index, mark -> String in
            switch mark.operation {
            case .equal:
                let text = mark.text
                guard style.abridged, text.count > 2 * Self.context else { return text }
                let head = index == 0 ? "" : String(text.prefix(Self.context))
                let tail = index == marks.count - 1 ? "" : String(text.suffix(Self.context))
                return head + "…" + tail
            case .delete: return deleted(shown(mark), editorial: mark.editorial)
            case .insert: return inserted(shown(mark), editorial: mark.editorial)
            }
        }.joined()
    }

    private func shown(_ mark: Redline.Mark) -> String {
        style.abridged && mark.invisible ? Self.named(mark.text) : mark.text
    }

    /// The text with each character that renders as nothing written as its code point, `<U+200F>`.
    public static func named(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if String(scalar).withoutInvisibles.isEmpty {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func paint(_ text: String, _ code: String) -> String {
        style.color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func deleted(_ text: String, editorial: Bool) -> String {
        style.color ? paint(text, editorial ? "2;9" : "31;9") : "[-\(text)-]"
    }

    private func inserted(_ text: String, editorial: Bool) -> String {
        style.color ? paint(text, editorial ? "2;4" : "32;4") : "{+\(text)+}"
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
    }
}

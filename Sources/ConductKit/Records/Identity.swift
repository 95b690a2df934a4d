/// A person or role that writes to the store: `NAME <EMAIL>`.
public struct Identity: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// Parses `Name <email>`; the name may not be empty, nor either part hold `<`, `>` or a newline.
    public init(parsing text: String) throws(ConductError) {
        let trimmed = text.trimmingSuffix(while: \.isWhitespace).drop(while: \.isWhitespace)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else { throw .invalidIdentity(text) }
        let name = trimmed[..<open].trimmingSuffix(while: \.isWhitespace)
        let email = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        let forbidden: (Character) -> Bool = { $0 == "<" || $0 == ">" || $0.isNewline }
        guard !name.isEmpty, !email.isEmpty, !name.contains(where: forbidden), !email.contains(where: forbidden) else {
            throw .invalidIdentity(text)
        }
        self.init(name: String(name), email: String(email))
    }

    public var description: String { "\(name) <\(email)>" }
}

extension Identity {
    var json: JSONValue { .object(["name": .string(name), "email": .string(email)]) }
}

extension Identity {
    /// Reads `{"name": …, "email": …}`; nil unless both are strings.
    init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let email = json["email"]?.stringValue else { return nil }
        self.init(name: name, email: email)
    }
}

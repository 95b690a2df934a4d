import Git

/// What a write records about who made it and when.
public struct Authorship: Sendable {
    public var author: Identity
    public var date: Timestamp

    public init(author: Identity, date: Timestamp) {
        self.author = author
        self.date = date
    }

    var signature: Signature {
        Signature(name: author.name, email: author.email, time: date.seconds, offsetMinutes: date.offsetMinutes)
    }
}

extension Authorship {
    /// `{"email": …, "name": …}` for records.
    var json: JSONValue { author.json }
}

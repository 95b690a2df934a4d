import ConductKit

/// RFC 4180 CSV, the one way every listing is written as CSV: a header record of column names,
/// one record per item, CRLF after every record, a field quoted (its quotes doubled) when it
/// holds a comma, a quote, CR or LF.
///
/// A listing's CSV is read from the very JSON items its `--format json` writes, through a list
/// of columns, so that the two cannot tell different stories. A column is a path into an item
/// (`author.email`: the `email` of its `author`). A path that passes through a list takes the
/// field from each of its items and joins them with "; ", an item without it leaving an empty
/// place, so that the n-th place of `keys.fingerprint` and of `keys.revoked` speak of one key;
/// a list inside a list's item joins with a space. An absent value is an empty field; a boolean
/// is `true` or `false`.
enum CSV {
    /// Joins the items of a list in one field.
    static let listSeparator = "; "
    /// Joins the items of a list inside an item of a list.
    static let innerListSeparator = " "

    /// `text` as one field: as it is, or quoted with its quotes doubled when it holds a comma,
    /// a quote, CR or LF.
    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else {
            return text
        }
        return "\"" + text.replacingAll(["\"": "\"\""]) + "\""
    }

    /// One record: its fields, comma separated, and CRLF.
    static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A listing's columns, each parsed once.
    struct Columns: Sendable {
        let names: [String]
        private let paths: [[String]]

        init(_ names: [String]) {
            self.names = names
            paths = names.map { $0.split(separator: ".").map(String.init) }
        }

        /// The header record.
        var header: String { CSV.record(names) }

        /// The record of one JSON item.
        func record(_ item: JSONValue) -> String {
            CSV.record(paths.map { CSV.value(item, $0[...], inList: false) })
        }
    }

    /// Writes the header and one record per item to standard output, in pieces.
    static func write(_ items: [JSONValue], columns: Columns) {
        var out = columns.header
        for item in items {
            out += columns.record(item)
            if out.utf8.count >= 1 << 16 {
                Terminal.write(out)
                out = ""
            }
        }
        Terminal.write(out)
    }

    /// What `path` names in `value`, as one field's text.
    private static func value(_ value: JSONValue?, _ path: ArraySlice<String>, inList: Bool) -> String {
        switch value {
        case nil, .null?: return ""
        case .array(let items)?:
            return items.map { Self.value($0, path, inList: true) }.joined(separator: inList ? innerListSeparator : listSeparator)
        case .object(let members)?:
            // A column names a leaf; an object where a leaf was expected is written whole.
            guard let key = path.first else { return String(decoding: JSONValue.object(members).canonicalBytes, as: UTF8.self) }
            return Self.value(members[key], path.dropFirst(), inList: inList)
        case .string(let text)?: return path.isEmpty ? text : ""
        case .integer(let number)?: return path.isEmpty ? String(number) : ""
        case .bool(let flag)?: return path.isEmpty ? (flag ? "true" : "false") : ""
        }
    }
}

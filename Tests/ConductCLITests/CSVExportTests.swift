import Foundation
import Testing

/// `--format csv` of the five listings, read back with Python's csv module and checked field by
/// field against the same command's `--format json`, with the columns the README documents.
@Suite("CSV export end to end")
struct CSVExportTests {
    /// A name with a comma, double quotes and a line break, in Japanese: quoting and UTF-8 at once.
    static let awkwardName = "日本AI協会, \"東京\"\n事務局"

    /// A store at v1.2 (v1.1 adopted from a proposal), a proposal left open with two versions and
    /// two approvals, signatories current-editorial, stale and never, comments with a reply.
    static func store(in directory: TemporaryDirectory) throws -> String {
        let store = try AttestationTests.store(in: directory)
        let acme = try AttestationTests.register("acme", in: directory, store: store)
        let edu = try AttestationTests.register("edu", in: directory, store: store)
        _ = try AttestationTests.register("late", in: directory, store: store)
        let jpKey = directory.path("jp-key")
        try CLI.succeed(try CLI.conduct(["keys", "generate", "--out", jpKey]))
        try CLI.succeed(try CLI.conduct(["signatory", "add", "jp", "--store", store, "--name", awkwardName, "--kind", "organisation",
                                         "--key", jpKey + ".pub", "--representative", "田中 花子 <hanako@ai.example.jp>",
                                         "--representative", "Sato, Jiro <jiro@ai.example.jp>", "--as", AttestationTests.secretariat,
                                         "--date", "2023-11-01"]))
        try AttestationTests.attest("acme", key: acme, store: store, ["--date", "2023-11-02", "--statement", "We adhere."])
        try AttestationTests.attest("edu", key: edu, store: store, ["--clauses", "lifecycle-risks,post-deployment-monitoring", "--date", "2023-11-02"])
        try AttestationTests.attest("jp", key: jpKey, store: store, ["--clauses", "scope", "--date", "2023-11-03"])

        let editorial = try ProposalTests.propose(store, ["--title", "Editorial clean-up", "--from", ProposalTests.corpus("v1.1"),
                                                          "--date", "2024-03-01"])
        try CLI.succeed(try CLI.conduct(["adopt", "--store", store, editorial, "--non-material", "--date", "2024-03-14"]))
        let open = try ProposalTests.propose(store, ["--title", "Yearly reports, \"trustworthy\" use", "--rationale", "OECD の報告枠組み\nline two",
                                                     "--from", ProposalTests.corpus("v1.2"), "--date", "2024-04-01"])
        try CLI.succeed(try CLI.conduct(["approve", open, "--as", "acme", "--key", acme, "--by", "Rep acme <rep@acme.example>",
                                         "--store", store, "--date", "2024-04-01"]))
        let revised = directory.path("revised.md")
        let text = try String(contentsOfFile: ProposalTests.corpus("v1.2"), encoding: .utf8)
        try text.replacingOccurrences(of: "transparency reports", with: "yearly transparency reports").write(toFile: revised, atomically: true, encoding: .utf8)
        try CLI.succeed(try CLI.conduct(["revise", "--store", store, open, "--from", revised, "--date", "2024-04-02"]))
        try CLI.succeed(try CLI.conduct(["approve", open, "--as", "jp", "--key", jpKey, "--by", "田中 花子 <hanako@ai.example.jp>",
                                         "--statement", "We approve, with \"reservations\".", "--store", store, "--date", "2024-04-03"]))
        try CLI.succeed(try CLI.conduct(["adopt", "--store", store, "--from", ProposalTests.corpus("v1.2"), "--version", "1.2",
                                         "--date", "2025-02-07", "--message", "Adopt v1.2\n\nYearly reports, \"trustworthy\" use"]))

        let root = try CommentTests.comment(store, ["v1.0", "--clause", "transparency", "--quote", "transparency reports",
                                                    "--message", "How often, and \"to whom\"?\n報告の頻度は？", "--role", "government",
                                                    "--date", "2023-11-05"], as: "田中 <tanaka@gov.example.jp>")
        try CLI.succeed(try CLI.conduct(["reply", "--store", store, root, "--as", "Lab <lab@uni.example>", "--message", "Yearly, to all.",
                                         "--date", "2023-11-06"]))
        _ = try CommentTests.comment(store, [open, "--clause", "scope", "--message", "Clear enough.", "--role", "industry", "--date", "2024-04-03"])
        return store
    }

    /// The columns the README documents for `command`, in order: the backquoted names in the
    /// first cell of each row of its "columns of `command`" table.
    static func documentedColumns(_ command: String) throws -> [String] {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("| columns of `\(command)`, in order |") }, "README: no columns of \(command)")
        var columns: [String] = []
        for line in lines[(start + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cell = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            columns += cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        return columns
    }

    /// Python's reading of a CSV, beside the fields the README's rule takes from the JSON items:
    /// `rows` (the header first), `expected` (per item, per column), `roundtrip` (Python's own
    /// RFC 4180 writer gives back exactly the bytes read) and `uncovered` (JSON fields no
    /// column holds, apart from `excluded` prefixes).
    static let reader = #"""
    import csv, io, json, sys
    columns, key, nested, excluded, path = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), sys.argv[5]
    text = sys.stdin.buffer.read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    again = io.StringIO(newline="")
    csv.writer(again, lineterminator="\r\n").writerows(rows)
    with open(path, encoding="utf-8") as f:
        listing = json.load(f)
    items = []
    def add(item):
        items.append(item)
        for child in (item.get(nested, []) if nested else []):
            add(child)
    for item in listing[key]:
        add(item)
    def cell(value, path, in_list=False):
        if value is None:
            return ""
        if isinstance(value, list):
            return (" " if in_list else "; ").join(cell(v, path, True) for v in value)
        if isinstance(value, dict):
            return cell(value.get(path[0]), path[1:], in_list) if path else "<object>"
        if path:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    def leaves(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from leaves(v, path + [k])
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v, path)
        else:
            yield ".".join(path)
    uncovered = sorted({leaf for item in items for leaf in leaves(item, [])
                        if leaf not in columns and not any(leaf.startswith(prefix) for prefix in excluded)})
    print(json.dumps({"rows": rows, "expected": [[cell(item, c.split(".")) for c in columns] for item in items],
                      "roundtrip": again.getvalue() == text, "uncovered": uncovered}))
    """#

    struct Reading: Decodable {
        var rows: [[String]]
        var expected: [[String]]
        var roundtrip: Bool
        var uncovered: [String]
    }

    /// Runs `arguments` with `--format json` and `--format csv` and checks that the CSV is the
    /// JSON's `key` items (and, with `nested`, their children depth first), field by field.
    static func compare(_ store: String, _ directory: TemporaryDirectory, command: String, _ arguments: [String], key: String,
                        nested: String = "", excluded: [String] = []) throws -> Reading {
        let json = try CLI.succeed(try CLI.conduct(arguments + ["--store", store, "--format", "json"]), command)
        let csv = try CLI.succeed(try CLI.conduct(arguments + ["--store", store, "--format", "csv"]), command)
        #expect(csv.stderr == json.stderr, "\(command): the diagnostics are the same in either format")
        let file = directory.path("\(key).json")
        try json.stdoutBytes.write(to: URL(fileURLWithPath: file))
        let columns = try documentedColumns(command)
        let encoded = { (value: [String]) in String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        let python = try CLI.run("/usr/bin/env", ["python3", "-c", reader, try encoded(columns), key, nested, try encoded(excluded), file],
                                 stdin: csv.stdoutBytes)
        try #require(python.status == 0, "\(command): Python's csv module cannot read it: \(python.stderr)\n\(csv.stdout)")
        let reading = try JSONDecoder().decode(Reading.self, from: python.stdoutBytes)
        #expect(reading.rows.first == columns, "\(command): the header is the README's column order")
        #expect(reading.rows.count == reading.expected.count + 1, "\(command): one record per item")
        for (row, expected) in zip(reading.rows.dropFirst(), reading.expected) {
            for (index, column) in columns.enumerated() {
                #expect(row.count == columns.count && row[index] == expected[index], "\(command), \(column): \(row) vs \(expected)")
            }
        }
        #expect(reading.roundtrip, "\(command): not the bytes RFC 4180 writes (CRLF, minimal quoting)")
        #expect(reading.uncovered.isEmpty, "\(command): JSON fields without a column: \(reading.uncovered)")
        #expect(csv.stdoutBytes.starts(with: Data((columns.joined(separator: ",") + "\r\n").utf8)))
        return reading
    }

    @Test func everyListingWritesTheRowsOfItsJSON() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)

        let status = try Self.compare(store, directory, command: "status", ["status"], key: "signatories")
        let states = Dictionary(uniqueKeysWithValues: status.rows.dropFirst().map { ($0[0], $0[3]) })
        #expect(states == ["acme": "stale", "edu": "current-editorial", "jp": "current-editorial", "late": "never"], "\(states)")

        let signatories = try Self.compare(store, directory, command: "signatory list", ["signatory", "list"], key: "signatories")
        let jp = try #require(signatories.rows.first { $0.first == "jp" })
        #expect(jp[1] == Self.awkwardName)
        #expect(jp[4] == "田中 花子; Sato, Jiro")

        let comments = try Self.compare(store, directory, command: "comments", ["comments", "--status", "all"], key: "comments",
                                        nested: "replies", excluded: ["replies.", "anchor.changes.words."])
        #expect(comments.rows.count == 4, "two threads and a reply: \(comments.rows)")
        #expect(comments.rows.contains { $0[5] == "How often, and \"to whom\"?\n報告の頻度は？" })

        let proposals = try Self.compare(store, directory, command: "proposals", ["proposals", "--status", "all"], key: "proposals")
        #expect(proposals.rows.count == 3)
        let open = try #require(proposals.rows.first { $0[1] == "Yearly reports, \"trustworthy\" use" })
        #expect(open[8] == "1; 2" && open[19] == "acme; jp" && open[22] == "stale; valid", "\(open)")

        let log = try Self.compare(store, directory, command: "log", ["log"], key: "revisions")
        #expect(log.rows.count == 4)
    }

    @Test func onlyTheListingsTakeCSV() throws {
        let directory = try TemporaryDirectory()
        let store = try AttestationTests.store(in: directory)
        for arguments in [["outline"], ["diff", "v1.0", "v1.0"], ["signatory", "show", "acme"], ["translations"]] {
            let result = try CLI.conduct(arguments + ["--store", store, "--format", "csv"])
            #expect(result.status == 64 && result.stdout.isEmpty, "\(arguments): \(result.status) \(result.stdout)")
        }
    }
}

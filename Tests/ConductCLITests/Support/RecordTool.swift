import Foundation
import Testing

/// Records read, edited and hashed in Python, independent of conduct: canonical JSON (sorted
/// keys, no spaces), the signed payload (the canonical JSON without "signature"), fields and
/// edits of fields, and SHA-256.
enum RecordTool {
    static let script = """
        import hashlib, json, sys
        mode = sys.argv[1]
        data = sys.stdin.buffer.read()
        if mode == "sha256":
            sys.stdout.write(hashlib.sha256(data).hexdigest())
            sys.exit(0)
        record = json.loads(data.decode("utf-8"))
        if mode == "payload":
            record.pop("signature", None)
        elif mode == "edit":
            for key, value in json.loads(sys.argv[2]).items():
                if value is None:
                    record.pop(key, None)
                else:
                    record[key] = value
        elif mode == "field":
            value = record.get(sys.argv[2])
            sys.stdout.write(value if isinstance(value, str) else json.dumps(value))
            sys.exit(0)
        sys.stdout.buffer.write(json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        """

    static func python(_ mode: String, _ input: Data, _ extra: [String] = []) throws -> Data {
        let result = try CLI.run("/usr/bin/env", ["python3", "-c", script, mode] + extra, stdin: input)
        try #require(result.status == 0, "python \(mode): \(result.stderr)")
        return result.stdoutBytes
    }

    /// The bytes an attestation record's signature covers.
    static func payload(_ record: Data) throws -> Data { try python("payload", record) }
    static func canonical(_ record: Data) throws -> Data { try python("canonical", record) }
    static func sha256(_ bytes: Data) throws -> String { String(decoding: try python("sha256", bytes), as: UTF8.self) }
    static func field(_ record: Data, _ name: String) throws -> String { String(decoding: try python("field", record, [name]), as: UTF8.self) }

    /// The record with `changes` applied (NSNull removes a field), in canonical form.
    static func edited(_ record: Data, _ changes: [String: Any]) throws -> Data {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: changes), as: UTF8.self)
        return try python("edit", record, [json])
    }
}

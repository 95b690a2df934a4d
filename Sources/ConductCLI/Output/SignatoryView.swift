import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif

extension Signatory {
    var json: JSONValue {
        .object([
            "id": .string(id), "name": .string(name), "kind": .string(kind.rawValue), "registered": .string(registered.description),
            "representatives": .array(representatives.map { .object(["name": .string($0.name), "email": .string($0.email)]) }),
            "keys": .array(keys.map { key in
                var object: [String: JSONValue] = [
                    "fingerprint": .string(key.fingerprint), "key": .string(key.line), "added": .string(key.added.description),
                ]
                if let revoked = key.revoked { object["revoked"] = .string(revoked.description) }
                return .object(object)
            }),
        ])
    }
}

/// `conduct signatory list` and `conduct signatory show`.
enum SignatoryView {
    static func json(_ signatories: [Signatory]) -> JSONValue {
        .object(["signatories": .array(signatories.map(\.json))])
    }

    /// `conduct signatory list --format csv`: the fields of `json`, one record per signatory
    /// (README, "Listings as CSV").
    static let csvColumns = CSV.Columns([
        "id", "name", "kind", "registered", "representatives.name", "representatives.email",
        "keys.fingerprint", "keys.key", "keys.added", "keys.revoked",
    ])

    static func writeList(_ signatories: [Signatory]) {
        if signatories.isEmpty { Terminal.note("No signatories yet; register one with 'conduct signatory add'.") }
        for signatory in signatories {
            let keys = signatory.keys.filter { $0.revoked == nil }.count
            Terminal.line("\(signatory.id)  \(signatory.kind.rawValue)  \(signatory.name)  (\(keys) key\(keys == 1 ? "" : "s") in force)")
        }
    }

    static func text(_ signatory: Signatory) -> String {
        var out = "\(signatory.id)  \(signatory.name)  (\(signatory.kind.rawValue), registered \(signatory.registered.day))\n"
        for representative in signatory.representatives { out += "  representative  \(representative)\n" }
        for key in signatory.keys {
            let state = key.revoked.map { "revoked \($0)" } ?? "in force"
            out += "  key  \(key.fingerprint)  added \(key.added)  \(state)\n"
        }
        return out
    }
}

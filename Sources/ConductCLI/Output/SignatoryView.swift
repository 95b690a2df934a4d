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

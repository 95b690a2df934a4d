import ArgumentParser
import ConductKit

/// `conduct secretariat show --format json`.
struct AuthorityView: Encodable {
    struct Link: Encodable {
        var id: String
        var at: String
        var keys: [String]
        var fingerprints: [String]
        var threshold: Int
        var previous: String?
        var by: Identity
        var signedBy: [String]
    }

    var keys: [String]
    var threshold: Int?
    var chain: [Link]

    init(_ authority: Authority) {
        keys = authority.current?.keys.map(\.fingerprint) ?? []
        threshold = authority.current?.threshold
        chain = authority.chain.map {
            Link(id: $0.id, at: $0.time.description, keys: $0.keys.map(\.openSSHLine), fingerprints: $0.keys.map(\.fingerprint),
                 threshold: $0.threshold, previous: $0.previous, by: $0.by, signedBy: $0.signedBy)
        }
    }
}

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

extension AuthorityView {
    /// `conduct secretariat show`: the keys in force, then the chain of authority records.
    static func writeText(_ authority: Authority) {
        guard let current = authority.current else {
            Terminal.line("no authority record: run 'conduct secretariat migrate' to endorse what the store holds")
            return
        }
        Terminal.line("secretariat keys in force (\(current.threshold) of \(current.keys.count) must sign a change):")
        for key in current.keys { Terminal.line("  \(key.fingerprint)") }
        Terminal.line("chain:")
        for link in authority.chain {
            let endorses = link.endorses.map { " endorsing ledger \($0.ledger?.prefix(12) ?? "(none)") and main \($0.main?.prefix(12) ?? "(none)")" } ?? ""
            Terminal.line("  \(link.id.prefix(12))  \(link.time)  \(link.keys.count) key\(link.keys.count == 1 ? "" : "s"), threshold \(link.threshold), by \(link.by)\(endorses)")
        }
        for problem in authority.problems { Terminal.line("  left out \(problem.id.prefix(12)): \(problem.problem)") }
    }
}

import ConductKit

extension RecordedAttestation {
    /// What `attest` did: the revision and scope attested, who signed with which key, and the
    /// translation read, with what it had not caught up with.
    func writeText() {
        let what = attestation.scope.map { "clauses " + $0.joined(separator: ", ") } ?? "the whole document"
        let revision = attestation.version.map { "v" + $0 } ?? String(attestation.revision.prefix(7))
        let read = reading.map { ", " + $0.summary } ?? ""
        Terminal.line("Attested \(revision) (\(what)) for \(attestation.signatory), signed by \(attestation.by) with \(attestation.key)\(read)")
    }
}

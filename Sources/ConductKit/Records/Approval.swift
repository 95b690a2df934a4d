/// A signatory's signed approval of one version of a proposal.
///
/// The signature is an SSHSIG in its own namespace, `conduct-approval` (so an attestation's
/// signature can never be passed off as an approval, nor the other way round), over the record's
/// canonical JSON without its `signature` field. That payload binds the proposal id, the version
/// number and its commit id, the SHA-256 of the document that version holds (the text it would
/// adopt), the signatory, the key, the time and the statement, so `ssh-keygen -Y verify -n
/// conduct-approval` checks it without this tool.
public struct Approval: Sendable {
    public static let namespace = "conduct-approval"
    public static let type = "approval"
    public static let withdrawnType = "approval-withdrawn"
    /// The ledger folder: `approvals/<proposal id>/<record id>.json`.
    public static let folder = "approvals"

    /// The record id.
    public var id: String
    public var proposal: String
    public var signatory: String
    public var time: Timestamp
    /// The version approved (1 for the proposal as opened) and its commit.
    public var version: Int
    public var commit: String
    /// SHA-256 of the document's bytes at `commit`.
    public var document: String
    public var statement: String?
    /// The representative who signed.
    public var by: Identity
    /// The fingerprint of the signing key.
    public var key: String

    init?(_ record: Record) {
        let value = record.value
        guard record.type == Approval.type, let proposal = value["proposal"]?.stringValue,
              let signatory = value["signatory"]?.stringValue, case .integer(let version)? = value["version"], version >= 1,
              version <= Int64(Int32.max), let commit = value["commit"]?.stringValue, let document = value["document"]?.stringValue,
              let key = value["key"]?.stringValue, let by = value["by"] else { return nil }
        self.id = record.id
        self.proposal = proposal
        self.signatory = signatory
        self.time = record.time
        self.version = Int(version)
        self.commit = commit
        self.document = document
        self.statement = value["statement"]?.stringValue
        self.by = Identity(name: by["name"]?.stringValue ?? "", email: by["email"]?.stringValue ?? "")
        self.key = key
    }

    /// Why an approval or withdrawal record's signature does not hold by itself (nil: it holds):
    /// the check attestations get, in this namespace.
    public static func signatureProblem(_ record: Record) -> String? {
        Attestation.signatureProblem(record, namespace: namespace)
    }

    /// Why an approval does not bind what it says (nil: it does): the proposal is in the ledger,
    /// the commit is that proposal's version of the number signed, and the digest is that of the
    /// text the commit holds. An approval whose commit is a version of another proposal, or another
    /// version of this one, was replayed there, and is named as such. `digest` gives the SHA-256
    /// of the document at a commit (nil: the store holds no document there).
    static func bindingProblem(_ approval: Approval, proposals: [String: Proposal], digest: (String) -> String?) -> String? {
        guard let proposal = proposals[approval.proposal] else {
            return "it approves proposal \(approval.proposal), which the ledger does not hold"
        }
        let signed = proposal.versions.first { $0.number == approval.version }
        if signed?.commit != approval.commit {
            if let other = proposal.versions.first(where: { $0.commit == approval.commit }) {
                return "it names version \(approval.version) of \(proposal.id) but the commit of version \(other.number): replayed onto another version"
            }
            for (id, elsewhere) in proposals.sorted(by: { $0.key < $1.key }) where id != proposal.id {
                if let other = elsewhere.versions.first(where: { $0.commit == approval.commit }) {
                    return "its commit \(approval.commit.prefix(12)) is version \(other.number) of proposal \(id), not of \(proposal.id): replayed onto another proposal"
                }
            }
            guard signed != nil else {
                return "it approves version \(approval.version) of \(proposal.id), which has \(proposal.versions.count) version\(proposal.versions.count == 1 ? "" : "s")"
            }
            return "its commit \(approval.commit.prefix(12)) is not version \(approval.version) of \(proposal.id)"
        }
        guard digest(approval.commit) == approval.document else {
            return "its document digest is not the SHA-256 of the text of version \(approval.version) of \(proposal.id)"
        }
        return nil
    }
}

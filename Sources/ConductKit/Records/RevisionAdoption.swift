/// How a revision came to be adopted, as its commit and the ledger tell it: the proposal it was
/// adopted from, that proposal's consultation window under the rule in force at the adoption,
/// the approvals the commit names (`Conduct-Approval`) and any override (`Conduct-Override`).
///
/// It says what was recorded; whether it satisfied the rule is `verify`'s question.
public struct RevisionAdoption: Sendable {
    /// One approval the adoption commit names, with the record when the ledger holds it.
    public struct Relied: Sendable {
        public var id: String
        /// nil: the ledger holds no approval record of that id.
        public var approval: Approval?
    }

    public var proposal: String?
    /// When the consultation window of the proposal ended (or ends); nil: it had none.
    public var consultationEnd: Timestamp?
    public var approvals: [Relied]
    public var override: String?
}

/// Every signatory's status at one revision. Rows are computed while they are read, one at a
/// time: a store can have a hundred thousand signatories.
public struct StatusReport {
    public var revision: Revision
    public var now: Timestamp
    public var settings: StoreSettings
    /// Ledger files that are not valid records where they lie, skipped (`verify` names them all).
    public var skipped: [String]
    let judge: StatusJudge

    /// Hands each row to `body`, in the order of signatory ids.
    public func forEachRow(_ body: (AttestationStatus) -> Void) throws(ConductError) {
        try judge.forEachRow(body)
    }

    /// How many threads `render` may be called on at once (its `worker` is below this).
    public static let workers = 2

    /// Renders every row, in the order of signatory ids, and hands the output to `write` in
    /// pieces, in order. Rows are judged and rendered in batches on `workers` threads at once;
    /// `render` is called for one batch per thread at a time, and may keep state per `worker`.
    public func writeRows(render: @escaping @Sendable (_ worker: Int, _ row: AttestationStatus, _ out: inout [UInt8]) -> Void,
                          write: ([UInt8]) -> Void) throws(ConductError) {
        try judge.writeRows(render: render, write: write)
    }

    /// The length of the longest signatory id, for lining up rows before they are read.
    public func longestID() -> Int { judge.longestID() }

    /// Every row, in the order of signatory ids.
    public func rows() throws(ConductError) -> [AttestationStatus] {
        var rows: [AttestationStatus] = []
        try forEachRow { rows.append($0) }
        return rows
    }
}

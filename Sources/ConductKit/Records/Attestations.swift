/// Attestations and their withdrawals, as the fold over their records leaves them.
struct Attestations {
    /// Each signatory's attestations, oldest first.
    var bySignatory: [String: [Attestation]] = [:]

    static func fold(_ records: [Record]) -> Attestations {
        var result = Attestations()
        var index: [String: (String, Int)] = [:]
        for record in records {
            switch record.type {
            case "attestation":
                guard let attestation = Attestation(record) else { continue }
                index[record.id] = (attestation.signatory, result.bySignatory[attestation.signatory, default: []].count)
                result.bySignatory[attestation.signatory, default: []].append(attestation)
            case "attestation-withdrawn":
                guard let target = record.value["withdraws"]?.stringValue, let (signatory, position) = index[target],
                      record.value["signatory"]?.stringValue == signatory else { continue }
                result.bySignatory[signatory]?[position].withdrawals.append(Attestation.Withdrawal(
                    id: record.id, time: record.time, key: record.value["key"]?.stringValue ?? ""))
            default:
                continue
            }
        }
        return result
    }
}

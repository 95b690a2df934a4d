import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a sync report reads.
enum SyncView {
    static func text(_ report: SyncReport) -> String {
        var out = report.dryRun ? "Dry run: nothing was changed or pushed.\n" : ""
        let records = { (counts: [String: Int]) in
            counts.isEmpty ? "no records" : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        out += "In from \(report.remote):  \(report.revisionsIn) revision\(report.revisionsIn == 1 ? "" : "s"), \(report.proposalsIn.count) proposal\(report.proposalsIn.count == 1 ? "" : "s"), \(records(report.recordsIn))\n"
        out += "Out to \(report.remote):   \(report.revisionsOut) revision\(report.revisionsOut == 1 ? "" : "s"), \(report.proposalsOut.count) proposal\(report.proposalsOut.count == 1 ? "" : "s"), \(records(report.recordsOut))\n"
        for divergence in report.diverged {
            out += "diverged: \(divergence.reference): here \(divergence.local.prefix(12)), on \(report.remote) \(divergence.remote.prefix(12)); "
            out += divergence.backup.map { "took \(report.remote)'s, and kept the local tip at \($0)\n" }
                ?? "nothing was overwritten (take \(report.remote)'s with --accept-remote)\n"
        }
        for item in report.quarantined { out += "quarantined: \(item.path): \(item.problem)\n" }
        if let reference = report.quarantineReference { out += "(kept out of the ledger, under \(reference))\n" }
        for item in report.dropped {
            out += "dropped by \(report.remote): \(item.path): its ledger commit \(item.commit.prefix(12)) held it, and its tip "
            out += (item.edited ? "holds other content under that name" : "does not") + "; the ledger never shrinks: kept here"
            out += report.dryRun ? "\n" : ", and given back on push\n"
        }
        if let tip = report.ledgerHeldBack {
            out += "held back: refs/conduct/records was not pushed: \(report.remote)'s ledger (at \(tip.prefix(12))) holds the records quarantined above, "
            out += "and this store does not take that history in. Once you have looked at them, replace \(report.remote)'s ledger with this store's, "
            out += "which holds every record of \(report.remote)'s that checked out: conduct sync \(report.remote) --replace-remote-ledger\n"
        }
        for reference in report.replaced {
            out += "replaced: \(reference) on \(report.remote) now holds this store's, without the quarantined records\n"
        }
        for (reference, reason) in report.refused.sorted(by: { $0.key < $1.key }) { out += "refused by \(report.remote): \(reference): \(reason)\n" }
        return out
    }

    static func json(_ report: SyncReport) -> JSONValue {
        let counts = { (counts: [String: Int]) in JSONValue.object(counts.mapValues { JSONValue.integer(Int64($0)) }) }
        return .object([
            "remote": .string(report.remote), "dryRun": .bool(report.dryRun),
            "in": .object(["revisions": .integer(Int64(report.revisionsIn)), "proposals": .array(report.proposalsIn.map(JSONValue.string)),
                           "records": counts(report.recordsIn)]),
            "out": .object(["revisions": .integer(Int64(report.revisionsOut)), "proposals": .array(report.proposalsOut.map(JSONValue.string)),
                            "records": counts(report.recordsOut)]),
            "diverged": .array(report.diverged.map { divergence in
                var object: [String: JSONValue] = ["reference": .string(divergence.reference), "local": .string(divergence.local),
                                                   "remote": .string(divergence.remote)]
                if let backup = divergence.backup { object["backup"] = .string(backup) }
                return .object(object)
            }),
            "quarantined": .array(report.quarantined.map { .object(["path": .string($0.path), "problem": .string($0.problem)]) }),
            "dropped": .array(report.dropped.map { .object(["path": .string($0.path), "commit": .string($0.commit), "edited": .bool($0.edited)]) }),
            "refused": .object(report.refused.mapValues(JSONValue.string)),
            "ledgerHeldBack": report.ledgerHeldBack.map(JSONValue.string) ?? .null,
            "replaced": .array(report.replaced.map(JSONValue.string)),
        ])
    }
}

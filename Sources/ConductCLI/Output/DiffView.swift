import ArgumentParser
import ConductKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `conduct diff --format json` (Schemas/diff.schema.json).
struct DiffView: Encodable {
    var old: Comparison.Side
    var new: Comparison.Side
    var significance: Significance
    var summary: DocumentDiff.Summary
    var clauses: [ClauseDiff]

    init(_ comparison: Comparison, clauses: [ClauseDiff]) {
        old = comparison.old
        new = comparison.new
        significance = comparison.diff.significance
        summary = comparison.diff.summary
        self.clauses = clauses
    }
}

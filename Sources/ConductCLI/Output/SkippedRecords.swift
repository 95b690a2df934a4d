import ConductKit

/// The stores a command opened, so that ledger files their reads skipped are named on
/// standard error once the command is done, whatever it printed.
enum SkippedRecords {
    nonisolated(unsafe) private static var stores: [Store] = []

    static func watch(_ store: Store) -> Store {
        stores.append(store)
        return store
    }

    /// Warns of every ledger file skipped as not being a valid record, with the way out.
    static func warn() {
        var seen = Set<String>()
        let skipped = stores.flatMap(\.skippedRecords).filter { seen.insert($0.path).inserted }
        guard !skipped.isEmpty else { return }
        let one = skipped.count == 1
        Terminal.note("conduct: warning: \(skipped.count) ledger file\(one ? " is" : "s are") not a valid record and \(one ? "was" : "were") skipped; 'conduct verify' lists every finding:")
        for problem in skipped.prefix(5) { Terminal.note("  \(problem.path) \(problem.problem)") }
        if skipped.count > 5 { Terminal.note("  … and \(skipped.count - 5) more") }
    }
}

import Git

/// An attestation with the verdicts on its signature and on its withdrawal's signature (nil:
/// the signature holds over the record's content; whose key it is is judged separately).
struct CheckedAttestation: Sendable {
    var attestation: Attestation
    var problem: String?
    /// One verdict per withdrawal, in the same order.
    var withdrawalProblems: [String?]

    /// The first withdrawal whose signature holds and whose key counted at its time (for
    /// `signatory`), if one was made by `time` (nil: any time).
    func validWithdrawal(of signatory: Signatory, by time: Timestamp?) -> Attestation.Withdrawal? {
        zip(attestation.withdrawals, withdrawalProblems).first { withdrawal, problem in
            problem == nil && time.map { withdrawal.time <= $0 } ?? true
                && Attestation.keyProblem(withdrawal.key, at: withdrawal.time, signatory: signatory) == nil
        }?.0
    }
}

/// What `status` reads of the ledger: every signatory and its attestations.
///
/// A signatory's registry entry is a fold over its folder `signatories/<id>/` alone, and its
/// attestations a fold over `attestations/<id>/` alone, so each is a pure function of that
/// folder's tree id. They are cached by tree id under the git directory: a warm read lists the
/// two folders and reads no record, a folder that changed is read again whole.
struct LedgerIndex {
    var signatories: [String: Signatory] = [:]
    var attestations: [String: [CheckedAttestation]] = [:]
    /// Files in those folders that are not valid records where they lie: skipped (`verify` names them).
    var problems: [Store.LedgerProblem] = []
    /// While reading: folders the cache does not know.
    fileprivate var missing: [(id: ObjectID, path: String)] = []
}

extension Store {
    /// The ledger's signatories, and with `attestations` their checked attestations.
    func ledgerIndex(attestations wanted: Bool = true) throws(ConductError) -> LedgerIndex {
        var cache = FolderCache(gitDirectory: path)
        defer { cache.flush() }
        var index = LedgerIndex()
        var missing: [(id: ObjectID, path: String)] = []
        let folders = try git("reading the ledger") { () throws -> [String: [TreeEntry]] in
            guard let tip = try repository.reference(Ledger.reference) else { return [:] }
            var folders: [String: [TreeEntry]] = [:]
            for entry in try repository.tree(try repository.commit(tip).tree) where entry.mode == .tree
                && (entry.name == "signatories" || (wanted && entry.name == "attestations")) {
                folders[entry.name] = try repository.tree(entry.id)
            }
            return folders
        }
        // Folders seen before are decoded from the cache, half on each core.
        let entries = (folders["signatories"] ?? []).map { (folder: "signatories", entry: $0) }
            + (folders["attestations"] ?? []).map { (folder: "attestations", entry: $0) }
        let shared = cache
        let parts = inParallel(entries.count >= 2_000 ? 2 : 1) { part -> LedgerIndex in
            var found = LedgerIndex()
            let range = part == 0 ? 0..<(entries.count + 1) / 2 : (entries.count + 1) / 2..<entries.count
            for (folder, entry) in entries[entries.count >= 2_000 ? range : 0..<entries.count] {
                if folder == "signatories", let cached = shared.signatory(entry.id) {
                    if let signatory = cached { found.signatories[entry.name] = signatory }
                } else if folder == "attestations", let cached = shared.attestations(entry.id) {
                    found.attestations[entry.name] = cached
                } else {
                    found.missing.append((entry.id, folder + "/" + entry.name))
                }
            }
            return found
        }
        for part in parts {
            index.signatories.merge(part.signatories) { first, _ in first }
            index.attestations.merge(part.attestations) { first, _ in first }
            missing += part.missing
        }
        guard !missing.isEmpty else { return index }

        // Folders not seen before: read their records, fold each folder, remember the result.
        let (records, problems) = try git("reading the ledger") { try readFolders(missing, tolerant: true) }
        index.problems = problems
        // A folder holding a file that is not a record is read again each time, so that the
        // problem is reported each time.
        let damaged = Set(problems.map { $0.path.split(separator: "/").prefix(2).joined(separator: "/") })
        var byFolder: [String: [Record]] = [:]
        for record in Store.inFoldOrder(records) {
            byFolder[record.path.prefix(2).joined(separator: "/"), default: []].append(record)
        }
        var verified = VerifiedSignatures(gitDirectory: path)
        defer { verified.flush() }
        for folder in missing where folder.path.hasPrefix("signatories/") {
            let id = String(folder.path.split(separator: "/").last ?? "")
            let signatory = Signatory.fold(byFolder[folder.path] ?? [])[id]
            index.signatories[id] = signatory
            if !damaged.contains(folder.path) { cache.store(folder.id, signatory: signatory) }
        }
        // Checking Ed25519 signatures is the costly part of a first read: half on each core.
        let unread = missing.filter { $0.path.hasPrefix("attestations/") }
        let (known, read) = (verified, byFolder)
        let checkedParts = inParallel(unread.count >= 200 ? 2 : 1) { part -> [(tree: ObjectID, id: String, checked: [CheckedAttestation], good: [String])] in
            let half = unread.count >= 200 ? (part == 0 ? unread[..<(unread.count / 2)] : unread[(unread.count / 2)...]) : unread[...]
            return half.map { folder in
                let records = read[folder.path] ?? []
                let id = String(folder.path.split(separator: "/").last ?? "")
                let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                var good: [String] = []
                func verdict(_ recordID: String) -> String? {
                    guard let record = byID[recordID] else { return "the record is missing" }
                    let problem = known.check(record)
                    if problem == nil { good.append(recordID) }
                    return problem
                }
                let checked = (Attestations.fold(records).bySignatory[id] ?? []).map { attestation in
                    CheckedAttestation(attestation: attestation, problem: verdict(attestation.id),
                                       withdrawalProblems: attestation.withdrawals.map { verdict($0.id) })
                }
                return (folder.id, folder.path, checked, good)
            }
        }
        for (tree, path, checked, good) in checkedParts.joined() {
            index.attestations[String(path.split(separator: "/").last ?? "")] = checked
            if !damaged.contains(path) { cache.store(tree, attestations: checked) }
            good.forEach { verified.remember($0) }
        }
        return index
    }
}

/// Folded signatories and checked attestations by the tree id of the folder they come from.
///
/// One line per folder: `<tree id> S <fields>` or `<tree id> A <attestations>`. Fields are
/// separated by U+001F, attestations by U+001E; text is percent-escaped where it holds either,
/// a line break, a tab or `%`.
struct FolderCache {
    private var cache: LineCache
    private var lines: [Substring: Substring] = [:]
    private static let field: Character = "\u{1F}"
    private static let item: Character = "\u{1E}"

    private static func split(_ text: Substring, _ separator: Character, keepingEmpty: Bool = true) -> [Substring] {
        guard let byte = separator.asciiValue else { return [text] }
        return text.split(byte: byte, keepingEmpty: keepingEmpty)
    }

    init(gitDirectory: String) {
        cache = LineCache(gitDirectory: gitDirectory, name: "folders-v2")
        for line in cache.lines() {
            guard line.utf8.count > 43 else { continue }
            let split = line.utf8.index(line.startIndex, offsetBy: 40)
            lines[line[..<split]] = line[line.utf8.index(after: split)...]
        }
    }

    mutating func flush() { cache.flush() }

    /// The line for `tree`, copied: the fields cut from it then share the copy rather than the
    /// whole file's text, which two threads would otherwise contend for.
    private func line(_ tree: ObjectID) -> Substring? {
        lines[Substring(tree.hex)].map { Substring(String($0)) }
    }

    // MARK: Signatories

    /// The folded signatory of a folder seen before (`.some(nil)`: a folder without a registration).
    func signatory(_ tree: ObjectID) -> Signatory?? {
        guard let line = line(tree), line.hasPrefix("S ") else { return nil }
        let fields = Self.split(line.dropFirst(2), Self.field)
        if fields.count == 1, fields[0].isEmpty { return .some(nil) }
        guard fields.count == 6, let kind = Signatory.Kind(rawValue: String(fields[2])),
              let registered = Self.time(fields[3]) else { return nil }
        var representatives: [Identity] = []
        for item in Self.split(fields[4], Self.item, keepingEmpty: false) {
            let parts = Self.split(item, "\t")
            guard parts.count == 2 else { return nil }
            representatives.append(Identity(name: Self.unescape(parts[0]), email: Self.unescape(parts[1])))
        }
        var keys: [Signatory.Key] = []
        for item in Self.split(fields[5], Self.item, keepingEmpty: false) {
            let parts = Self.split(item, "\t")
            guard parts.count == 4, let added = Self.time(parts[2]) else { return nil }
            keys.append(Signatory.Key(line: String(parts[0]), fingerprint: String(parts[1]), added: added,
                                      revoked: parts[3].isEmpty ? nil : Self.time(parts[3])))
        }
        return .some(Signatory(id: Self.unescape(fields[0]), name: Self.unescape(fields[1]), kind: kind,
                               representatives: representatives, registered: registered, keys: keys))
    }

    mutating func store(_ tree: ObjectID, signatory: Signatory?) {
        var text = "S "
        if let signatory {
            let representatives = signatory.representatives.map { Self.escape($0.name) + "\t" + Self.escape($0.email) }
            let keys = signatory.keys.map { [$0.line, $0.fingerprint, Self.time($0.added), $0.revoked.map(Self.time) ?? ""].joined(separator: "\t") }
            text += [Self.escape(signatory.id), Self.escape(signatory.name), signatory.kind.rawValue, Self.time(signatory.registered),
                     representatives.joined(separator: String(Self.item)), keys.joined(separator: String(Self.item))]
                .joined(separator: String(Self.field))
        }
        append(tree, text)
    }

    // MARK: Attestations

    func attestations(_ tree: ObjectID) -> [CheckedAttestation]? {
        guard let line = line(tree), line.hasPrefix("A ") else { return nil }
        var result: [CheckedAttestation] = []
        for item in Self.split(line.dropFirst(2), Self.item, keepingEmpty: false) {
            let f = Self.split(item, Self.field)
            guard f.count == 17, let time = Self.time(f[1]) else { return nil }
            // Withdrawals: ids, times, keys and verdicts, each a tab-separated list.
            let (ids, times, keys, verdicts) = (Self.split(f[13], "\t", keepingEmpty: false), Self.split(f[14], "\t", keepingEmpty: false),
                                                Self.split(f[15], "\t", keepingEmpty: false), Self.split(f[16], "\t"))
            guard times.count == ids.count, keys.count == ids.count, ids.isEmpty ? verdicts == [""] : verdicts.count == ids.count else { return nil }
            var withdrawals: [Attestation.Withdrawal] = []
            for index in ids.indices {
                guard let when = Self.time(times[index]) else { return nil }
                withdrawals.append(Attestation.Withdrawal(id: String(ids[index]), time: when, key: Self.unescape(keys[index])))
            }
            let attestation = Attestation(
                id: String(f[0]), signatory: Self.unescape(f[2]), time: time, revision: String(f[3]),
                version: f[4].isEmpty ? nil : Self.unescape(f[4]), document: String(f[5]), fingerprints: String(f[6]),
                scope: f[7] == "*" ? nil : Self.split(f[7], "\t", keepingEmpty: false).map(Self.unescape),
                statement: f[8].isEmpty ? nil : Self.unescape(f[8]), by: Identity(name: Self.unescape(f[9]), email: Self.unescape(f[10])),
                key: Self.unescape(f[11]), withdrawals: withdrawals)
            result.append(CheckedAttestation(attestation: attestation, problem: f[12].isEmpty ? nil : Self.unescape(f[12]),
                                             withdrawalProblems: ids.isEmpty ? [] : verdicts.map { $0 == "-" ? nil : Self.unescape($0) }))
        }
        return result
    }

    mutating func store(_ tree: ObjectID, attestations: [CheckedAttestation]) {
        let items = attestations.map { checked -> String in
            let a = checked.attestation
            return [a.id, Self.time(a.time), Self.escape(a.signatory), a.revision, Self.escape(a.version ?? ""), a.document,
                    a.fingerprints, a.scope.map { $0.map(Self.escape).joined(separator: "\t") } ?? "*",
                    Self.escape(a.statement ?? ""), Self.escape(a.by.name), Self.escape(a.by.email), Self.escape(a.key),
                    Self.escape(checked.problem ?? ""), a.withdrawals.map(\.id).joined(separator: "\t"),
                    a.withdrawals.map { Self.time($0.time) }.joined(separator: "\t"),
                    a.withdrawals.map { Self.escape($0.key) }.joined(separator: "\t"),
                    checked.withdrawalProblems.map { $0.map(Self.escape) ?? "-" }.joined(separator: "\t")]
                .joined(separator: String(Self.field))
        }
        append(tree, "A " + items.joined(separator: String(Self.item)))
    }

    // MARK: Encoding

    private mutating func append(_ tree: ObjectID, _ text: String) {
        // Empty problem texts and ids keep the line's shape; only the folder's own fields vary.
        cache.append(tree.hex + " " + text)
    }

    /// `seconds.milliseconds.offset`, exact and quick to read back.
    private static func time(_ time: Timestamp) -> String { "\(time.seconds).\(time.milliseconds).\(time.offsetMinutes)" }

    private static func time(_ text: Substring) -> Timestamp? {
        let parts = Self.split(text, ".")
        guard parts.count == 3, let seconds = Int64(parts[0]), let milliseconds = Int(parts[1]), let offset = Int32(parts[2]) else { return nil }
        return Timestamp(seconds: seconds, milliseconds: milliseconds, offsetMinutes: offset)
    }

    private static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { "%\t\n\r\u{1E}\u{1F}".unicodeScalars.contains($0) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%", "\t", "\n", "\r", "\u{1E}", "\u{1F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func unescape(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else {
                bytes.append(byte)
                continue
            }
            bytes.append(value)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

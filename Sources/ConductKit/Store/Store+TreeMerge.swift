internal import Git

extension Store {
    /// A file to place in a ledger tree: its path (folders, then the file name) and its blob.
    typealias PlacedFile = (path: ArraySlice<String>, blob: ObjectID)

    /// Writes every one of `files` into `tree` (nil: an empty tree) in one pass and returns the
    /// new tree: the files are grouped by folder, and each folder's tree is read once and, when
    /// something in it changed, written once. Time grows with the number of files placed and
    /// the size of the folders they land in, not with their product, so a hundred thousand
    /// records arriving in one folder are merged as quickly as they are read.
    ///
    /// A file already there with the same blob changes nothing; when nothing changes, `tree`
    /// itself is returned.
    func placing(_ files: [PlacedFile], into tree: ObjectID?) throws -> ObjectID? {
        guard !files.isEmpty else { return tree }
        return try place(files, into: tree)
    }

    private func place(_ files: [PlacedFile], into tree: ObjectID?) throws -> ObjectID {
        var entries: [String: TreeEntry] = [:]
        for entry in try tree.map({ try repository.tree($0) }) ?? [] { entries[entry.name] = entry }
        var here: [(name: String, blob: ObjectID)] = []
        var below: [String: [PlacedFile]] = [:]
        var order: [String] = []
        for file in files {
            guard let name = file.path.first else { throw ConductError.corruptStore("a ledger path is empty") }
            if file.path.count == 1 {
                here.append((name, file.blob))
            } else {
                if below[name] == nil { order.append(name) }
                below[name, default: []].append((file.path.dropFirst(), file.blob))
            }
        }
        var changed = tree == nil
        for (name, blob) in here where entries[name]?.id != blob || entries[name]?.mode != .blob {
            entries[name] = TreeEntry(name: name, id: blob, mode: .blob)
            changed = true
        }
        for name in order {
            let subtree = entries[name].flatMap { $0.mode == .tree ? $0.id : nil }
            let updated = try place(below[name] ?? [], into: subtree)
            if updated != subtree {
                entries[name] = TreeEntry(name: name, id: updated, mode: .tree)
                changed = true
            }
        }
        if !changed, let tree { return tree }
        return try repository.writeTree(Array(entries.values))
    }

    /// Whether every one of `files` is in `tree` already, with the same blob: each folder's
    /// tree is read once, however many of the files it holds.
    func holdsAll(_ files: [PlacedFile], in tree: ObjectID) throws -> Bool {
        var entries: [String: TreeEntry] = [:]
        for entry in try repository.tree(tree) { entries[entry.name] = entry }
        var below: [String: [PlacedFile]] = [:]
        for file in files {
            guard let name = file.path.first, let entry = entries[name] else { return false }
            if file.path.count == 1 {
                guard entry.mode == .blob, entry.id == file.blob else { return false }
            } else {
                guard entry.mode == .tree else { return false }
                below[name, default: []].append((file.path.dropFirst(), file.blob))
            }
        }
        for (name, group) in below {
            guard let entry = entries[name], try holdsAll(group, in: entry.id) else { return false }
        }
        return true
    }
}

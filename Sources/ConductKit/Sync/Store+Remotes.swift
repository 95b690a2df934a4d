import Git

extension Store {
    public func addRemote(_ name: String, url: String) throws(ConductError) {
        try requireWritable()
        guard Ledger.isValidKey(name) else { throw .invalidRemoteName(name) }
        if try remotes().contains(where: { $0.name == name }) { throw .remoteExists(name) }
        _ = try git("adding remote \(name)") { try repository.addRemote(name, url: url) }
    }

    public func removeRemote(_ name: String) throws(ConductError) {
        try requireWritable()
        let known = try remotes()
        guard known.contains(where: { $0.name == name }) else { throw .unknownRemote(name, known: known.map(\.name)) }
        try git("removing remote \(name)") { try repository.removeRemote(name) }
    }

    /// The URL of the remote named `remote`: refused when no remote has that name, or when it
    /// names a folder on this machine that is not there.
    func remoteURL(_ remote: String) throws(ConductError) -> String {
        let known = try remotes()
        guard known.contains(where: { $0.name == remote }) else { throw .unknownRemote(remote, known: known.map(\.name)) }
        if let url = known.first(where: { $0.name == remote })?.url, Store.isLocal(url),
           FileKind(atPath: url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url) == .missing {
            throw .remoteMissing(remote, url: url)
        }
        return known.first { $0.name == remote }?.url ?? remote
    }

    /// Whether `url` names a repository on this machine (a path or `file://`).
    static func isLocal(_ url: String) -> Bool { !url.contains("://") || url.hasPrefix("file://") }
}

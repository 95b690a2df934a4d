import Git

/// A store this one syncs with: its name and where it is.
public struct StoreRemote: Sendable, Equatable {
    public var name: String
    public var url: String

    /// `url` as it may be shown: a password in it replaced by `***`.
    public var displayURL: String { Store.displayURL(url) }
}

extension Store {
    /// `url` as it may be shown: a password in it replaced by `***`.
    public static func displayURL(_ url: String) -> String { Remote.hidingPassword(url) }

    /// The remotes named in the store's config, in the order git lists them.
    public func remotes() throws(ConductError) -> [StoreRemote] {
        try git("reading the remotes") { try repository.remotes().map { StoreRemote(name: $0.name, url: $0.url) } }
    }

    /// The remote a sync goes to: the one named, else `origin`, else the only one there is.
    /// Any other case is an unknown remote, and the error lists those there are.
    public func syncRemote(_ named: String?) throws(ConductError) -> String {
        let known = try remotes().map(\.name)
        if let named { return named }
        if known.contains("origin") { return "origin" }
        if known.count == 1 { return known[0] }
        throw .unknownRemote("origin", known: known)
    }

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
        guard let url = known.first(where: { $0.name == remote })?.url else {
            throw .unknownRemote(remote, known: known.map(\.name))
        }
        if Store.isLocal(url), FileKind(atPath: Store.localPath(url)) == .missing { throw .remoteMissing(remote, url: url) }
        return url
    }

    /// Whether `url` names a repository on this machine (a path or `file://`).
    static func isLocal(_ url: String) -> Bool { !url.contains("://") || url.hasPrefix("file://") }

    /// The path a local `url` names: itself, or what follows `file://`.
    static func localPath(_ url: String) -> String { url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url }
}

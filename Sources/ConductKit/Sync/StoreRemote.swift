internal import Git

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
}

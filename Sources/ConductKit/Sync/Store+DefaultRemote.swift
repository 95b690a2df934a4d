extension Store {
    /// The remote a sync goes to: the one named, else `origin`, else the only one there is.
    /// Any other case is an unknown remote, and the error lists those there are.
    public func syncRemote(_ named: String?) throws(ConductError) -> String {
        let known = try remotes().map(\.name)
        if let named { return named }
        if known.contains("origin") { return "origin" }
        if known.count == 1 { return known[0] }
        throw .unknownRemote("origin", known: known)
    }
}

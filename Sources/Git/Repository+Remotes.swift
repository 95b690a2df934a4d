import CGitShims
import CLibGit2
#if canImport(Glibc)
import Glibc
#endif

/// A configured remote: its name and the URL fetched from and pushed to.
public struct Remote: Sendable, Equatable {
    public var name: String
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// The URL as it may be shown: a password in it replaced by `***`.
    public var displayURL: String { Remote.hidingPassword(url) }

    /// `url` with the password of its user information, if any, replaced by `***`.
    public static func hidingPassword(_ url: String) -> String {
        guard let separator = url.firstRange(of: "://") else { return url }
        let authority = url[separator.upperBound...].prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }
}

/// What the receiving side said of one reference a push offered.
public struct PushedReference: Sendable, Equatable {
    public var reference: String
    /// Nil when the remote accepted the update; otherwise its reason ("non-fast-forward", …).
    public var rejection: String?

    public init(reference: String, rejection: String?) {
        self.reference = reference
        self.rejection = rejection
    }
}

extension Repository {
    /// The configured remotes, by name (`git_remote_list`, `git_remote_url`).
    public func remotes() throws -> [Remote] {
        var names = git_strarray()
        try check(git_remote_list(&names, pointer), "git_remote_list")
        defer { git_strarray_dispose(&names) }
        var result: [Remote] = []
        for index in 0..<names.count {
            guard let raw = names.strings[index] else { continue }
            let name = String(cString: raw)
            try withRemote(name) { remote in
                result.append(Remote(name: name, url: git_remote_url(remote).map { String(cString: $0) } ?? ""))
            }
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Adds a remote with git's default fetch refspec (`git_remote_create`).
    @discardableResult
    public func addRemote(_ name: String, url: String) throws -> Remote {
        let operation = "git_remote_create(\(name), \(url))"
        try name.requireNoNUL("remote name", in: operation)
        try url.requireNoNUL("remote URL", in: operation)
        var remote: OpaquePointer?
        try check(git_remote_create(&remote, pointer, name, url), operation)
        git_remote_free(remote)
        return Remote(name: name, url: url)
    }

    /// Removes a remote and its remote-tracking references (`git_remote_delete`).
    public func removeRemote(_ name: String) throws {
        let operation = "git_remote_delete(\(name))"
        try name.requireNoNUL("remote name", in: operation)
        try check(git_remote_delete(pointer, name), operation)
    }

    /// Fetches `refspecs` from the remote named `remote`, or from `remote` as a URL when no
    /// remote has that name (`git_remote_fetch`). Credentials and certificates are handled as
    /// `RemoteSession` says. `progress` is told how many objects have come, of how many.
    public func fetch(_ remote: String, refspecs: [String], logMessage: String,
                      progress: ((TransferProgress) -> Void)? = nil) throws {
        try withRemote(remote, anonymous: true) { handle in
            var options = git_fetch_options()
            try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            // Exactly the refspecs asked for: libgit2's automatic tag following would skip a tag
            // whose commit nothing else brings.
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            let session = try self.session(for: handle)
            session.onProgress = progress
            session.install(into: &options.callbacks)
            let operation = "git_remote_fetch(\(remote))"
            try withExtendedLifetime(session) {
                try withStrings(refspecs) { specs in
                    let rc = git_remote_fetch(handle, &specs, &options, logMessage)
                    if rc < 0 { throw session.error(code: rc, operation: operation) }
                }
            }
            session.succeeded()
        }
    }

    /// Pushes `refspecs` to `remote` (a name or a URL) and returns, for each reference offered,
    /// whether the remote took it. libgit2 reports a rejected reference only through the
    /// `push_update_reference` callback, not as an error, so every result is read from there.
    /// `progress` is told how many objects have gone, of how many.
    public func push(_ remote: String, refspecs: [String], progress: ((TransferProgress) -> Void)? = nil) throws -> [PushedReference] {
        var results: [PushedReference] = []
        try withRemote(remote, anonymous: true) { handle in
            var options = git_push_options()
            try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
            let session = try self.session(for: handle)
            session.onProgress = progress
            session.install(into: &options.callbacks)
            var rc: Int32 = 0
            try withExtendedLifetime(session) {
                try withStrings(refspecs) { specs in rc = git_remote_push(handle, &specs, &options) }
            }
            if rc == GIT_ENONFASTFORWARD.rawValue {
                // libgit2 refuses before asking the remote when it can tell that an update would
                // not be a fast-forward (the remote holds commits this repository lacks).
                clearLastError()
                results = refspecs.map { spec in
                    PushedReference(reference: String(spec.split(separator: ":").last ?? Substring(spec)),
                                    rejection: "non-fast-forward: the remote holds commits this repository lacks; fetch first")
                }
                return
            }
            if rc < 0 { throw session.error(code: rc, operation: "git_remote_push(\(remote))") }
            session.succeeded()
            results = session.pushed
        }
        return results
    }

    /// A session for one operation on `remote`: git's credential settings read, and for an
    /// https remote the certificate authorities to trust set (`trustCertificateAuthorities`).
    private func session(for remote: OpaquePointer) throws -> RemoteSession {
        let url = git_remote_url(remote).map { String(cString: $0) } ?? ""
        guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else {
            return RemoteSession(url: url, helperValues: [], useHTTPPath: false, trust: "")
        }
        let useHTTPPath = (try configString("credential.useHttpPath")).map { ["true", "yes", "on", "1"].contains($0.lowercased()) } ?? false
        return RemoteSession(url: url, helperValues: try configValues("credential.helper"), useHTTPPath: useHTTPPath,
                             trust: try trustCertificateAuthorities())
    }

    /// Makes TLS trust the certificate authorities git would: the file named by `GIT_SSL_CAINFO`,
    /// else by git config `http.sslCAInfo`, else by `SSL_CERT_FILE`, else the system's bundle
    /// (`git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)`, process-wide). Returns what is
    /// trusted, for messages; throws when the file named cannot be loaded.
    private func trustCertificateAuthorities() throws -> String {
        var chosen: (file: String, origin: String)?
        if let file = getenv("GIT_SSL_CAINFO").map({ String(cString: $0) }), !file.isEmpty {
            chosen = (file, "GIT_SSL_CAINFO")
        } else if let file = try configString("http.sslCAInfo"), !file.isEmpty {
            chosen = (file, "git config http.sslCAInfo")
        } else if let file = getenv("SSL_CERT_FILE").map({ String(cString: $0) }), !file.isEmpty {
            chosen = (file, "SSL_CERT_FILE")
        }
        guard let (chosenFile, origin) = chosen else {
            return "the system's certificate authorities"
        }
        var file = chosenFile
        if file.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }) { file = home + file.dropFirst(1) }
        let rc = cgit_set_ssl_cert_locations(file, nil)
        if rc < 0 {
            let error = GitError.last(code: rc, operation: "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, \(file))")
            throw GitError(code: rc, errorClass: error.errorClass,
                           message: "cannot load the certificate authorities in \(file) (named by \(origin)): \(error.message); point \(origin) at a PEM file of certificates",
                           operation: error.operation)
        }
        return "the certificates in \(file), from \(origin)"
    }

    /// Runs `body` with the remote named `name` (or, when `anonymous` and there is none, an
    /// in-memory remote for `name` as a URL), freeing it afterwards.
    private func withRemote(_ name: String, anonymous: Bool = false, _ body: (OpaquePointer) throws -> Void) throws {
        let operation = "git_remote_lookup(\(name))"
        try name.requireNoNUL("remote", in: operation)
        var remote: OpaquePointer?
        let rc = git_remote_lookup(&remote, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue, anonymous {
            clearLastError()
            try check(git_remote_create_anonymous(&remote, pointer, name), "git_remote_create_anonymous(\(name))")
        } else {
            try check(rc, operation)
        }
        guard let remote else { throw GitError.missingResult(operation: operation) }
        defer { git_remote_free(remote) }
        try body(remote)
    }
}

/// Runs `body` with `strings` as a `git_strarray` whose C strings live for the call.
private func withStrings(_ strings: [String], _ body: (inout git_strarray) throws -> Void) throws {
    var copies: [UnsafeMutablePointer<CChar>?] = []
    defer { copies.forEach { free($0) } }
    for string in strings {
        try string.requireNoNUL("refspec", in: "git_strarray")
        copies.append(strdup(string))
    }
    try copies.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        try body(&array)
    }
}

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
    /// remote has that name (`git_remote_fetch`). Credentials come from ssh-agent for ssh and
    /// from git's usual sources otherwise; each kind is tried once.
    public func fetch(_ remote: String, refspecs: [String], logMessage: String) throws {
        try withRemote(remote, anonymous: true) { handle in
            var options = git_fetch_options()
            try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
            // Exactly the refspecs asked for: libgit2's automatic tag following would skip a tag
            // whose commit nothing else brings.
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            let session = RemoteSession()
            session.install(into: &options.callbacks)
            try withExtendedLifetime(session) {
                try withStrings(refspecs) { specs in
                    try check(git_remote_fetch(handle, &specs, &options, logMessage), "git_remote_fetch(\(remote))")
                }
            }
        }
    }

    /// Pushes `refspecs` to `remote` (a name or a URL) and returns, for each reference offered,
    /// whether the remote took it. libgit2 reports a rejected reference only through the
    /// `push_update_reference` callback, not as an error, so every result is read from there.
    public func push(_ remote: String, refspecs: [String]) throws -> [PushedReference] {
        var results: [PushedReference] = []
        try withRemote(remote, anonymous: true) { handle in
            var options = git_push_options()
            try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
            let session = RemoteSession()
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
            try check(rc, "git_remote_push(\(remote))")
            results = session.pushed
        }
        return results
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

/// The state libgit2's callbacks read and write during one fetch or push, reached through the
/// callbacks' payload pointer. It lives for the call and never leaves this file.
private final class RemoteSession {
    var pushed: [PushedReference] = []
    /// Credential kinds already offered: libgit2 asks again after a failure, and would loop.
    var triedAgent = false
    var triedDefault = false

    /// Points `callbacks` at this session; the caller keeps the session alive while they run.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, _, username, allowed, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, !session.triedAgent {
                session.triedAgent = true
                if let username { return git_credential_ssh_key_from_agent(out, username) }
                return git_credential_ssh_key_from_agent(out, "git")
            }
            if allowed & GIT_CREDENTIAL_DEFAULT.rawValue != 0, !session.triedDefault {
                session.triedDefault = true
                return git_credential_default_new(out)
            }
            // Nothing else to offer: stop, and let the caller say so.
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "no credentials worked (tried ssh-agent and git's default credentials)")
            return GIT_EAUTH.rawValue
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let reference, let payload else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            session.pushed.append(PushedReference(reference: String(cString: reference), rejection: status.map { String(cString: $0) }))
            return 0
        }
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

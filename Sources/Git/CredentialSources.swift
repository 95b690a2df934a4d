#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What git's credential protocol calls a credential's context: the protocol, host (with its
/// port), path and user name of a URL, and a password when the URL carries one.
struct CredentialContext: Equatable {
    var scheme: String
    /// `host` or `host:port`, as git's credential protocol writes it.
    var host: String
    /// The path without its leading slash, URL-decoded.
    var path: String
    var username: String?
    var password: String?

    /// Parses `scheme://[user[:password]@]host[:port][/path]`; nil for anything else (scp-like
    /// `user@host:path` included, which carries no credentials).
    init?(url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        scheme = url[..<separator.lowerBound].lowercased()
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        path = String(rest.dropFirst(authority.count).drop { $0 == "/" }).removingPercentEncoding()
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            host = String(authority[authority.index(after: at)...])
            if let colon = userinfo.firstIndex(of: ":") {
                username = String(userinfo[..<colon]).removingPercentEncoding()
                password = String(userinfo[userinfo.index(after: colon)...]).removingPercentEncoding()
            } else {
                username = String(userinfo).removingPercentEncoding()
            }
        } else {
            host = String(authority)
        }
        guard !scheme.isEmpty, !host.isEmpty else { return nil }
    }

    /// The URL without user name or password: what messages may show.
    var display: String { "\(scheme)://\(host)/\(path)" }

    /// The host name without the port.
    var hostName: String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[host.index(after: host.startIndex)..<close]) }
        return String(host.prefix { $0 != ":" })
    }

    /// The port, when the URL names one.
    var port: Int? {
        guard let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") else { return nil }
        return Int(host[host.index(after: colon)...])
    }
}

/// One user name and password to offer a server, and where it came from.
struct OfferedCredential {
    enum Origin: Equatable {
        case storeFile(String)
        case helper(Int)
    }
    var username: String
    var password: String
    var origin: Origin
}

/// The usual git credential sources for one https URL, offered one after another, each once:
/// git's credential-store files, then the programs named by `credential.helper`
/// (gitcredentials(7)). The user name and password of the URL itself are offered by libgit2
/// before it asks; they are only noted here. Keeps a note of what each source gave, for the
/// message when none worked; a note never holds a password.
final class CredentialSources {
    /// How long a helper program may take to answer.
    static let helperTimeout = 30.0

    let context: CredentialContext
    private let useHTTPPath: Bool
    private let helpers: [CredentialHelper]
    private let home: String?
    private var pending: [Step]
    private var offered: (credential: OfferedCredential, note: Int)?
    private var username: String?
    /// What each source gave: "~/.git-credentials: refused", …
    private(set) var notes: [String] = []

    private enum Step {
        case storeFiles([String])
        case helper(Int)
    }

    /// `helperValues` are the `credential.helper` values in git's order (an empty value drops
    /// those before it); `useHTTPPath` is `credential.useHttpPath`.
    init(context: CredentialContext, helperValues: [String], useHTTPPath: Bool, environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }) {
        self.context = context
        self.useHTTPPath = useHTTPPath
        username = context.username
        home = environment("HOME")
        var values: [String] = []
        for value in helperValues {
            if value.trimmingWhitespace().isEmpty { values = [] } else { values.append(value) }
        }
        helpers = values.enumerated().map { CredentialHelper(value: $1, number: $0 + 1, home: environment("HOME"), path: environment("PATH")) }
        // git-credential-store(1): ~/.git-credentials first, then $XDG_CONFIG_HOME/git/credentials.
        var files: [String] = []
        if let home { files.append(home + "/.git-credentials") }
        if let xdg = environment("XDG_CONFIG_HOME"), !xdg.isEmpty {
            files.append(xdg + "/git/credentials")
        } else if let home {
            files.append(home + "/.config/git/credentials")
        }
        pending = [.storeFiles(files)] + helpers.indices.map { Step.helper($0) }
        if context.username != nil {
            notes.append(context.password != nil ? "the user name and password in the URL: refused"
                                                  : "the user name in the URL, with no password: refused")
        }
    }

    /// The next credential to offer; nil when every source has been tried. Being asked again
    /// means the server refused the one offered before: a helper that gave it is told to erase it.
    func next() -> OfferedCredential? {
        if let (credential, note) = offered {
            notes[note] += ": refused"
            offered = nil
            if case .helper = credential.origin { tellHelpers("erase", credential) }
        }
        while !pending.isEmpty {
            switch pending.removeFirst() {
            case .storeFiles(let files):
                if let found = lookUp(in: files) { return offer(found) }
            case .helper(let index):
                if let found = ask(index) { return offer(found) }
            }
        }
        return nil
    }

    /// The server accepted the credential offered last: a helper that gave it is told to store it.
    func accepted() {
        guard let (credential, note) = offered else { return }
        notes[note] += ": accepted"
        offered = nil
        if case .helper = credential.origin { tellHelpers("store", credential) }
    }

    /// Why nothing worked, what was tried, and the way out.
    var failure: String {
        let tried = notes.isEmpty ? "nothing was found" : "tried " + notes.joined(separator: "; ")
        return "no credentials for \(context.display) were accepted by \(context.host) (\(tried)). "
            + "Put them in ~/.git-credentials as a line \(context.scheme)://USER:PASSWORD@\(context.host) (mode 600), "
            + "or configure a credential helper (git config --global credential.helper ...; see gitcredentials(7))"
    }

    private func offer(_ credential: OfferedCredential) -> OfferedCredential {
        offered = (credential, notes.count)
        notes.append(describe(credential.origin))
        return credential
    }

    private func describe(_ origin: OfferedCredential.Origin) -> String {
        switch origin {
        case .storeFile(let path): return shortened(path)
        case .helper(let index): return helpers[index].label
        }
    }

    private func shortened(_ path: String) -> String {
        guard let home, !home.isEmpty, path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    // MARK: credential-store files

    /// The first line of the first of `files` that matches, read as git-credential-store(1) writes them.
    private func lookUp(in files: [String]) -> OfferedCredential? {
        var absent: [String] = []
        for file in files {
            guard let text = readFile(file) else { absent.append(file); continue }
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                guard let entry = CredentialContext(url: String(line.trimmingWhitespace())),
                      let user = entry.username, let password = entry.password,
                      entry.scheme == context.scheme, entry.host == context.host,
                      username == nil || username == user,
                      !useHTTPPath || entry.path == context.path else { continue }
                return OfferedCredential(username: user, password: password, origin: .storeFile(file))
            }
            notes.append("\(shortened(file)): nothing for \(context.host)")
        }
        if absent.count == files.count, !files.isEmpty {
            notes.append("git's credential-store files (\(files.map(shortened).joined(separator: ", "))): none there")
        }
        return nil
    }

    // MARK: credential helpers

    /// The request git's credential protocol sends a helper.
    private func request(_ credential: OfferedCredential?) -> [UInt8] {
        var lines = "protocol=\(context.scheme)\nhost=\(context.host)\n"
        if useHTTPPath, !context.path.isEmpty { lines += "path=\(context.path)\n" }
        if let user = credential?.username ?? username { lines += "username=\(user)\n" }
        if let password = credential?.password { lines += "password=\(password)\n" }
        return Array((lines + "\n").utf8)
    }

    private func ask(_ index: Int) -> OfferedCredential? {
        let helper = helpers[index]
        switch helper.kind {
        case .cache:
            notes.append("\(helper.label): git's credential cache lives in a daemon only git itself can reach; skipped (use 'store' or another helper)")
            return nil
        case .missing(let program):
            notes.append("\(helper.label): no program \(program) on PATH")
            return nil
        case .storeFile(let file):
            guard let file else { return nil }  // the default files were read already
            return lookUp(in: [file])
        case .program:
            guard let outcome = helper.run("get", input: request(nil)) else {
                notes.append("\(helper.label): could not be started")
                return nil
            }
            if outcome.timedOut {
                notes.append("\(helper.label): no answer within \(Int(Self.helperTimeout)) s")
                return nil
            }
            guard outcome.status == 0 else {
                let reason = String(decoding: outcome.errors, as: UTF8.self).split(separator: "\n").first.map { ": " + $0.prefix(120) } ?? ""
                notes.append("\(helper.label): failed (exit \(outcome.status.map(String.init) ?? "by signal"))\(reason)")
                return nil
            }
            var answer: [String: String] = [:]
            for line in String(decoding: outcome.output, as: UTF8.self).split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                answer[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            if let quit = answer["quit"], ["1", "true", "yes", "on"].contains(quit.lowercased()) {
                pending.removeAll()
            }
            if let user = answer["username"], username == nil { username = user }
            guard let user = answer["username"] ?? username, let password = answer["password"] else {
                notes.append("\(helper.label): gave no password")
                return nil
            }
            return OfferedCredential(username: user, password: password, origin: .helper(index))
        }
    }

    /// Sends `store` or `erase` to every helper program, as git does after the server answered.
    private func tellHelpers(_ action: String, _ credential: OfferedCredential) {
        for helper in helpers {
            if case .program = helper.kind { _ = helper.run(action, input: request(credential)) }
        }
    }
}

/// One `credential.helper` value, resolved to what it runs.
struct CredentialHelper {
    enum Kind {
        /// A shell command line to which the action (get, store, erase) is appended.
        case program(String)
        /// git's builtin `store`, read natively: its `--file`, or nil for the default files.
        case storeFile(String?)
        /// git's builtin `cache`, which needs git's own daemon.
        case cache
        /// `foo`, but no `git-credential-foo` was found.
        case missing(String)
    }

    var kind: Kind
    /// How messages name it; never the whole of a shell snippet, which may hold a secret.
    var label: String

    init(value: String, number: Int, home: String?, path: String?) {
        let trimmed = value.trimmingWhitespace()
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let first = words.first ?? ""
        if trimmed.hasPrefix("!") {
            kind = .program(String(trimmed.dropFirst()))
            label = "credential.helper #\(number) (a shell command)"
        } else if first.hasPrefix("/") {
            kind = .program(String(trimmed))
            label = "credential.helper \(first)"
        } else if first == "store" {
            var file: String?
            for (index, word) in words.enumerated() {
                if word.hasPrefix("--file=") { file = String(word.dropFirst("--file=".count)) }
                if word == "--file", index + 1 < words.count { file = words[index + 1] }
            }
            if let chosen = file, chosen.hasPrefix("~/"), let home { file = home + chosen.dropFirst(1) }
            kind = .storeFile(file)
            label = "credential.helper 'store'" + (file.map { " (\($0))" } ?? "")
        } else if first == "cache" {
            kind = .cache
            label = "credential.helper 'cache'"
        } else {
            let program = "git-credential-" + first
            let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
                + ["/usr/lib/git-core", "/usr/libexec/git-core"]
            if let found = directories.map({ $0 + "/" + program }).first(where: { access($0, X_OK) == 0 }) {
                kind = .program(([Self.quoted(found)] + words.dropFirst()).joined(separator: " "))
                label = "credential.helper '\(first)' (\(found))"
            } else {
                kind = .missing(program)
                label = "credential.helper '\(first)'"
            }
        }
    }

    /// Runs `COMMAND ACTION` through `/bin/sh -c`, as git does; nil when it could not start.
    func run(_ action: String, input: [UInt8]) -> ChildProcess.Outcome? {
        guard case .program(let command) = kind else { return nil }
        return try? ChildProcess.run(["/bin/sh", "-c", command + " " + action], input: input, timeout: CredentialSources.helperTimeout)
    }

    static func quoted(_ word: String) -> String { "'" + word.replacingAll("'", with: "'\\''") + "'" }
}

/// The whole of a small text file, or nil when it cannot be read.
func readFile(_ path: String, limit: Int = 1 << 20) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 8192)
    while bytes.count < limit {
        let count = read(fd, &buffer, buffer.count)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        bytes += buffer[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let text = Substring(self)
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<Swift.max(start, end)]
    }

    /// `%XX` escapes decoded (invalid ones kept as they are).
    func removingPercentEncoding() -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "%"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every occurrence of `target` (not empty) replaced by `replacement`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return String(self) }
        var result = "", rest = Substring(self)
        while let found = rest.firstRange(of: target) {
            result += rest[..<found.lowerBound] + replacement
            rest = rest[found.upperBound...]
        }
        return result + rest
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}

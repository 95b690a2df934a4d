import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state libgit2's callbacks read and write during one fetch or push, reached through the
/// callbacks' payload pointer. It lives for the call and never leaves this module.
///
/// Credentials: for ssh, the user name of the URL (or the login name), then ssh-agent's keys,
/// then the unencrypted key files `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`; for https, the
/// usual git credential sources (`CredentialSources`). Each is offered once: libgit2 asks again
/// after a refusal, and would loop. Certificates: an https certificate or ssh host key that
/// libgit2 could not verify (against the trusted certificate authorities, or `~/.ssh/known_hosts`)
/// is refused with a message that says how to trust it; nothing unverified is accepted.
final class RemoteSession {
    var pushed: [PushedReference] = []
    /// Told how far the transfer has come (`transfer_progress`, `push_transfer_progress`).
    var onProgress: ((TransferProgress) -> Void)?
    /// Why the operation was stopped by a callback: what the caller throws instead of libgit2's words.
    private(set) var failure: String?
    /// Where the trusted certificate authorities come from, for messages.
    let trust: String

    private let url: String
    private let helperValues: [String]
    private let useHTTPPath: Bool
    private var http: CredentialSources?
    private var sshKeys: [(label: String, privateKey: String?)]?
    private var sshTried: [String] = []
    private var triedDefault = false

    init(url: String, helperValues: [String], useHTTPPath: Bool, trust: String) {
        self.url = url
        self.helperValues = helperValues
        self.useHTTPPath = useHTTPPath
        self.trust = trust
    }

    /// Points `callbacks` at this session; the caller keeps the session alive while they run.
    /// Transfer progress is asked for only when someone is told of it.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, username, allowed, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.credential(out, url: url.map { String(cString: $0) }, username: username.map { String(cString: $0) }, allowed: allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            guard let cert, let payload else { return GIT_ECERTIFICATE.rawValue }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            return session.check(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "the server")
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let reference, let payload else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            session.pushed.append(PushedReference(reference: String(cString: reference), rejection: status.map { String(cString: $0) }))
            return 0
        }
        guard onProgress != nil else { return }
        callbacks.transfer_progress = { stats, payload in
            guard let stats, let payload else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            session.onProgress?(TransferProgress(objects: Int(stats.pointee.received_objects), totalObjects: Int(stats.pointee.total_objects),
                                                 bytes: Int(stats.pointee.received_bytes)))
            return 0
        }
        callbacks.push_transfer_progress = { current, total, bytes, payload in
            guard let payload else { return 0 }
            let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
            session.onProgress?(TransferProgress(objects: Int(current), totalObjects: Int(total), bytes: Int(bytes)))
            return 0
        }
    }

    /// The operation succeeded: the credential offered last was accepted.
    func succeeded() { http?.accepted() }

    /// The error to throw for a libgit2 call that failed with `rc`: the session's own account
    /// when a callback stopped it, otherwise libgit2's.
    func error(code rc: Int32, operation: String) -> GitError {
        let error = GitError.last(code: rc, operation: operation)
        guard let failure else {
            // libgit2 may quote the URL: never with its password.
            guard let password = CredentialContext(url: url)?.password, !password.isEmpty else { return error }
            let raw = url.split(separator: "@", maxSplits: 1).first.flatMap { $0.split(separator: ":").last.map(String.init) } ?? password
            let message = error.message.replacingAll(":\(raw)@", with: ":***@").replacingAll(":\(password)@", with: ":***@")
            return GitError(code: rc, errorClass: error.errorClass, message: message, operation: operation)
        }
        return GitError(code: rc, errorClass: error.errorClass, message: failure, operation: operation)
    }

    // MARK: Credentials

    private func credential(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, url callbackURL: String?,
                            username: String?, allowed: UInt32) -> Int32 {
        let context = CredentialContext(url: callbackURL ?? url) ?? CredentialContext(url: url)
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, username ?? context?.username ?? Self.loginName())
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            let user = username ?? context?.username ?? Self.loginName()
            if sshKeys == nil { sshKeys = Self.sshKeys() }
            if let key = sshKeys?.first {
                sshKeys?.removeFirst()
                sshTried.append(key.label)
                guard let privateKey = key.privateKey else { return git_credential_ssh_key_from_agent(out, user) }
                let publicKey = access(privateKey + ".pub", R_OK) == 0 ? privateKey + ".pub" : nil
                return git_credential_ssh_key_new(out, user, publicKey, privateKey, nil)
            }
            let host = context.map { $0.host } ?? "the server"
            failure = "\(host) accepted no ssh key for \(user) (tried \(sshTried.isEmpty ? "nothing: no ssh-agent (SSH_AUTH_SOCK is not set) and no unencrypted ~/.ssh/id_ed25519, id_ecdsa or id_rsa" : sshTried.joined(separator: ", "))). "
                + "Add your key to ssh-agent with 'ssh-add', or check that the server knows your public key for \(user)"
            return GIT_EAUTH.rawValue
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let context, context.scheme.hasPrefix("http") {
            if http == nil {
                http = CredentialSources(context: context, helperValues: helperValues, useHTTPPath: useHTTPPath)
            }
            guard let sources = http else { return GIT_EAUTH.rawValue }
            if let offered = sources.next() {
                return git_credential_userpass_plaintext_new(out, offered.username, offered.password)
            }
            failure = sources.failure
            return GIT_EAUTH.rawValue
        }
        if allowed & GIT_CREDENTIAL_DEFAULT.rawValue != 0, !triedDefault {
            triedDefault = true
            return git_credential_default_new(out)
        }
        failure = "\(context?.host ?? url) asks for a kind of credential this tool cannot give (libgit2 credential types \(allowed))"
        return GIT_EAUTH.rawValue
    }

    /// `$USER`, or the name of the user this process runs as.
    private static func loginName() -> String {
        if let user = getenv("USER"), user.pointee != 0 { return String(cString: user) }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "git"
    }

    /// ssh-agent when one is reachable, then the default key files that need no passphrase.
    private static func sshKeys() -> [(label: String, privateKey: String?)] {
        var keys: [(label: String, privateKey: String?)] = []
        if let socket = getenv("SSH_AUTH_SOCK"), socket.pointee != 0 { keys.append(("ssh-agent", nil)) }
        guard let home = getenv("HOME").map({ String(cString: $0) }) else { return keys }
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let path = home + "/.ssh/" + name
            guard let text = readFile(path, limit: 64 << 10) else { continue }
            if isEncrypted(privateKey: text) {
                continue
            }
            keys.append(("~/.ssh/" + name, path))
        }
        return keys
    }

    /// Whether a private key file needs a passphrase (OpenSSH's own format, or PEM).
    static func isEncrypted(privateKey text: String) -> Bool {
        if text.contains("ENCRYPTED") { return true }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return false }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let bytes = Base64.decode(String(body.prefix(64))), bytes.count >= 19 else { return false }
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard Array(bytes.prefix(magic.count)) == magic else { return false }
        let length = bytes[15..<19].reduce(0) { $0 << 8 | Int($1) }
        let name = bytes.dropFirst(19).prefix(length)
        return String(decoding: name, as: UTF8.self) != "none"
    }

    // MARK: Certificates

    private func check(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        if valid { return 0 }
        let context = CredentialContext(url: url)
        switch cert.pointee.cert_type {
        case GIT_CERT_HOSTKEY_LIBSSH2:
            let key = UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
            failure = Self.hostKeyProblem(key, host: host, port: context?.port)
        default:
            failure = "the TLS certificate of \(host) could not be verified (trusting \(trust)); nothing was accepted. "
                + "If \(host) uses a certificate authority of its own, point GIT_SSL_CAINFO or git config http.sslCAInfo at its certificate (PEM)"
        }
        return GIT_ECERTIFICATE.rawValue
    }

    /// Why an ssh host key is refused: not in `~/.ssh/known_hosts`, or not the one recorded there.
    private static func hostKeyProblem(_ key: git_cert_hostkey, host: String, port: Int?) -> String {
        let name = port.map { $0 == 22 ? host : "[\(host)]:\($0)" } ?? host
        var fingerprint = ""
        if key.type.rawValue & GIT_CERT_SSH_SHA256.rawValue != 0 {
            var hash = key.hash_sha256
            let bytes = withUnsafeBytes(of: &hash) { Array($0) }
            fingerprint = " (SHA256:\(Base64.encode(bytes).replacingAll("=", with: "")))"
        }
        let recorded = (getenv("HOME").map { String(cString: $0) + "/.ssh/known_hosts" }).flatMap { readFile($0) }?
            .split(separator: "\n").contains { line in
                let fields = line.split(separator: " ", maxSplits: 1)
                return fields.count == 2 && !line.hasPrefix("#") && fields[0].split(separator: ",").contains { $0 == name }
            } ?? false
        if recorded {
            return "the ssh host key of \(name)\(fingerprint) differs from the one recorded for it in ~/.ssh/known_hosts; refused, "
                + "since another machine may be answering in its place. If the server's key really changed, remove the old one "
                + "with ssh-keygen -R '\(name)' and connect again"
        }
        return "the ssh host key of \(name)\(fingerprint) is not in ~/.ssh/known_hosts; refused. Check the fingerprint with the "
            + "server's operator, then add the key (e.g. ssh-keyscan\(port.map { $0 == 22 ? "" : " -p \($0)" } ?? "") \(host) >> ~/.ssh/known_hosts)"
    }
}

/// Standard base64 (RFC 4648), for ssh key files and fingerprints.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes whole groups of four characters (a trailing partial group is dropped); nil on a bad character.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var value = 0, count = 0
        for character in text.utf8 where character != UInt8(ascii: "=") {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            value = value << 6 | digit
            count += 1
            if count == 4 {
                out += [UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
                value = 0
                count = 0
            }
        }
        return out
    }
}

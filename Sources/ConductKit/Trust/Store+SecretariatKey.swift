#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
internal import Git

extension Store {
    /// The local git config key naming the secretariat's private key file.
    public static let secretariatKeyConfig = "conduct.secretariatKey"
    /// The file `init` writes a generated secretariat key to, under the git directory.
    static let generatedKeyPath = "conduct/secretariat_ed25519"

    /// The secretariat's private key: the file `path` names, else the one the store's config
    /// names; else an error saying which act needs it and how to give it.
    public func secretariatKey(explicit path: String?) throws(ConductError) -> SSHPrivateKey {
        try secretariatKey(explicit: path, for: "this")
    }

    func secretariatKey(explicit path: String?, for act: String) throws(ConductError) -> SSHPrivateKey {
        if let path { return try Store.readPrivateKey(path) }
        guard let configured = configuredSecretariatKeyPath else { throw .noSecretariatKey(act: act) }
        return try readConfiguredKey(configured)
    }

    /// The key file the config names, or an error that says which setting named it.
    private func readConfiguredKey(_ file: String) throws(ConductError) -> SSHPrivateKey {
        do {
            return try Store.readPrivateKey(file)
        } catch .unreadableFile(let path, let reason) {
            throw .unreadableFile(path: path, reason: "\(reason); it is the secretariat key git config \(Store.secretariatKeyConfig) names: fix it with 'git config \(Store.secretariatKeyConfig) FILE', or give --secretariat-key FILE")
        }
    }

    /// The secretariat key given for this command (`secretariatKeyFile`), else the one the
    /// store's config names; nil when there is neither. A key named that cannot be read is an
    /// error, never a quiet fall-back to unsigned revisions.
    func secretariatKeyIfConfigured() throws(ConductError) -> SSHPrivateKey? {
        if let secretariatKeyFile { return try Store.readPrivateKey(secretariatKeyFile) }
        guard let configured = configuredSecretariatKeyPath else { return nil }
        return try readConfiguredKey(configured)
    }

    /// The file `conduct.secretariatKey` names: absolute, or relative to the git directory (as
    /// `init` notes a key it generated, so the store can move).
    var configuredSecretariatKeyPath: String? {
        guard let value = (try? repository.configString(Store.secretariatKeyConfig)) ?? nil, !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : (path.hasSuffix("/") ? path : path + "/") + value
    }

    /// Reads an unencrypted OpenSSH Ed25519 private key file.
    public static func readPrivateKey(_ path: String) throws(ConductError) -> SSHPrivateKey {
        switch FileKind(atPath: path) {
        case .missing: throw .unreadableFile(path: path, reason: "no such file")
        case .directory: throw .unreadableFile(path: path, reason: "it is a directory")
        case .file, .other: break
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path, reason: "permission denied or unreadable")
        }
        do {
            return try SSHPrivateKey(openSSHText: String(decoding: data, as: UTF8.self))
        } catch {
            throw .signing(error, file: path)
        }
    }

    /// Where the secretariat key is kept, and whether it was generated here.
    public struct SecretariatKeySetup: Sendable {
        public var path: String
        public var generated: Bool
        public var fingerprint: String
    }

    /// Notes `explicit` (made absolute) in the store's config as the secretariat key, or
    /// generates one at `<gitdir>/conduct/secretariat_ed25519` (mode 0600, `.pub` beside it).
    /// `generated` is the key to write when none is given (a new one when nil).
    func setUpSecretariatKey(explicit: String?, finalDirectory: String? = nil, generated: SSHPrivateKey? = nil) throws(ConductError) -> (SSHPrivateKey, SecretariatKeySetup) {
        if let explicit {
            let key = try Store.readPrivateKey(explicit)
            let absolute = explicit.hasPrefix("/") ? explicit : FileManager.default.currentDirectoryPath + "/" + explicit
            try git("noting the secretariat key") { try repository.setConfig(Store.secretariatKeyConfig, absolute) }
            return (key, SecretariatKeySetup(path: absolute, generated: false, fingerprint: key.publicKey.fingerprint))
        }
        let key = generated ?? SSHPrivateKey.generate(comment: "conduct secretariat")
        let directory = (path.hasSuffix("/") ? path : path + "/") + "conduct"
        let file = directory + "/secretariat_ed25519"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Store.writeNewFile(file, Array(key.openSSHText.utf8), mode: 0o600)
        try Store.writeNewFile(file + ".pub", Array((key.publicKey.openSSHLine + "\n").utf8), mode: 0o644)
        // Noted relative to the git directory, so a store built aside and renamed into place (or
        // moved later) still finds it; the user is told where it will be.
        try git("noting the secretariat key") { try repository.setConfig(Store.secretariatKeyConfig, Store.generatedKeyPath) }
        let shown = finalDirectory.map { directory in
            let absolute = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
            return (absolute.hasSuffix("/") ? absolute : absolute + "/") + Store.generatedKeyPath
        } ?? file
        return (key, SecretariatKeySetup(path: shown, generated: true, fingerprint: key.publicKey.fingerprint))
    }

    /// A new store's secretariat key (given, or generated) and its first authority record.
    /// With `endorsingExisting`, the record endorses what the store holds (`init --adopt-existing`).
    func setUpAuthority(explicit: String?, finalDirectory: String? = nil, generated: SSHPrivateKey? = nil,
                        endorsingExisting: Bool = false, authorship: Authorship) throws(ConductError) {
        let (key, setup) = try setUpSecretariatKey(explicit: explicit, finalDirectory: finalDirectory, generated: generated)
        createdSecretariatKey = setup
        try establishAuthority(key: key, endorsingExisting: endorsingExisting, authorship: authorship)
    }

    /// Creates `path` (never replacing a file) with `mode` and writes `bytes`.
    static func writeNewFile(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(ConductError) {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: "\(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            guard result > 0 else { throw .cannotWrite(path: path, reason: "\(String(cString: strerror(errno)))") }
            written += result
        }
    }
}

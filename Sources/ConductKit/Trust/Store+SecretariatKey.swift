#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Store {
    /// The git config key naming the secretariat's private key file.
    static let secretariatKeyConfig = "conduct.secretariatKey"

    /// The secretariat's private key, from the file `conduct.secretariatKey` names (a path
    /// relative to the git directory, or absolute); `nil` when none is configured, and then
    /// revisions are written unsigned. A configured key that cannot be read is an error, never a
    /// quiet fall-back to unsigned revisions.
    func secretariatKeyIfConfigured() throws(ConductError) -> SSHPrivateKey? {
        let configured = try git("reading \(Store.secretariatKeyConfig)") { try repository.configString(Store.secretariatKeyConfig) }
        guard let configured, !configured.isEmpty else { return nil }
        let file = configured.hasPrefix("/") ? configured : path + "/" + configured
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .unreadableFile(path: file, reason: "it is the secretariat key \(Store.secretariatKeyConfig) names, and it cannot be read; fix the path with 'git config \(Store.secretariatKeyConfig) FILE'")
        }
        do {
            return try SSHPrivateKey(openSSHText: String(decoding: data, as: UTF8.self))
        } catch {
            throw .signing(error, file: file)
        }
    }
}

// Public: the default argument below names ProcessInfo.
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import Git

extension Store {
    /// Who is writing, as git would say: `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, else git config
    /// `user.name`/`user.email` (the store's, then the user's global one). Nil when unknown.
    public static func defaultIdentity(near store: Store?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConductError) -> Identity? {
        if let name = environment["GIT_AUTHOR_NAME"], let email = environment["GIT_AUTHOR_EMAIL"], !name.isEmpty, !email.isEmpty {
            return Identity(name: name, email: email)
        }
        do {
            if let store, let signature = try store.repository.defaultSignature() {
                return Identity(name: signature.name, email: signature.email)
            }
            if let name = try Repository.globalConfigString("user.name"), let email = try Repository.globalConfigString("user.email") {
                return Identity(name: name, email: email)
            }
        } catch {
            return nil
        }
        return nil
    }
}

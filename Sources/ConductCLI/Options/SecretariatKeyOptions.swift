import ArgumentParser
import ConductKit

/// `--secretariat-key FILE`, shared by every command that writes a record the secretariat signs.
struct SecretariatKeyOptions: ParsableArguments {
    @Option(name: .customLong("secretariat-key"),
            help: ArgumentHelp("The secretariat's private key (an unencrypted OpenSSH Ed25519 file; default: git config conduct.secretariatKey).", valueName: "FILE"))
    var secretariatKey: String?

    /// `store`, signing with the key given here when one is.
    func applied(to store: Store) -> Store {
        if let secretariatKey { store.secretariatKeyFile = secretariatKey }
        return store
    }
}

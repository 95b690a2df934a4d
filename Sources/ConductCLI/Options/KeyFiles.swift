import ArgumentParser
import ConductKit

/// Reads an OpenSSH public key file (`FILE.pub`).
func readPublicKey(_ path: String) throws -> SSHPublicKey {
    let text = String(decoding: try readInput(path), as: UTF8.self)
    do {
        return try SSHPublicKey(openSSHLine: String(text.trimmingSuffix(while: \.isWhitespace)))
    } catch {
        throw ConductError.signing(error, file: path)
    }
}

/// Reads an unencrypted OpenSSH Ed25519 private key, refusing one that others may read (as
/// ssh-keygen does: a key anyone can copy proves nothing about who signed).
func readPrivateKey(_ path: String) throws -> SSHPrivateKey {
    let text = String(decoding: try readInput(path), as: UTF8.self)
    let key: SSHPrivateKey
    do {
        key = try SSHPrivateKey(openSSHText: text)
    } catch {
        throw ConductError.signing(error, file: path)
    }
    do throws(KeyFileError) {
        try SSHPrivateKey.requireProtected(path)
    } catch {
        throw CommandFailure(message: error.description)
    }
    return key
}

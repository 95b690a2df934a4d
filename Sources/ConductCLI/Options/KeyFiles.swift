import ArgumentParser
import ConductKit
#if canImport(Glibc)
import Glibc
#endif

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
    var status = stat()
    if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
        throw CommandFailure(message: "\(path) can be read by others (mode \(String(status.st_mode & 0o777, radix: 8))); protect it with 'chmod 600 \(path)'")
    }
    return key
}

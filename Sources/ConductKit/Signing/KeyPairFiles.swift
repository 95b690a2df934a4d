#if canImport(Glibc)
import Glibc
#endif

/// Why a new key pair could not be written; the message names the file and the way out.
public enum KeyFileError: Error, Sendable, CustomStringConvertible {
    case exists(path: String)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case readableByOthers(path: String, mode: UInt32)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists already; choose another --out, conduct does not overwrite keys"
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason); check the folder exists and is writable"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .readableByOthers(let path, let mode):
            "\(path) can be read by others (mode \(String(mode, radix: 8))); protect it with 'chmod 600 \(path)'"
        }
    }
}

extension SSHPrivateKey {
    /// Generates a key pair and writes it as ssh-keygen does: the private key to `path`, readable
    /// by its owner alone (0600), and the public key to `path.pub` (0644). A file already at
    /// either path is never replaced: keys are not overwritten.
    public static func writeNewPair(at path: String, comment: String) throws(KeyFileError) -> SSHPrivateKey {
        let publicPath = path + ".pub"
        for existing in [path, publicPath] where FileKind(atPath: existing) != .missing {
            throw .exists(path: existing)
        }
        let key = generate(comment: comment)
        try writeNew(path, Array(key.openSSHText.utf8), mode: 0o600)
        try writeNew(publicPath, Array((key.publicKey.openSSHLine + "\n").utf8), mode: 0o644)
        return key
    }

    /// Refuses a private key file that others may read, as ssh-keygen does: a key anyone can
    /// copy proves nothing about who signed. A path that cannot be examined (standard input) passes.
    public static func requireProtected(_ path: String) throws(KeyFileError) {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
            throw .readableByOthers(path: path, mode: UInt32(status.st_mode & 0o777))
        }
    }

    /// Creates `path` (never replacing a file) with `mode`, and writes `bytes`.
    private static func writeNew(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(KeyFileError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }
}

import Foundation
import Testing
@testable import ConductKit

/// Keys and signatures must interoperate with OpenSSH both ways, so every test here runs the
/// real `ssh-keygen` rather than checking conduct against itself.
@Suite("Signing")
struct SigningTests {
    static let namespace = "conduct-attestation"

    /// A fresh temporary directory, removed when `body` returns.
    static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("conduct-signing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.path)
    }

    /// Runs `ssh-keygen` with `arguments`, feeding it the file at `input` on standard input.
    static func sshKeygen(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = try input.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.nullDevice
        try process.run()
        // Both pipes are read before waiting so a chatty ssh-keygen cannot block on a full pipe.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Makes an unencrypted Ed25519 key with `ssh-keygen` at `path` (and `path.pub`).
    static func makeKey(at path: String, comment: String = "test") throws {
        let result = try sshKeygen(["-t", "ed25519", "-N", "", "-C", comment, "-f", path, "-q"])
        try #require(result.status == 0, "ssh-keygen failed: \(result.errors)")
    }

    static func write(_ bytes: [UInt8], to path: String, mode: Int = 0o644) throws {
        let created = FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: mode])
        try #require(created, "could not write \(path)")
    }

    static func write(_ text: String, to path: String, mode: Int = 0o644) throws {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    // MARK: Keys

    @Test func aKeyFromSshKeygenLoadsWithItsLineAndFingerprint() throws {
        try Self.withDirectory { directory in
            let path = directory + "/k"
            try Self.makeKey(at: path)
            let text = try Self.read(path)
            let key = try SSHPrivateKey(openSSHText: text)

            let line = try Self.read(path + ".pub").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(key.publicKey.openSSHLine == line)
            #expect(key.publicKey.comment == "test")

            let listing = try Self.sshKeygen(["-lf", path + ".pub"])
            #expect(listing.status == 0)
            let printed = listing.output.split(separator: " ").dropFirst().first.map(String.init)
            #expect(key.publicKey.fingerprint == printed)

            // The check integers are kept, so the file is written back byte for byte.
            #expect(key.openSSHText == text)
            #expect(try SSHPublicKey(openSSHLine: line) == key.publicKey)
        }
    }

    @Test func sshKeygenReadsAKeyWeGenerate() throws {
        try Self.withDirectory { directory in
            let key = SSHPrivateKey.generate(comment: "alice@example.org")
            let path = directory + "/generated"
            try Self.write(key.openSSHText, to: path, mode: 0o600)

            let result = try Self.sshKeygen(["-y", "-f", path])
            #expect(result.status == 0, "\(result.errors)")
            let printed = result.output.split(separator: " ").prefix(2).joined(separator: " ")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let ours = key.publicKey.openSSHLine.split(separator: " ").prefix(2).joined(separator: " ")
            #expect(printed == ours)

            let again = try SSHPrivateKey(openSSHText: key.openSSHText)
            #expect(again.publicKey == key.publicKey)
            #expect(again.publicKey.comment == "alice@example.org")
        }
    }

    @Test func aPublicKeyLineIsReadStrictly() throws {
        let key = SSHPrivateKey.generate(comment: "two words")
        let line = key.publicKey.openSSHLine
        let base64 = String(line.split(separator: " ")[1])

        let read = try SSHPublicKey(openSSHLine: "  \(line)\r\n")
        #expect(read == key.publicKey)
        #expect(read.comment == "two words", "a comment keeps its inner spaces")
        #expect(try SSHPublicKey(openSSHLine: "ssh-ed25519 \(base64)").openSSHLine == "ssh-ed25519 \(base64)",
                "no trailing space without a comment")
        #expect(try SSHPublicKey(raw: key.publicKey.raw, comment: "two words").openSSHLine == line)

        #expect(throws: SigningError.unsupportedKeyType("ssh-rsa")) { try SSHPublicKey(openSSHLine: "ssh-rsa \(base64) x") }
        #expect(throws: SigningError.self) { try SSHPublicKey(openSSHLine: "ssh-ed25519") }
        #expect(throws: SigningError.self) { try SSHPublicKey(openSSHLine: "ssh-ed25519 not*base64") }
        #expect(throws: SigningError.self) { try SSHPublicKey(openSSHLine: "ssh-ed25519 \(base64)\nssh-ed25519 \(base64)") }
        #expect(throws: SigningError.self) { try SSHPublicKey(openSSHLine: "") }
        #expect(throws: SigningError.self) { try SSHPublicKey(raw: Array(repeating: 1, count: 31)) }

        // The type word must agree with the type inside the blob.
        var writer = SSHWriter()
        writer.string("ssh-ed25519x")
        writer.string(key.publicKey.raw)
        let disguised = "ssh-ed25519 " + Data(writer.bytes).base64EncodedString()
        #expect(throws: SigningError.unsupportedKeyType("ssh-ed25519x")) { try SSHPublicKey(openSSHLine: disguised) }
        // And the key inside must be 32 bytes.
        var short = SSHWriter()
        short.string("ssh-ed25519")
        short.string(key.publicKey.raw.dropLast())
        #expect(throws: SigningError.self) { try SSHPublicKey(openSSHLine: "ssh-ed25519 " + Data(short.bytes).base64EncodedString()) }
    }

    @Test func keysConductCannotUseAreRefusedWithTheReason() throws {
        try Self.withDirectory { directory in
            let encrypted = directory + "/e"
            #expect(try Self.sshKeygen(["-t", "ed25519", "-N", "secretpass", "-f", encrypted, "-q"]).status == 0)
            #expect(throws: SigningError.encryptedKey) { try SSHPrivateKey(openSSHText: try Self.read(encrypted)) }

            let rsa = directory + "/r"
            #expect(try Self.sshKeygen(["-t", "rsa", "-b", "1024", "-N", "", "-f", rsa, "-q"]).status == 0)
            #expect(throws: SigningError.unsupportedKeyType("ssh-rsa")) { try SSHPrivateKey(openSSHText: try Self.read(rsa)) }
            #expect(throws: SigningError.unsupportedKeyType("ssh-rsa")) { try SSHPublicKey(openSSHLine: try Self.read(rsa + ".pub")) }

            let ed25519 = directory + "/k"
            try Self.makeKey(at: ed25519)
            #expect(throws: SigningError.notAPrivateKey, "a .pub file is not a private key") {
                try SSHPrivateKey(openSSHText: try Self.read(ed25519 + ".pub"))
            }
        }
        #expect(throws: SigningError.notAPrivateKey) { try SSHPrivateKey(openSSHText: "garbage\n") }
        #expect(throws: SigningError.notAPrivateKey) { try SSHPrivateKey(openSSHText: "") }
        #expect(throws: SigningError.self) {
            try SSHPrivateKey(openSSHText: "-----BEGIN OPENSSH PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END OPENSSH PRIVATE KEY-----\n")
        }
        #expect(throws: SigningError.self) { try SSHPrivateKey(openSSHText: "-----BEGIN OPENSSH PRIVATE KEY-----\n") }
    }

    @Test func aKeyWhoseHalvesDoNotBelongTogetherIsRefused() throws {
        let key = SSHPrivateKey.generate(comment: "")
        let other = SSHPrivateKey.generate(comment: "")
        let bytes = try SSHArmor.decode(key.openSSHText, label: "OPENSSH PRIVATE KEY", notArmoured: .notAPrivateKey,
                                        malformed: SigningError.malformedPrivateKey)
        // Swap the public key in the header for another: the file now claims a key it cannot sign for.
        var swapped = bytes
        let header = try #require(swapped.firstRange(of: key.publicKey.raw))
        swapped.replaceSubrange(header, with: other.publicKey.raw)
        #expect(throws: SigningError.malformedPrivateKey("the public key in its header does not belong to its private key")) {
            try SSHPrivateKey(openSSHText: SSHArmor.encode(swapped, label: "OPENSSH PRIVATE KEY"))
        }
        // Change the stored public half (the last 32 bytes of the 64-byte private key).
        var halves = bytes
        let last = try #require(halves.ranges(of: key.publicKey.raw).last)
        halves[last.lowerBound] ^= 1
        #expect(throws: SigningError.malformedPrivateKey("its public half does not belong to its private key")) {
            try SSHPrivateKey(openSSHText: SSHArmor.encode(halves, label: "OPENSSH PRIVATE KEY"))
        }
    }

    // MARK: Signatures

    @Test func sshKeygenVerifiesOurSignature() throws {
        try Self.withDirectory { directory in
            let key = SSHPrivateKey.generate(comment: "signer")
            let message = Array("I attest to revision 4f2a… of the code.\n".utf8)
            let signature = try key.signature(namespace: Self.namespace, message: message)
            #expect(signature.hashAlgorithm == "sha512")
            #expect(signature.isValid(for: message, namespace: Self.namespace))

            try Self.write("signer@example \(key.publicKey.openSSHLine)\n", to: directory + "/allowed_signers")
            try Self.write(signature.armored, to: directory + "/sig.file")
            try Self.write(message, to: directory + "/message.file")

            let verify = { (namespace: String) in
                try Self.sshKeygen(["-Y", "verify", "-f", directory + "/allowed_signers", "-I", "signer@example",
                                    "-n", namespace, "-s", directory + "/sig.file"], input: directory + "/message.file")
            }
            let accepted = try verify(Self.namespace)
            #expect(accepted.status == 0, "\(accepted.output) \(accepted.errors)")
            #expect(try verify("file").status != 0, "the namespace is part of what is signed")
        }
    }

    @Test(arguments: ["sha512", "sha256"])
    func weVerifySshKeygenSignatures(hashAlgorithm: String) throws {
        try Self.withDirectory { directory in
            let path = directory + "/k"
            try Self.makeKey(at: path)
            let messagePath = directory + "/message.file"
            let message = Array("conduct v1.2 attestation\n".utf8)
            try Self.write(message, to: messagePath)
            let signed = try Self.sshKeygen(["-Y", "sign", "-f", path, "-n", Self.namespace, "-O", "hashalg=\(hashAlgorithm)", messagePath])
            try #require(signed.status == 0, "\(signed.errors)")

            let text = try Self.read(messagePath + ".sig")
            let signature = try SSHSignature(armored: text)
            #expect(signature.hashAlgorithm == hashAlgorithm)
            #expect(signature.namespace == Self.namespace)
            #expect(signature.publicKey == (try SSHPrivateKey(openSSHText: try Self.read(path))).publicKey)
            #expect(signature.isValid(for: message, namespace: Self.namespace))

            #expect(!signature.isValid(for: message, namespace: "file"))
            var changed = message
            changed[3] ^= 0x20
            #expect(!signature.isValid(for: changed, namespace: Self.namespace))
            #expect(!signature.isValid(for: Array(message.dropLast()), namespace: Self.namespace))
            var flipped = signature.signature
            flipped[17] ^= 0x01
            let forged = SSHSignature(publicKey: signature.publicKey, namespace: signature.namespace,
                                      hashAlgorithm: signature.hashAlgorithm, signature: flipped)
            #expect(!forged.isValid(for: message, namespace: Self.namespace))
            let otherKey = SSHPrivateKey.generate(comment: "").publicKey
            let misattributed = SSHSignature(publicKey: otherKey, namespace: signature.namespace,
                                             hashAlgorithm: signature.hashAlgorithm, signature: signature.signature)
            #expect(!misattributed.isValid(for: message, namespace: Self.namespace))

            // Written back exactly as ssh-keygen wrote it, and read despite CR LF and indentation.
            #expect(signature.armored == text)
            let mangled = "\n  " + text.replacingOccurrences(of: "\n", with: "\r\n  ") + "\n\n"
            #expect(try SSHSignature(armored: mangled) == signature)
        }
    }

    @Test func signaturesConductCannotCheckAreRefused() throws {
        let key = SSHPrivateKey.generate(comment: "")
        #expect(throws: SigningError.emptyNamespace) { try key.signature(namespace: "", message: [1]) }
        let signature = try key.signature(namespace: Self.namespace, message: [1, 2, 3])
        #expect(try SSHSignature(armored: signature.armored) == signature)

        /// The signature's wire blob with `hash`, `reserved` and `version` as given.
        func blob(version: UInt32 = 1, reserved: [UInt8] = [], hash: String = "sha512", trailing: [UInt8] = []) -> String {
            var inner = SSHWriter()
            inner.string("ssh-ed25519")
            inner.string(signature.signature)
            var writer = SSHWriter()
            writer.raw(Array("SSHSIG".utf8))
            writer.uint32(version)
            writer.string(signature.publicKey.wireBlob)
            writer.string(Self.namespace)
            writer.string(reserved)
            writer.string(hash)
            writer.string(inner.bytes)
            writer.raw(trailing)
            return SSHArmor.encode(writer.bytes, label: "SSH SIGNATURE")
        }
        #expect(try SSHSignature(armored: blob()) == signature, "the test's blob is the real layout")
        #expect(throws: SigningError.unsupportedHashAlgorithm("md5")) { try SSHSignature(armored: blob(hash: "md5")) }
        #expect(throws: SigningError.self) { try SSHSignature(armored: blob(version: 2)) }
        #expect(throws: SigningError.self) { try SSHSignature(armored: blob(reserved: [0])) }
        #expect(throws: SigningError.self) { try SSHSignature(armored: blob(trailing: [0])) }
        #expect(throws: SigningError.self) { try SSHSignature(armored: "garbage") }
        #expect(throws: SigningError.self) { try SSHSignature(armored: key.openSSHText) }
        #expect(throws: SigningError.self) { try SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n") }
    }

    // MARK: Robustness

    /// SplitMix64: a small seeded generator, so a failing mutation can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// `bytes` with one random flip, truncation, insertion, deletion or duplication.
    static func mutate(_ bytes: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [UInt8.random(in: 0...255, using: &random)] }
        let at = Int.random(in: 0..<out.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: out[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1: out.removeSubrange(at...)
        case 2: out.insert(UInt8.random(in: 0...255, using: &random), at: at)
        case 3: out.removeSubrange(at..<min(out.count, at + Int.random(in: 1...8, using: &random)))
        default: out.insert(contentsOf: out[at..<min(out.count, at + Int.random(in: 1...8, using: &random))], at: at)
        }
        return out
    }

    /// Damaged text or damaged binary inside intact armour must be refused or read, never
    /// crash; and whatever is read must write back to exactly the bytes it was read from.
    @Test func damagedInputIsRefusedNeverACrash() throws {
        var random = SeededGenerator(state: 0x5eed_c0de)
        let key = SSHPrivateKey.generate(comment: "fuzz@example.org")
        let keyText = key.openSSHText
        let line = key.publicKey.openSSHLine
        let signature = try key.signature(namespace: Self.namespace, message: Array("fuzz".utf8))
        let signatureText = signature.armored
        let keyBlob = try SSHArmor.decode(keyText, label: SSHPrivateKey.label, notArmoured: .notAPrivateKey,
                                          malformed: SigningError.malformedPrivateKey)
        let signatureBlob = try SSHArmor.decode(signatureText, label: SSHSignature.label, notArmoured: .malformedSignature(""),
                                                malformed: SigningError.malformedSignature)
        var read = 0

        for round in 0..<1500 {
            // Damage in several places at once now and then, to get past the first check.
            let times = round % 10 == 0 ? 3 : 1
            var texts = (Array(keyText.utf8), Array(line.utf8), Array(signatureText.utf8))
            var blobs = (keyBlob, key.publicKey.wireBlob, signatureBlob)
            for _ in 0..<times {
                texts = (Self.mutate(texts.0, using: &random), Self.mutate(texts.1, using: &random), Self.mutate(texts.2, using: &random))
                blobs = (Self.mutate(blobs.0, using: &random), Self.mutate(blobs.1, using: &random), Self.mutate(blobs.2, using: &random))
            }

            let damagedKey = String(decoding: texts.0, as: UTF8.self)
            if let parsed = try? SSHPrivateKey(openSSHText: damagedKey) {
                read += 1
                #expect(try SSHPrivateKey(openSSHText: parsed.openSSHText).publicKey == parsed.publicKey, "\(damagedKey)")
            }
            let damagedLine = String(decoding: texts.1, as: UTF8.self)
            if let parsed = try? SSHPublicKey(openSSHLine: damagedLine) {
                read += 1
                #expect(try SSHPublicKey(openSSHLine: parsed.openSSHLine).comment == parsed.comment, "\(damagedLine)")
            }
            let damagedSignature = String(decoding: texts.2, as: UTF8.self)
            if let parsed = try? SSHSignature(armored: damagedSignature) {
                read += 1
                #expect(try SSHSignature(armored: parsed.armored) == parsed, "\(damagedSignature)")
                // Any change to what was signed, the key or the signature itself invalidates it.
                #expect(parsed.isValid(for: Array("fuzz".utf8), namespace: Self.namespace) == (parsed == signature), "\(damagedSignature)")
            }

            // Binary damage behind valid armour reaches the wire parsers; the encodings are
            // canonical, so anything accepted re-encodes to the very same bytes.
            let armouredKey = SSHArmor.encode(blobs.0, label: SSHPrivateKey.label)
            if let parsed = try? SSHPrivateKey(openSSHText: armouredKey) {
                read += 1
                #expect(parsed.openSSHText == armouredKey, "\(blobs.0)")
            }
            if let parsed = try? SSHPublicKey(wireBlob: blobs.1, malformed: SigningError.malformedPublicKey) {
                read += 1
                #expect(parsed.wireBlob == blobs.1, "\(blobs.1)")
            }
            let armouredSignature = SSHArmor.encode(blobs.2, label: SSHSignature.label)
            if let parsed = try? SSHSignature(armored: armouredSignature) {
                read += 1
                #expect(parsed.armored == armouredSignature, "\(blobs.2)")
                #expect(parsed.isValid(for: Array("fuzz".utf8), namespace: Self.namespace) == (parsed == signature), "\(blobs.2)")
            }
        }
        // Some damage is harmless (a changed comment, whitespace), so some inputs must still read.
        #expect(read > 0)
    }
}

import Foundation

/// `git http-backend` over TLS with HTTP basic auth on 127.0.0.1 (Tests/TestPeers/git-https-server.py),
/// serving the repositories under `root`, with a throwaway certificate authority made by the
/// `openssl` command for this server alone.
public final class GitHTTPSServer {
    public let port: Int
    /// The PEM certificate of the authority that signed the server's certificate: trust it to connect.
    public let authority: String
    private let server: PeerProcess

    /// `directory` receives the keys and certificates; `user`/`password` are the only credentials accepted.
    public init(root: String, directory: String, user: String, password: String) throws {
        let openssl = "/usr/bin/openssl"
        authority = directory + "/ca.pem"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try PeerProcess.run(openssl, ["req", "-x509"] + curve + ["-keyout", directory + "/ca.key", "-out", authority,
                                                                 "-subj", "/CN=conduct test authority", "-days", "2"])
        try PeerProcess.run(openssl, ["req"] + curve + ["-keyout", directory + "/server.key", "-out", directory + "/server.csr",
                                                        "-subj", "/CN=127.0.0.1"])
        try "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try PeerProcess.run(openssl, ["x509", "-req", "-in", directory + "/server.csr", "-CA", authority, "-CAkey", directory + "/ca.key",
                                      "-CAcreateserial", "-out", directory + "/server.pem", "-days", "2", "-extfile", directory + "/server.ext"])
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("git-https-server.py").path
        server = try PeerProcess("/usr/bin/env", ["python3", script, root, directory + "/server.pem", directory + "/server.key", user, password],
                                 log: directory + "/https-server.log")
        let ready = try server.wait { $0.hasPrefix("port ") && $0.contains("\n") }
        guard let port = Int(ready.dropFirst("port ".count).prefix { $0.isNumber }) else {
            throw PeerProcess.Failed(description: "the https server said: \(ready)")
        }
        self.port = port
    }

    /// What the server logged: one line per request.
    public var log: String { server.output }

    public func stop() { server.stop() }
}

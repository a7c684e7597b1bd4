import Foundation
import GitKit

/// Process-wide set-up done once before any test touches libgit2.
///
/// libgit2's options and the environment are global to the process, so they are set exactly
/// once here: a private HOME (whose .ssh/known_hosts the ssh tests append to), no machine or
/// user git configuration, and a self-signed TLS certificate for `localhost` as the only CA.
public final class TestEnvironment: Sendable {
    /// Parent of every temporary directory the tests create.
    public let root: String
    /// The HOME the process runs with; libgit2 reads `.ssh/known_hosts` below it.
    public let home: String
    /// Self-signed certificate (DNS:localhost) trusted for https, and its key.
    public let certificate: String
    public let certificateKey: String

    public static let shared: TestEnvironment = {
        do { return try TestEnvironment() } catch { fatalError("test environment set-up failed: \(error)") }
    }()

    private init() throws {
        let base = FileManager.default.temporaryDirectory.path + "/gitkit-tests-\(getpid())"
        root = base
        home = base + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home + "/.ssh/known_hosts", contents: Data())
        setenv("HOME", home, 1)
        unsetenv("SSH_AUTH_SOCK")
        try GitLibrary.isolateConfiguration(in: home)

        let tls = base + "/tls"
        try FileManager.default.createDirectory(atPath: tls, withIntermediateDirectories: true)
        certificate = tls + "/cert.pem"
        certificateKey = tls + "/key.pem"
        try Shell.run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost", "-keyout", certificateKey, "-out", certificate,
        ])
        try GitLibrary.setCertificateLocations(file: certificate, directory: nil)
        // Servers and clients remove their own directories; this takes the rest (HOME, certificate).
        atexit { try? FileManager.default.removeItem(atPath: TestEnvironment.shared.root) }
    }

    /// Appends lines to `$HOME/.ssh/known_hosts`.
    public func trustHostKeys(from knownHostsFile: String) throws {
        let lines = try String(contentsOfFile: knownHostsFile, encoding: .utf8)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: home + "/.ssh/known_hosts"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.utf8))
    }
}

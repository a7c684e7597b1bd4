import Foundation

/// A git server on loopback started by one of the scripts in scripts/git-servers.
///
/// The scripts are the single implementation (the main project's tests and CI call them too);
/// this type only runs them, remembers the URL prefix and stops the server.
public final class GitServer: Sendable {
    public enum Kind: String, Sendable {
        case daemon = "git-daemon"
        case http
        case https
        case ssh
        /// sshd plus a user account with its own ~/.ssh (config alias `mynas`, RSA key, known_hosts).
        case sshAccount = "ssh-account"
        /// The same, plus a git-shell account and a gitolite3 account on its sshd (see ssh-hosting.sh).
        case sshHosting = "ssh-hosting"
    }

    public let kind: Kind
    /// The server's base directory: repositories in `repos/`, logs, keys, pid files.
    public let base: String
    /// URL prefix printed by the script; append `NAME.git`.
    public let urlPrefix: String

    public static let scriptDirectory: String = {
        // Tests/GitTestSupport/GitServers.swift -> package root
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/scripts/git-servers"
    }()

    /// Starts a server of `kind` in a new directory below the test root.
    public init(_ kind: Kind, environment: [String: String] = [:]) throws {
        self.kind = kind
        base = TestEnvironment.shared.root + "/\(kind.rawValue)-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        urlPrefix = try Shell.run(["bash", Self.scriptDirectory + "/\(kind.rawValue).sh", base], environment: environment)
    }

    /// The user account `ssh-account.sh` made (its home is `base/home`); nil for other kinds.
    public var account: String? {
        (try? String(contentsOfFile: base + "/account", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates the served bare repository `name.git`; returns its directory and URL.
    public func createRepository(_ name: String) throws -> (path: String, url: String) {
        let path = try Shell.run(["bash", Self.scriptDirectory + "/new-repo.sh", base, name])
        return (path, urlPrefix + name + ".git")
    }

    /// Stops the server process (idempotent).
    public func stop() {
        _ = try? Shell.run(["bash", Self.scriptDirectory + "/stop.sh", base])
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: base)
    }
}

/// A loopback port nothing listens on: bound once to learn a free number, then closed again.
public func closedLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
            guard bind(descriptor, raw, length) == 0 else { return -1 }
            return getsockname(descriptor, raw, &length)
        }
    }
    guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

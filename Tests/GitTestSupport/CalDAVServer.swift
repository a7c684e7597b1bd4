import Foundation

/// A Radicale CalDAV server on loopback with one htpasswd user, started by
/// scripts/git-servers/radicale.sh in its own directory (its storage survives a restart).
public final class CalDAVServer: Sendable {
    public let base: String
    public let user: String
    public let password: String
    /// http://127.0.0.1:PORT/
    public let baseURL: String

    public init(user: String = "alex", password: String = "correct horse") throws {
        self.user = user
        self.password = password
        base = TestEnvironment.shared.root + "/radicale-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        baseURL = try Shell.run(["bash", GitServer.scriptDirectory + "/radicale.sh", base, user, password])
    }

    public var port: String { String(baseURL.split(separator: ":").last!.dropLast()) }

    /// A collection URL under the user's home (not created).
    public func collection(_ name: String) -> String { baseURL + user + "/" + name + "/" }

    /// Stops the server (idempotent); its collections stay on disk.
    public func stop() {
        _ = try? Shell.run(["bash", GitServer.scriptDirectory + "/stop.sh", base])
    }

    /// Starts it again on the same port and storage, after `stop()`.
    public func restart() throws {
        _ = try Shell.run(["bash", GitServer.scriptDirectory + "/radicale.sh", base, user, password, port])
    }

    /// Runs curl against the server as the user; returns the HTTP status and the body.
    public func curl(_ method: String, _ url: String, headers: [String] = [], body: String? = nil) throws -> (status: Int, body: String) {
        let output = base + "/curl-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        var command = ["curl", "-sS", "-o", output, "-w", "%{http_code}", "-u", "\(user):\(password)", "-X", method]
        for header in headers { command += ["-H", header] }
        if let body { command += ["--data-binary", body] }
        let status = try Shell.run(command + [url])
        return (Int(status) ?? 0, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: base)
    }
}

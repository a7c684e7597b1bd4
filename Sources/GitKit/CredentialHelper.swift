import Foundation

/// git's credential helpers (gitcredentials(7)): external programs asked for a user name and
/// password (`get`), told when one worked (`store`) or was refused (`erase`), spoken to with
/// git's `key=value` protocol on stdin and stdout, and run as git runs them.
public struct CredentialHelpers: Sendable, Equatable {
    /// The `credential.helper` values in effect, in order.
    public let helpers: [String]

    public init(_ helpers: [String]) {
        self.helpers = helpers
    }

    /// `credential.helper` from the user's configuration; an empty value drops the ones before it, as in git.
    public static func configured(_ configuration: GitConfiguration) -> CredentialHelpers {
        var helpers: [String] = []
        for value in configuration.strings("credential.helper") {
            if value.isEmpty { helpers.removeAll() } else { helpers.append(value) }
        }
        return CredentialHelpers(helpers)
    }

    public var isEmpty: Bool { helpers.isEmpty }

    /// The first user name and password a helper gives for `url`.
    func fill(url: String, username: String?) -> (username: String, password: String)? {
        guard var request = Self.description(of: url) else { return nil }
        if let username { request.append(("username", username)) }
        var known = request
        for helper in helpers {
            guard let answer = run(helper, "get", known) else { continue }
            let values = Dictionary(answer.map { ($0.0, $0.1) }, uniquingKeysWith: { _, last in last })
            if values["quit"] == "1" || values["quit"] == "true" { return nil }
            if let user = values["username"], !known.contains(where: { $0.0 == "username" }) {
                known.append(("username", user))
            }
            if let password = values["password"], let user = known.first(where: { $0.0 == "username" })?.1 {
                return (user, password)
            }
        }
        return nil
    }

    /// Tells every helper that the credential worked (`store`) or was refused (`erase`).
    func report(_ action: String, url: String, username: String, password: String) {
        guard var request = Self.description(of: url) else { return }
        request += [("username", username), ("password", password)]
        for helper in helpers { _ = run(helper, action, request) }
    }

    /// protocol and host (with the port) of an http(s) URL, as git describes it to helpers.
    static func description(of url: String) -> [(String, String)]? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host else { return nil }
        return [("protocol", scheme), ("host", host + (components.port.map { ":\($0)" } ?? ""))]
    }

    /// The shell command git runs for `helper` and `action`: `!…` is a shell command, an absolute
    /// path a program, anything else `NAME ARGS` for `git credential-NAME ARGS`.
    static func commandLine(_ helper: String, _ action: String, path: String?) -> String {
        if helper.hasPrefix("!") { return String(helper.dropFirst()) + " " + action }
        if helper.hasPrefix("/") { return helper + " " + action }
        let words = helper.split(separator: " ", maxSplits: 1)
        let name = "git-credential-" + (words.first.map(String.init) ?? helper)
        let directories = (path ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/lib/git-core"]
        let program = directories.lazy.map { $0 + "/" + name }.first { access($0, X_OK) == 0 } ?? name
        return ([program] + words.dropFirst().map(String.init) + [action]).joined(separator: " ")
    }

    private func run(_ helper: String, _ action: String, _ request: [(String, String)]) -> [(String, String)]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", Self.commandLine(helper, action, path: ProcessInfo.processInfo.environment["PATH"])]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        let text = request.map { "\($0.0)=\($0.1)\n" }.joined() + "\n"
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: answer, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line -> (String, String)? in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }
}

import Foundation
import SSHLaunch

/// Where an ssh remote lives, split the way git splits it before running ssh.
public struct SSHAddress: Hashable, Sendable {
    /// The user to log in as; nil lets ssh choose (its config's `User`, else the local user).
    public let user: String?
    public let host: String
    public let port: Int?
    /// The repository path as the server's git command receives it (`~/x`, `/srv/x.git`, `x.git`).
    public let path: String

    public init(user: String?, host: String, port: Int?, path: String) {
        self.user = user
        self.host = host
        self.port = port
        self.path = path
    }

    /// `ssh://[user@]host[:port]/path` (also `ssh+git://`, `git+ssh://`) or scp-like `[user@]host:path`.
    public init?(url: String) {
        for scheme in ["ssh://", "ssh+git://", "git+ssh://"] where url.lowercased().hasPrefix(scheme) {
            self.init(sshURL: String(url.dropFirst(scheme.count)))
            return
        }
        guard !url.contains("://") else { return nil }
        self.init(scpLike: url)
    }

    private init?(sshURL rest: String) {
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = Substring(rest[..<slash])
        var path = String(rest[slash...]).removingPercentEncoding ?? String(rest[slash...])
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            user = String(authority[..<at]).removingPercentEncoding
            authority = authority[authority.index(after: at)...]
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard let number = Int(portText), (1...65535).contains(number) else { return nil }
            port = number
        }
        // git: ssh://host/~user/x names a path relative to a home directory.
        if path.hasPrefix("/~") { path.removeFirst() }
        guard !host.isEmpty, !path.isEmpty else { return nil }
        self.init(user: user.flatMap { $0.isEmpty ? nil : $0 }, host: String(host), port: port, path: path)
    }

    private init?(scpLike url: String) {
        var rest = Substring(url)
        var user: String?
        if let at = rest.firstIndex(of: "@"), let colon = rest.firstIndex(of: ":"), at < colon {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let host: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
        } else {
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            host = rest[..<colon]
            rest = rest[colon...]
        }
        // As git: a colon after a slash makes it a local path (./a:b), not a host.
        guard !host.isEmpty, !host.contains("/") else { return nil }
        let path = String(rest.dropFirst())
        guard !path.isEmpty else { return nil }
        self.init(user: user.flatMap { $0.isEmpty ? nil : $0 }, host: String(host), port: nil, path: path)
    }

    /// `[user@]host`, the destination argument of ssh.
    public var destination: String {
        (user.map { $0 + "@" } ?? "") + host
    }
}

/// The ssh program git would run for a remote, and the arguments it would give it.
///
/// Chosen as git chooses: `GIT_SSH_COMMAND` (a shell command), else `core.sshCommand` (the
/// same), else `GIT_SSH` (a program, run without a shell), else `ssh` from PATH. The option
/// syntax follows the program's variant (OpenSSH, PuTTY's plink, ...), named by
/// `GIT_SSH_VARIANT` or `ssh.variant`, else guessed from the program's name as git does.
public struct SSHCommand: Hashable, Sendable, CustomStringConvertible {
    public enum Variant: String, Sendable {
        case ssh, plink, putty, tortoiseplink, simple
    }

    /// The program, or the shell command when `viaShell`.
    public let command: String
    public let viaShell: Bool
    public let variant: Variant
    /// Where the command came from, for `--verbose`: "GIT_SSH_COMMAND", "core.sshCommand", "GIT_SSH", "PATH".
    public let origin: String
    /// Adds `-o BatchMode=yes` (OpenSSH): with no terminal to ask at, ssh must fail rather than wait for an answer.
    public let batchMode: Bool
    /// OpenSSH's ControlPath through which the connections share one master (see SSHConnectionSharing);
    /// nil: each connection makes its own.
    public var controlPath: String?

    public init(command: String, viaShell: Bool, variant: Variant, origin: String, batchMode: Bool) {
        self.command = command
        self.viaShell = viaShell
        self.variant = variant
        self.origin = origin
        self.batchMode = batchMode
    }

    /// What git would run, from the environment and the user's git configuration; nil when
    /// nothing is configured and no `ssh` program is on PATH.
    public static func resolve(
        environment: [String: String],
        configuration: (String) -> String? = { _ in nil },
        hasTerminal: Bool = SSHChild.hasTerminal()
    ) -> SSHCommand? {
        var command: String
        var viaShell = true
        let origin: String
        if let value = environment["GIT_SSH_COMMAND"], !value.isEmpty {
            command = value
            origin = "GIT_SSH_COMMAND"
        } else if let value = configuration("core.sshCommand"), !value.isEmpty {
            command = value
            origin = "core.sshCommand"
        } else if let value = environment["GIT_SSH"], !value.isEmpty {
            command = value
            viaShell = false
            origin = "GIT_SSH"
        } else if let found = findProgram("ssh", path: environment["PATH"]) {
            command = found
            viaShell = false
            origin = "PATH"
        } else {
            return nil
        }
        let named = environment["GIT_SSH_VARIANT"] ?? configuration("ssh.variant")
        let variant = named.flatMap { Variant(rawValue: $0.lowercased()) } ?? guessVariant(command, viaShell: viaShell)
        while command.hasSuffix(" ") { command.removeLast() }
        return SSHCommand(command: command, viaShell: viaShell, variant: variant, origin: origin, batchMode: !hasTerminal)
    }

    /// git's guess from the program's name; anything else is taken for OpenSSH.
    static func guessVariant(_ command: String, viaShell: Bool) -> Variant {
        let program = viaShell ? String(command.split(separator: " ").first ?? "") : command
        var name = String(program.split(separator: "/").last ?? "").lowercased()
        if name.hasSuffix(".exe") { name.removeLast(4) }
        switch name {
        case "plink": return .plink
        case "tortoiseplink": return .tortoiseplink
        default: return .ssh
        }
    }

    static func findProgram(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Why a remote cannot be reached with this program (an unsafe host or path, a port the variant cannot take).
    public enum Refusal: Error, CustomStringConvertible, Sendable {
        case strangeHost(String)
        case strangePath(String)
        case portUnsupported(Variant)

        public var description: String {
            switch self {
            case let .strangeHost(host): "the ssh host name '\(host)' is refused (it would be read as an option of ssh)"
            case let .strangePath(path): "the ssh repository path '\(path)' is refused (it would be read as an option)"
            case let .portUnsupported(variant): "the ssh variant '\(variant.rawValue)' cannot be given a port"
            }
        }
    }

    /// The full argument vector (program first) that runs `service` (`git-upload-pack` or
    /// `git-receive-pack`) for the repository at `address`.
    public func arguments(for address: SSHAddress, service: String) throws(Refusal) -> [String] {
        // As git: a host or path that ssh would read as an option is refused, never passed on.
        guard !address.host.hasPrefix("-"), !(address.user ?? "").hasPrefix("-") else {
            throw .strangeHost(address.destination)
        }
        guard !address.path.hasPrefix("-") else { throw .strangePath(address.path) }
        var options: [String] = []
        switch variant {
        case .ssh:
            if batchMode { options += ["-o", "BatchMode=yes"] }
            if let controlPath {
                // Persisting: the connections of a sync follow one another, and each ends its session.
                // The owner of controlPath ends the master; if it cannot, the master ends itself when idle.
                options += ["-o", "ControlMaster=auto", "-o", "ControlPath=\"\(controlPath)\"",
                            "-o", "ControlPersist=\(SSHConnectionSharing.idleSeconds)"]
            }
            if let port = address.port { options += ["-p", String(port)] }
        case .plink, .putty:
            if let port = address.port { options += ["-P", String(port)] }
        case .tortoiseplink:
            options.append("-batch")
            if let port = address.port { options += ["-P", String(port)] }
        case .simple:
            if address.port != nil { throw .portUnsupported(variant) }
        }
        let remoteCommand = "\(service) \(Self.shellQuoted(address.path))"
        let arguments = options + [address.destination, remoteCommand]
        guard viaShell else { return [command] + arguments }
        // git's way of running a configured command line: the shell expands it, "$@" adds ours.
        return ["/bin/sh", "-c", command + " \"$@\"", command] + arguments
    }

    /// Whether the program is OpenSSH's `ssh` itself (from PATH, `GIT_SSH`, or the first word of a
    /// configured command line), not a wrapper or another client.
    var runsOpenSSH: Bool {
        guard variant == .ssh else { return false }
        let program = viaShell ? String(command.split(separator: " ").first ?? "") : command
        return program.split(separator: "/").last == "ssh"
    }

    /// The argument vector that makes this ssh print its effective configuration for `address`
    /// (`ssh -G`) instead of connecting.
    func configurationQuery(for address: SSHAddress) -> [String] {
        let arguments = ["-G"] + (address.port.map { ["-p", String($0)] } ?? []) + [address.destination]
        guard viaShell else { return [command] + arguments }
        return ["/bin/sh", "-c", command + " \"$@\"", command] + arguments
    }

    /// Quoted for the remote shell as git quotes it: '…', with ' and ! outside the quotes.
    static func shellQuoted(_ text: String) -> String {
        var quoted = "'"
        for character in text {
            if character == "'" || character == "!" {
                quoted += "'\\\(character)'"
            } else {
                quoted.append(character)
            }
        }
        return quoted + "'"
    }

    public var description: String {
        let program = switch origin {
        case "PATH": "OpenSSH client \(command)"
        case "GIT_SSH": "\(command) (from GIT_SSH)"
        default: "'\(command)' (from \(origin))"
        }
        return controlPath == nil ? program : program + ", connections after the first sharing one login (ControlMaster)"
    }
}

import Foundation

/// Why talking to a remote failed, in terms a person can act on.
public enum RemoteError: Error, CustomStringConvertible, Sendable {
    /// The remote has commits the local side lacks: fetch, merge and push again.
    case nonFastForward(reference: String, detail: String)
    /// The server refused to update a reference (hook, permissions, policy).
    case pushRejected(reference: String, reason: String)
    /// Every configured credential was tried once and refused.
    case authenticationFailed(url: String, tried: [String], hint: String)
    /// The ssh server's host key is not in `~/.ssh/known_hosts` or does not match it.
    case unknownHostKey(url: String, detail: String)
    /// The https server's certificate could not be verified.
    case certificateRejected(url: String, detail: String)
    /// The server's access rules refuse this user (its key) reading or writing the repository;
    /// `detail` is the server's own reason.
    case accessDenied(url: String, writing: Bool, detail: String)
    /// The server answered but has no repository at that path.
    case repositoryNotFound(url: String, detail: String)
    /// Nothing answered at the address, or the name did not resolve.
    case unreachable(url: String, detail: String)
    /// The connection ended in the middle of the exchange (the server went away, a network cut).
    case connectionLost(url: String, detail: String)
    /// The program that carries the connection (ssh) failed; `detail` is what it said.
    case transportFailed(url: String, detail: String)
    /// The http(s) server refused the request with `status` (403, 5xx, …); `serverText` is what
    /// it said (see `HTTPAnswer.serverText`), empty when it said nothing readable.
    case httpStatus(url: String, status: Int, pushing: Bool, serverText: [String])
    /// Any other failure while talking to the remote.
    case failed(url: String, underlying: GitError)

    public var description: String {
        switch self {
        case let .nonFastForward(reference, detail):
            "push of \(reference) was refused as non-fast-forward (\(detail)): fetch, merge and retry"
        case let .pushRejected(reference, reason):
            "the server refused to update \(reference): \(reason)"
        case let .authenticationFailed(url, tried, hint):
            "authentication failed for \(url) (tried: \(tried.isEmpty ? "nothing" : tried.joined(separator: ", "))): \(hint)"
        case let .unknownHostKey(url, detail) where detail.hasPrefix("CHANGED"):
            "the ssh host key of \(url) has changed (\(detail.dropFirst(9))): do not sync until you know why; "
                + "someone may be intercepting the connection"
        case let .unknownHostKey(url, detail) where detail.contains("Host key verification failed"):
            "the ssh host key of \(url) is not in your known_hosts (ssh: \(detail)): connect once at a terminal "
                + "(\(Self.sshCommand(for: url))), check the fingerprint ssh shows and accept it; or sync at a terminal"
        case let .unknownHostKey(url, detail):
            "the ssh host key of \(url) is unknown or changed (\(detail)): check the server's key fingerprint with its "
                + "administrator; a new server's key can then be added to $HOME/.ssh/known_hosts (\(Self.keyscanCommand(for: url))), "
                + "a changed one only once you know why it changed"
        case let .certificateRejected(url, detail):
            "the TLS certificate of \(url) could not be verified (\(detail)): check the server's certificate "
                + "or the configured CA locations"
        case let .accessDenied(url, writing, detail):
            "the server does not let you \(writing ? "write to" : "read") \(url) (it says: \(detail)): ask the repository's "
                + "administrator for \(writing ? "write" : "read") access for your key, or check the repository's name"
        case let .repositoryNotFound(url, detail):
            "there is no repository at \(url) (\(detail)): check the path in the URL or create the repository on the server"
        case let .unreachable(url, detail):
            "cannot reach \(url) (\(detail)): check the URL and that the server is running"
        case let .connectionLost(url, detail):
            "the connection to \(url) was cut in the middle of the exchange (\(detail)): nothing was lost; "
                + "run the sync again once the server and the network are back"
        case let .transportFailed(url, detail):
            "cannot talk to \(url): \(detail)"
        case let .httpStatus(url, status, pushing, serverText):
            Self.describeHTTPStatus(url: url, status: status, pushing: pushing, serverText: serverText)
        case let .failed(url, underlying):
            "\(Self.activity(of: underlying.call)) \(url) failed: \(underlying.message)"
        }
    }

    private static func describeHTTPStatus(url: String, status: Int, pushing: Bool, serverText: [String]) -> String {
        let said = "HTTP \(status)" + (quoting(serverText).map { ", \($0)" } ?? "")
        switch status {
        case 403:
            return "the server does not let you \(pushing ? "write to" : "read") \(url) (\(said)): ask the repository's owner "
                + "for \(pushing ? "write " : "")access, or check that the credentials are those of the right account"
        case 500...599:
            return "the server at \(url) failed (\(said)): try again later; if it keeps failing, tell the server's administrator"
        default:
            return "the server at \(url) refused the request (\(said)): check the URL and the server"
        }
    }

    /// What a server said, as git shows it: `remote: line / line`; nil when it said nothing.
    public static func quoting(_ serverText: [String]) -> String? {
        serverText.isEmpty ? nil : "remote: " + serverText.joined(separator: " / ")
    }

    /// What a libgit2 call was doing, for a sentence: `git_remote_push` → "pushing to".
    private static func activity(of call: String) -> String {
        if call.hasPrefix("git_remote_push") { return "pushing to" }
        if call.hasPrefix("git_remote_fetch") { return "fetching from" }
        return "connecting to"
    }

    /// `ssh [-p port] [user@]host` for an ssh URL, to meet its host key at a terminal.
    static func sshCommand(for url: String) -> String {
        guard let address = SSHAddress(url: url) else { return "ssh HOST" }
        return "ssh " + (address.port.map { "-p \($0) " } ?? "") + address.destination
    }

    /// `ssh-keyscan` with the host and port of an ssh URL, for the unknown-host hint.
    static func keyscanCommand(for url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else {
            return "ssh-keyscan -t ed25519 HOST >> ~/.ssh/known_hosts"
        }
        let port = components.port.map { "-p \($0) " } ?? ""
        // An ed25519 line: libssh2 negotiates the type of the first matching line, and OpenSSH refuses ssh-rsa.
        return "ssh-keyscan \(port)-t ed25519 \(host) >> ~/.ssh/known_hosts"
    }
}

import CLibGit2

/// One way to authenticate to a remote; each is tried at most once per operation, in order.
///
/// Secrets stay in memory only; `description` never shows them.
public enum Credential: Sendable, CustomStringConvertible {
    /// The keys held by the running ssh-agent (`SSH_AUTH_SOCK`).
    case sshAgent(username: String? = nil)
    /// A private key file (e.g. `~/.ssh/id_ed25519`) with optional passphrase; the public key is derived when `nil`.
    case sshKey(privateKey: String, publicKey: String? = nil, passphrase: String? = nil, username: String? = nil)
    /// A user name and password or access token for http(s).
    case userPassword(username: String, password: String)

    public var description: String {
        switch self {
        case .sshAgent: "ssh-agent"
        case let .sshKey(privateKey, _, _, _): "ssh key \(privateKey)"
        case let .userPassword(username, _): "user name \(username) with password/token"
        }
    }

    var isSSH: Bool {
        if case .userPassword = self { return false }
        return true
    }

    func isAllowed(_ allowedTypes: UInt32) -> Bool {
        let needed = isSSH ? GIT_CREDENTIAL_SSH_KEY.rawValue : GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue
        return allowedTypes & needed != 0
    }

    var explicitUsername: String? {
        switch self {
        case let .sshAgent(username): username
        case let .sshKey(_, _, _, username): username
        case let .userPassword(username, _): username
        }
    }

    /// Creates the libgit2 credential; libgit2 takes ownership of it.
    func make(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?) -> Int32 {
        let username = explicitUsername ?? usernameFromURL ?? "git"
        switch self {
        case .sshAgent:
            return git_credential_ssh_key_from_agent(out, username)
        case let .sshKey(privateKey, publicKey, passphrase, _):
            return git_credential_ssh_key_new(out, username, publicKey, privateKey, passphrase)
        case let .userPassword(_, password):
            return git_credential_userpass_plaintext_new(out, username, password)
        }
    }
}

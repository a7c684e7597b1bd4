import Foundation
import GitKit

/// Credentials come from the environment at sync time and are never written anywhere.
public enum SyncCredentials {
    /// `FOLLOWUP_SSH_KEY` (+ `FOLLOWUP_SSH_PASSPHRASE`), then ssh-agent (`SSH_AUTH_SOCK`), then
    /// `~/.ssh/id_ed25519`; for https, `FOLLOWUP_HTTPS_TOKEN` (user `FOLLOWUP_HTTPS_USER`, default `followup`).
    public static func fromEnvironment(_ environment: [String: String]) -> [Credential] {
        var credentials: [Credential] = []
        if let key = environment["FOLLOWUP_SSH_KEY"], !key.isEmpty {
            credentials.append(.sshKey(privateKey: key, passphrase: environment["FOLLOWUP_SSH_PASSPHRASE"]))
        }
        if let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty {
            credentials.append(.sshAgent())
        }
        if environment["FOLLOWUP_SSH_KEY"] == nil, let home = environment["HOME"],
           FileManager.default.fileExists(atPath: home + "/.ssh/id_ed25519") {
            credentials.append(.sshKey(privateKey: home + "/.ssh/id_ed25519"))
        }
        if let token = environment["FOLLOWUP_HTTPS_TOKEN"], !token.isEmpty {
            credentials.append(.userPassword(username: environment["FOLLOWUP_HTTPS_USER"] ?? "followup", password: token))
        }
        return credentials
    }

    /// The ssh client for ssh:// and scp-like remotes, chosen as git chooses it (`GIT_SSH_COMMAND`,
    /// `core.sshCommand`, `GIT_SSH`, else `ssh` on PATH). libssh2 only when there is no ssh
    /// program, or when `FOLLOWUP_SSH_KEY` names a key for it explicitly.
    public static func sshTransport(_ environment: [String: String], configuration: GitConfiguration?) -> SSHTransport {
        if let key = environment["FOLLOWUP_SSH_KEY"], !key.isEmpty { return .libssh2 }
        return .system(environment: environment, configuration: configuration)
    }

    /// The CA certificates that verify https servers, as git finds them: `FOLLOWUP_CA_FILE` (an
    /// override), `GIT_SSL_CAINFO`, `http.sslCAInfo` from the user's git configuration, `SSL_CERT_FILE`;
    /// nil keeps libgit2's default.
    public static func certificateFile(_ environment: [String: String], configuration: GitConfiguration?) -> String? {
        let candidates = [environment["FOLLOWUP_CA_FILE"], environment["GIT_SSL_CAINFO"],
                          configuration?.string("http.sslCAInfo"), environment["SSL_CERT_FILE"]]
        guard let file = candidates.lazy.compactMap({ $0 }).first(where: { !$0.isEmpty }) else { return nil }
        if file.hasPrefix("~/"), let home = environment["HOME"] { return home + file.dropFirst() }
        return file
    }
}

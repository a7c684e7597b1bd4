import Foundation
import GitKit
import GitTestSupport
import Testing

@Suite("ssh:// via an own sshd", .serialized)
struct SSHTransportTests {
    /// Starts sshd and trusts its host key for 127.0.0.1:port in the test HOME's known_hosts.
    private func startTrustedServer() throws -> GitServer {
        let server = try GitServer(.ssh)
        try TestEnvironment.shared.trustHostKeys(from: server.base + "/ssh/known_hosts")
        return server
    }

    private func clientKey(_ server: GitServer) -> Credential {
        .sshKey(privateKey: server.base + "/ssh/client_ed25519")
    }

    @Test("push, fetch and listing over ssh:// with a key file")
    func roundTrip() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let scenario = TransportScenario(url: repo.url, serverRepository: repo.path, credentials: [clientKey(server)])
        let elapsed = try scenario.runRoundTrip()
        reportTiming("ssh://", elapsed)
    }

    @Test("a key the server does not accept fails once with an authentication error, not a loop")
    func wrongKey() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let directory = try TemporaryDirectory("ssh-client")
        let wrongKey = directory.path + "/wrong_ed25519"
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKey])
        let local = try Repository(creatingBareAt: directory.path + "/local.git")
        let remote = try Remote(repository: local, url: repo.url, credentials: [.sshKey(privateKey: wrongKey)])
        var thrown: Error?
        let elapsed = seconds {
            do { try remote.fetch(refspecs: []) } catch { thrown = error }
        }
        let error = try #require(thrown as? RemoteError, "got \(String(describing: thrown))")
        guard case let .authenticationFailed(url, tried, hint) = error else {
            Issue.record("expected authenticationFailed, got \(error)")
            return
        }
        showMessage("wrong ssh key", error)
        #expect(url == repo.url)
        #expect(tried == ["ssh key \(wrongKey)"])
        #expect(hint.contains("authorized_keys"))
        #expect(elapsed < 5)
    }

    @Test("an unknown host key is refused with a clear error")
    func unknownHostKey() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        // known_hosts has [127.0.0.1]:port only, so the same server under the name localhost is unknown.
        let url = repo.url.replacingOccurrences(of: "@127.0.0.1:", with: "@localhost:")
        let directory = try TemporaryDirectory("ssh-client")
        let local = try Repository(creatingBareAt: directory.path + "/local.git")
        let error = try #require(throws: RemoteError.self) {
            try Remote(repository: local, url: url, credentials: [clientKey(server)]).fetch(refspecs: [])
        }
        guard case .unknownHostKey = error else {
            Issue.record("expected unknownHostKey, got \(error)")
            return
        }
        showMessage("unknown host key", error)
        #expect(error.description.contains("known_hosts"))
        #expect(error.description.contains("ssh-keyscan -p "))
    }

    @Test("ssh-agent credentials are used when the agent holds the key")
    func agent() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let directory = try TemporaryDirectory("ssh-agent")
        let socket = directory.path + "/agent.sock"
        // -a: a socket path of our own; the agent forks and prints its pid, which we kill at the end.
        let started = try Shell.run(["ssh-agent", "-s", "-a", socket])
        let agentPID = try #require(started.split(separator: "\n").compactMap { line in
            line.hasPrefix("SSH_AGENT_PID=") ? Int32(line.dropFirst(14).prefix { $0.isNumber }) : nil
        }.first)
        defer { kill(agentPID, SIGTERM) }
        try Shell.run(["ssh-add", "-q", server.base + "/ssh/client_ed25519"], environment: ["SSH_AUTH_SOCK": socket])
        setenv("SSH_AUTH_SOCK", socket, 1)
        defer { unsetenv("SSH_AUTH_SOCK") }

        let local = try Repository(creatingBareAt: directory.path + "/local.git")
        let commit = try local.commitFiles(["a": "1"], parent: nil)
        try local.updateReference("refs/heads/main", to: commit, expecting: nil, message: "test")
        let remote = try Remote(repository: local, url: repo.url, credentials: [.sshAgent()])
        try remote.push(refspecs: ["refs/heads/main:refs/heads/main"])
        #expect(try Shell.git(repo.path, "rev-parse", "refs/heads/main") == commit.hex)
    }

    @Test("after a refused key the next configured credential is tried, each only once")
    func fallsBackToNextCredential() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let directory = try TemporaryDirectory("ssh-client")
        let wrongKey = directory.path + "/wrong_ed25519"
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKey])
        let local = try Repository(creatingBareAt: directory.path + "/local.git")
        let remote = try Remote(
            repository: local, url: repo.url, credentials: [.sshKey(privateKey: wrongKey), clientKey(server)])
        #expect(try remote.references().isEmpty)
    }

    @Test("a passphrase-protected key works with its passphrase and fails clearly without the right one")
    func passphrase() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let directory = try TemporaryDirectory("ssh-client")
        let key = directory.path + "/locked_ed25519"
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-f", key])
        let authorized = try String(contentsOfFile: key + ".pub", encoding: .utf8)
        try authorized.write(toFile: server.base + "/ssh/authorized_keys", atomically: true, encoding: .utf8)
        let local = try Repository(creatingBareAt: directory.path + "/local.git")

        let unlocked = try Remote(
            repository: local, url: repo.url, credentials: [.sshKey(privateKey: key, passphrase: "correct horse")])
        #expect(try unlocked.references().isEmpty)

        let wrong = try Remote(
            repository: local, url: repo.url, credentials: [.sshKey(privateKey: key, passphrase: "battery staple")])
        let error = try #require(throws: RemoteError.self) { try wrong.references() }
        showMessage("wrong passphrase", error)
        guard case .authenticationFailed = error else {
            Issue.record("expected authenticationFailed, got \(error)")
            return
        }
    }

    @Test("a repository path the ssh server does not have is repositoryNotFound")
    func missingRepository() throws {
        let server = try startTrustedServer()
        defer { server.stop() }
        let directory = try TemporaryDirectory("ssh-client")
        let local = try Repository(creatingBareAt: directory.path + "/local.git")
        let error = try #require(throws: RemoteError.self) {
            try Remote(repository: local, url: server.urlPrefix + "absent.git", credentials: [clientKey(server)])
                .fetch(refspecs: [])
        }
        showMessage("missing repository ssh://", error)
        guard case .repositoryNotFound = error else {
            Issue.record("expected repositoryNotFound, got \(error)")
            return
        }
    }
}

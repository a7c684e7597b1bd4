import Foundation
import GitTestSupport
import Testing

/// What `followup sync` says about the ssh server's host key through the system's ssh, without a
/// terminal (BatchMode): an unknown key is named by type and fingerprint with the command that
/// accepts it after checking; a changed key is told apart and never met with "just add it".
@Suite("ssh host key messages", .serialized)
struct HostKeyMessageCLITests {
    typealias Account = OpenSSHSetupCLITests.Account

    /// `SHA256:…` of one of the server's own host keys, read from its public key file.
    static func fingerprint(of account: Account, type: String) throws -> String {
        let line = try Shell.run(["ssh-keygen", "-l", "-f", account.server.base + "/ssh/host_\(type).pub"])
        return String(line.split(separator: " ")[1])
    }

    func storeFiles(_ account: Account) -> [Data?] {
        ["followup.sqlite", "followup.sqlite-wal"].map { FileManager.default.contents(atPath: account.home + "/laptop/" + $0) }
    }

    @Test("an unknown host key: the key ssh is shown (type, SHA256 fingerprint) and how to accept it; following that, the sync works")
    func unknownHostKey() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let port = try account.port()
        // known_hosts names the server [127.0.0.1]:port only: as localhost it is unknown.
        let url = "ssh://\(account.name)@localhost:\(port)" + repository.path
        let proof = try account.run(["git", "ls-remote", url])
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("Host key verification failed."), "\(proof.stderr)")
        try account.twoStores(url: url)
        let before = storeFiles(account)
        let refused = try account.followup("laptop", "sync")
        #expect(refused.status == 1)
        let fingerprint = try Self.fingerprint(of: account, type: "ed25519")
        #expect(refused.stderr == "followup: cannot sync with origin: the ssh host key of \(url) is not in your known_hosts "
            + "(ssh: Host key verification failed); the server shows the ED25519 key \(fingerprint): check that fingerprint "
            + "with the server's administrator, then accept the key at a terminal with 'ssh -p \(port) \(account.name)@localhost', "
            + "which shows the same fingerprint and asks; or sync at a terminal\n")
        #expect(storeFiles(account) == before)
        #expect(try OpenSSHSetupCLITests.git(repository.path, "for-each-ref").isEmpty)

        // Answering "yes" to ssh at a terminal, as the message says (accept-new is that answer without one).
        let accepted = try account.run(["ssh", "-o", "StrictHostKeyChecking=accept-new", "-p", port, account.name + "@localhost", "true"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let recorded = try account.run(["ssh-keygen", "-l", "-F", "[localhost]:\(port)", "-f", account.home + "/.ssh/known_hosts"])
        #expect(recorded.stdout.contains(fingerprint), "the key accepted is the one the message named: \(recorded.stdout)")
        let synced = try account.followup("laptop", "sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stdout.contains("sent 2"), "\(synced.stdout)")
    }

    @Test("a changed host key is told apart from an unknown one: it says changed, shows the new key, and does not advise adding it")
    func changedHostKey() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let port = try account.port()
        try account.recordImpostorHostKey()
        let url = "mynas:" + repository.path
        let proof = try account.run(["git", "ls-remote", url])
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), "\(proof.stderr)")
        try account.twoStores(url: url)
        let before = storeFiles(account)
        let refused = try account.followup("laptop", "sync")
        #expect(refused.status == 1)
        let fingerprint = try Self.fingerprint(of: account, type: "ed25519")
        let knownHosts = account.home + "/.ssh/known_hosts"
        #expect(refused.stderr == "followup: cannot sync with origin: the ssh host key of \(url) has changed (the server now shows "
            + "ED25519 key \(fingerprint); Offending ED25519 key in \(knownHosts):1; if the key really was replaced, remove the old "
            + "one with: ssh-keygen -f \"\(knownHosts)\" -R \"[127.0.0.1]:\(port)\"): do not sync until you know why; "
            + "someone may be intercepting the connection\n")
        #expect(!refused.stderr.contains("ssh-keyscan") && !refused.stderr.contains(">>"), "never advise adding a changed key")
        #expect(!refused.stderr.contains("not in your known_hosts"))
        #expect(storeFiles(account) == before)
        #expect(try OpenSSHSetupCLITests.git(repository.path, "for-each-ref").isEmpty)
    }

    /// An ed25519 key for libssh2 (which signs RSA keys with SHA-1, refused by this sshd), in the server's authorized_keys.
    static func libssh2Key(_ account: Account) throws -> [String: String] {
        let key = account.home + "/.ssh/id_ed25519_libssh2"
        try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        let authorized = account.home + "/.ssh/authorized_keys"
        let keys = try String(contentsOfFile: authorized, encoding: .utf8) + String(contentsOfFile: key + ".pub", encoding: .utf8)
        try keys.write(toFile: authorized, atomically: true, encoding: .utf8)
        try Shell.run(["chown", "-R", account.name + ":", account.home + "/.ssh"])
        return ["FOLLOWUP_SSH_KEY": key]
    }

    @Test("libssh2, an unknown host key: type, fingerprint and an ed25519 ssh-keyscan line to add; following that, the sync works")
    func unknownHostKeyWithLibssh2() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let port = try account.port()
        let libssh2 = try Self.libssh2Key(account)
        let url = "ssh://\(account.name)@localhost:\(port)" + repository.path
        #expect(try account.run(["git", "ls-remote", url]).stderr.contains("Host key verification failed."))
        try account.twoStores(url: url)
        let before = storeFiles(account)
        let refused = try account.followup("laptop", "sync", environment: libssh2)
        #expect(refused.status == 1)
        let fingerprint = try Self.fingerprint(of: account, type: "ed25519")
        let knownHosts = account.home + "/.ssh/known_hosts"
        let advice = "ssh-keyscan -p \(port) -t ed25519 localhost >> ~/.ssh/known_hosts"
        #expect(refused.stderr == "followup: cannot sync with origin: the ssh host key of \(url) is not in \(knownHosts) "
            + "(libssh2: invalid or unknown remote ssh hostkey); the server shows the ED25519 key \(fingerprint): check that "
            + "fingerprint with the server's administrator, then add the key with '\(advice)'\n")
        #expect(storeFiles(account) == before)

        let added = try account.run(["sh", "-c", advice])
        #expect(added.status == 0, "\(added.stderr)")
        let synced = try account.followup("laptop", "sync", environment: libssh2)
        #expect(synced.status == 0, "the advice works for libssh2 (an ed25519 line): \(synced.stderr)")
        #expect(synced.stdout.contains("sent 2"), "\(synced.stdout)")
    }

    @Test("libssh2, a changed host key: told apart from an unknown one by known_hosts, with no line to add")
    func changedHostKeyWithLibssh2() throws {
        let account = try Account()
        let repository = try account.server.createRepository("followup")
        let port = try account.port()
        let libssh2 = try Self.libssh2Key(account)
        try account.recordImpostorHostKey()
        let knownHosts = account.home + "/.ssh/known_hosts"
        let url = "ssh://\(account.name)@127.0.0.1:\(port)" + repository.path
        #expect(try account.run(["git", "ls-remote", url]).stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"))
        try account.twoStores(url: url)
        let before = storeFiles(account)
        let refused = try account.followup("laptop", "sync", environment: libssh2)
        #expect(refused.status == 1)
        let fingerprint = try Self.fingerprint(of: account, type: "ed25519")
        #expect(refused.stderr == "followup: cannot sync with origin: the ssh host key of \(url) does not match the one recorded in "
            + "\(knownHosts) (libssh2: invalid or unknown remote ssh hostkey); the server now shows the ED25519 key \(fingerprint): "
            + "do not sync until you know why, someone may be intercepting the connection; if the server's administrator confirms "
            + "that key, remove the old one with 'ssh-keygen -f \(knownHosts) -R \"[127.0.0.1]:\(port)\"' and sync again\n")
        #expect(!refused.stderr.contains(">>"), "never advise adding a changed key")
        #expect(storeFiles(account) == before)
    }
}

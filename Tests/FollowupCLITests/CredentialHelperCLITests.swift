import Foundation
import GitTestSupport
import Testing

/// `followup sync` over https with the user's git set-up: `credential.helper` and `http.sslCAInfo`
/// from ~/.gitconfig, no FOLLOWUP_* variable but the store's location.
@Suite("sync over https with git's credential helpers", .serialized)
struct CredentialHelperCLITests {
    static let user = "alice"

    /// lighttpd + git http-backend over TLS with basic auth, and a HOME whose ~/.gitconfig trusts its certificate.
    final class Setup {
        let server: GitServer
        let url: String
        let repository: String
        let home: TemporaryDirectory
        let token = "token-\(UUID().uuidString.prefix(12))"

        init(helpers: [String]) throws {
            let environment = TestEnvironment.shared
            server = try GitServer(.https, environment: [
                "GIT_SERVER_AUTH": "\(CredentialHelperCLITests.user):\(token)", "TLS_CERT": environment.certificate,
                "TLS_KEY": environment.certificateKey,
            ])
            (repository, url) = try server.createRepository("followup")
            home = try TemporaryDirectory("https-home")
            let config = "[http]\n\tsslCAInfo = \(environment.certificate)\n[credential]\n"
                + helpers.map { "\thelper = \($0)\n" }.joined()
            try config.write(toFile: home.path + "/.gitconfig", atomically: true, encoding: .utf8)
        }

        deinit { server.stop() }

        var credentialsFile: String { home.path + "/.git-credentials" }

        /// The environment a user's shell would have: no GIT_SSL_CAINFO or SSL_CERT_FILE from the test machine.
        var environment: [String: String] { ["HOME": home.path, "PATH": "/usr/bin:/bin", "TZ": "UTC"] }

        /// Proves the set-up with the git CLI (which reads the same ~/.gitconfig and helper): a push read back.
        func gitPushes() throws {
            let work = home.path + "/work"
            for step in [["git", "init", "-q", work],
                         ["git", "-C", work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "proof"],
                         ["git", "-C", work, "push", "-q", url, "HEAD:refs/heads/proof"]] {
                let result = try Shell.capture(step, environment: environment, inheritEnvironment: false)
                try #require(result.status == 0, "\(step.joined(separator: " ")): \(result.stderr)")
            }
            #expect(try Shell.git(repository, "rev-parse", "refs/heads/proof") == Shell.git(work, "rev-parse", "HEAD"))
        }

        func machine(_ device: String) throws -> CLI {
            var cli = CLI()
            cli.environment["HOME"] = home.path
            #expect(try cli.run("init", "--device", device).status == 0)
            #expect(try cli.run("remote", "add", "origin", url).status == 0)
            return cli
        }
    }

    @Test("the password held by credential.helper store is used, and the certificate named by http.sslCAInfo is trusted")
    func storedPassword() throws {
        let setup = try Setup(helpers: ["store"])
        try "https://\(Self.user):\(setup.token)@\(URL(string: setup.url)!.host!):\(URL(string: setup.url)!.port!)\n"
            .write(toFile: setup.credentialsFile, atomically: true, encoding: .utf8)
        try setup.gitPushes()
        let laptop = try setup.machine("laptop")
        let desktop = try setup.machine("desktop")
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        let sent = try laptop.run("sync")
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent 2, received 0"))
        let received = try desktop.run("sync")
        #expect(received.status == 0, "\(received.stderr)")
        #expect(received.stdout.contains("received 2"))
        let back = try laptop.run("sync")
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try laptop.run("export").stdout == desktop.run("export").stdout)
    }

    @Test("a password from one helper that the server accepts is handed to the others to store")
    func storeAfterSuccess() throws {
        let setup = try Setup(helpers: [])
        let giver = setup.home.path + "/giver.sh"
        try "#!/bin/sh\n[ \"$1\" = get ] && printf 'username=\(Self.user)\\npassword=\(setup.token)\\n'\nexit 0\n"
            .write(toFile: giver, atomically: true, encoding: .utf8)
        chmod(giver, 0o755)
        try "[http]\n\tsslCAInfo = \(TestEnvironment.shared.certificate)\n[credential]\n\thelper = \(giver)\n\thelper = store\n"
            .write(toFile: setup.home.path + "/.gitconfig", atomically: true, encoding: .utf8)
        let laptop = try setup.machine("laptop")
        #expect(!FileManager.default.fileExists(atPath: setup.credentialsFile))
        let synced = try laptop.run("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        let stored = try String(contentsOfFile: setup.credentialsFile, encoding: .utf8)
        #expect(stored.contains("\(Self.user):\(setup.token)@localhost"), "\(stored)")
    }

    @Test("a stored password the server refuses fails with one line naming the helper, and is erased from the helper")
    func refusedPassword() throws {
        let setup = try Setup(helpers: ["store"])
        let host = "\(URL(string: setup.url)!.host!):\(URL(string: setup.url)!.port!)"
        try "https://\(Self.user):revoked-7f3a@\(host)\n".write(toFile: setup.credentialsFile, atomically: true, encoding: .utf8)
        let laptop = try setup.machine("laptop")
        let before = laptop.snapshot()
        let refused = try laptop.run("sync")
        #expect(refused.status == 77)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("authentication failed"), "\(refused.stderr)")
        #expect(refused.stderr.contains("credential.helper (user \(Self.user))"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("revoked-7f3a"), "the password is never shown")
        #expect(laptop.snapshot() == before)
        let left = (try? String(contentsOfFile: setup.credentialsFile, encoding: .utf8)) ?? ""
        #expect(!left.contains("revoked-7f3a"), "erased: \(left)")
    }

    @Test("a url.<base>.insteadOf rewrite from the user's ~/.gitconfig applies to the remote, as for git")
    func insteadOf() throws {
        let setup = try Setup(helpers: ["store"])
        let components = URL(string: setup.url)!
        try "https://\(Self.user):\(setup.token)@\(components.host!):\(components.port!)\n"
            .write(toFile: setup.credentialsFile, atomically: true, encoding: .utf8)
        let base = setup.url.replacingOccurrences(of: "followup.git", with: "")
        let config = try String(contentsOfFile: setup.home.path + "/.gitconfig", encoding: .utf8)
        try (config + "[url \"\(base)\"]\n\tinsteadOf = work:\n").write(
            toFile: setup.home.path + "/.gitconfig", atomically: true, encoding: .utf8)
        let listed = try Shell.capture(["git", "ls-remote", "work:followup.git"], environment: setup.environment, inheritEnvironment: false)
        #expect(listed.status == 0, "the git CLI rewrites it: \(listed.stderr)")
        var laptop = CLI()
        laptop.environment["HOME"] = setup.home.path
        #expect(try laptop.run("init", "--device", "laptop").status == 0)
        #expect(try laptop.run("remote", "add", "origin", "work:followup.git").status == 0)
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        let synced = try laptop.run("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stdout.contains("sent 2"))
        #expect(try !Shell.git(setup.repository, "rev-parse", "refs/heads/followup").isEmpty)
    }
}

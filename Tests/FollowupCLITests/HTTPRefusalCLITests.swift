import Foundation
import GitTestSupport
import Testing

/// `followup sync` against an http server that refuses: 401, 403, 404 and 500 from lighttpd +
/// git http-backend (and the CGI wrappers of scripts/git-servers/cgi). Each set-up is first
/// proved with the git CLI, then the sync must fail with one line in the user's words carrying
/// the server's own text, a non-zero status, and the store as it was.
@Suite("sync against an http server that refuses", .serialized)
struct HTTPRefusalCLITests {
    static let user = "alice"

    final class Setup {
        let server: GitServer
        let repository: String
        let token = "token-\(UUID().uuidString.prefix(12))"
        let home: TemporaryDirectory

        let scheme: String

        /// With `https`, the test environment's certificate, trusted through `http.sslCAInfo` in ~/.gitconfig.
        init(https: Bool = false) throws {
            let environment = TestEnvironment.shared
            var serverEnvironment = ["GIT_SERVER_AUTH": "\(HTTPRefusalCLITests.user):\(token)"]
            if https {
                serverEnvironment["TLS_CERT"] = environment.certificate
                serverEnvironment["TLS_KEY"] = environment.certificateKey
            }
            scheme = https ? "https" : "http"
            server = try GitServer(https ? .https : .http, environment: serverEnvironment)
            repository = try server.createRepository("followup").path
            home = try TemporaryDirectory("http-refusal-home")
            // The password where git and followup both find it: git's credential store.
            try ("[credential]\n\thelper = store\n" + (https ? "[http]\n\tsslCAInfo = \(environment.certificate)\n" : ""))
                .write(toFile: home.path + "/.gitconfig", atomically: true, encoding: .utf8)
            try storePassword(token)
        }

        deinit { server.stop() }

        /// The URL of the repository under one of the server's prefixes: git, read-only or failing.
        func url(_ prefix: String, _ name: String = "followup") -> String {
            server.urlPrefix.replacingOccurrences(of: "/git/", with: "/\(prefix)/") + name + ".git"
        }

        func storePassword(_ password: String) throws {
            let address = URL(string: server.urlPrefix)!
            try "\(scheme)://\(HTTPRefusalCLITests.user):\(password)@\(address.host!):\(address.port!)\n"
                .write(toFile: home.path + "/.git-credentials", atomically: true, encoding: .utf8)
        }

        /// The git CLI with the same HOME (so the same credential helper), never prompting.
        func git(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
            try Shell.capture(["git"] + arguments, environment: [
                "HOME": home.path, "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
            ], in: home.path, inheritEnvironment: false)
        }

        /// A store with one interview (so a sync has something to push) and `url` as origin.
        func laptop(_ url: String) throws -> CLI {
            var cli = CLI()
            cli.environment["HOME"] = home.path
            #expect(try cli.run("init", "--device", "laptop").status == 0)
            #expect(try cli.run("remote", "add", "origin", url).status == 0)
            let added = try cli.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
            #expect(added.status == 0, "\(added.stderr)")
            return cli
        }
    }

    /// Runs `followup sync` and checks that it refused with `status` and exactly `message`, changing nothing.
    private func expectRefusal(_ laptop: CLI, status: Int32, message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = laptop.snapshot()
        let refused = try laptop.run("sync")
        #expect(refused.status == status, "\(refused.stderr)", sourceLocation: sourceLocation)
        #expect(refused.stderr == "followup: " + message + "\n", sourceLocation: sourceLocation)
        #expect(refused.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(laptop.snapshot() == before, "a refused sync leaves the store as it was", sourceLocation: sourceLocation)
    }

    @Test("401: a password the server refuses is named as refused credentials, with where they come from")
    func refusedPassword() throws {
        let setup = try Setup()
        try setup.storePassword("expired-5b1c")
        let url = setup.url("git")
        let proof = try setup.git("ls-remote", url)
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("Authentication failed for '\(url)/'"), "\(proof.stderr)")
        try setup.storePassword("expired-5b1c")  // git erased the refused password from its store
        let laptop = try setup.laptop(url)
        try expectRefusal(laptop, status: 77, message: "cannot sync with origin: authentication failed for \(url) "
            + "(tried: credential.helper (user alice)): check the user name and token (expired, mistyped, or without access "
            + "to this repository?) given by your git credential.helper, or by FOLLOWUP_HTTPS_USER and FOLLOWUP_HTTPS_TOKEN")
    }

    @Test("401 with the server's reason (a site that checks tokens itself): the reason is shown as git shows it")
    func refusedPasswordWithReason() throws {
        let setup = try Setup()
        let url = setup.url("token-only")
        try setup.storePassword("my-login-password")
        let proof = try setup.git("ls-remote", url)
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("remote: Invalid username or token.\nremote: Password authentication is not supported: "
            + "use a personal access token.\n"), "\(proof.stderr)")
        try setup.storePassword("my-login-password")  // git erased the refused password from its store
        let laptop = try setup.laptop(url)
        try expectRefusal(laptop, status: 77, message: "cannot sync with origin: authentication failed for \(url) "
            + "(tried: credential.helper (user alice)): remote: Invalid username or token. / Password authentication is not "
            + "supported: use a personal access token; check the user name and token (expired, mistyped, or without access "
            + "to this repository?) given by your git credential.helper, or by FOLLOWUP_HTTPS_USER and FOLLOWUP_HTTPS_TOKEN")
        // With the token the same set-up works: the refusal was about the password, not the server.
        try setup.storePassword(setup.token)
        let synced = try laptop.run("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
    }

    @Test("403 on push: the user may read but not write, and the server's reason is shown as git shows it")
    func forbiddenPush() throws {
        let setup = try Setup()
        let url = setup.url("read-only")
        #expect(try setup.git("ls-remote", url).status == 0, "reading is allowed")
        #expect(try setup.git("init", "-q", "work").status == 0)
        #expect(try setup.git("-C", "work", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x").status == 0)
        let proof = try setup.git("-C", "work", "push", url, "HEAD:refs/heads/proof")
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("remote: Permission to followup.git denied to alice.\nremote: Ask the owner for write access."), "\(proof.stderr)")
        #expect(proof.stderr.contains("The requested URL returned error: 403"), "\(proof.stderr)")
        let laptop = try setup.laptop(url)
        try expectRefusal(laptop, status: 77, message: "cannot sync with origin: the server does not let you write to \(url) "
            + "(HTTP 403, remote: Permission to followup.git denied to alice. / Ask the owner for write access.): "
            + "ask the repository's owner for write access, or check that the credentials are those of the right account")
        #expect(try Shell.git(setup.repository, "for-each-ref").isEmpty, "nothing reached the server")
    }

    @Test("403 over https: the server's text is read again trusting the certificate named by http.sslCAInfo, as the sync did")
    func forbiddenPushOverHTTPS() throws {
        let setup = try Setup(https: true)
        let url = setup.url("read-only")
        #expect(try setup.git("init", "-q", "work").status == 0)
        #expect(try setup.git("-C", "work", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x").status == 0)
        let proof = try setup.git("-C", "work", "push", url, "HEAD:refs/heads/proof")
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("remote: Permission to followup.git denied to alice."), "\(proof.stderr)")
        let laptop = try setup.laptop(url)
        try expectRefusal(laptop, status: 77, message: "cannot sync with origin: the server does not let you write to \(url) "
            + "(HTTP 403, remote: Permission to followup.git denied to alice. / Ask the owner for write access.): "
            + "ask the repository's owner for write access, or check that the credentials are those of the right account")
    }

    @Test("403 on fetch from the web server itself (an HTML page, which git does not show either): not allowed to read, status alone")
    func forbiddenRead() throws {
        let setup = try Setup()
        let url = setup.url("denied")
        let proof = try setup.git("ls-remote", url)
        #expect(proof.status == 128)
        #expect(proof.stderr == "fatal: unable to access '\(url)/': The requested URL returned error: 403\n", "\(proof.stderr)")
        let laptop = try setup.laptop(url)
        try expectRefusal(laptop, status: 77, message: "cannot sync with origin: the server does not let you read \(url) (HTTP 403): "
            + "ask the repository's owner for access, or check that the credentials are those of the right account")
    }

    @Test("404: a repository path the server does not have says there is no repository there and how to change the URL")
    func missingRepository() throws {
        let setup = try Setup()
        let url = setup.url("git", "nothere")
        let proof = try setup.git("ls-remote", url)
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("repository '\(url)/' not found"), "\(proof.stderr)")
        let laptop = try setup.laptop(url)
        try expectRefusal(laptop, status: 1, message: "cannot sync with origin: there is no repository at \(url) (HTTP 404): "
            + "check the path in the URL or create the repository on the server ('followup remote set-url origin URL' changes it)")
    }

    @Test("500: a failing server's own text is shown cleaned (no escapes, lines cut, at most three), and the status says try again later")
    func failingServer() throws {
        let setup = try Setup()
        let url = setup.url("failing")
        let proof = try setup.git("ls-remote", url)
        #expect(proof.status == 128)
        #expect(proof.stderr.contains("remote: \u{1B}[31mInternal error: the repository storage is offline.\u{1B}[0m"),
                "git passes the text on as it came: \(proof.stderr)")
        #expect(proof.stderr.contains("The requested URL returned error: 500"), "\(proof.stderr)")
        let laptop = try setup.laptop(url)
        let trace = "trace " + String(repeating: "x", count: 194) + "…"
        try expectRefusal(laptop, status: 75, message: "cannot sync with origin: the server at \(url) failed (HTTP 500, "
            + "remote: Internal error: the repository storage is offline. / Incident 7f3a: try again in a few minutes. / \(trace) / …): "
            + "try again later; if it keeps failing, tell the server's administrator (nothing is lost: the next sync completes this one)")
    }
}

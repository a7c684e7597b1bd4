import Foundation
import GitKit
import GitTestSupport
import Testing

@Suite("http(s) via lighttpd + git http-backend", .serialized)
struct HTTPTransportTests {
    static let user = "sync"
    static let token = "token-\(UUID().uuidString)"

    /// An https server requiring basic authentication, with the test environment's certificate.
    private func startHTTPS() throws -> GitServer {
        let environment = TestEnvironment.shared
        return try GitServer(.https, environment: [
            "GIT_SERVER_AUTH": "\(Self.user):\(Self.token)",
            "TLS_CERT": environment.certificate,
            "TLS_KEY": environment.certificateKey,
        ])
    }

    private func emptyRepository() throws -> (TemporaryDirectory, Repository) {
        let directory = try TemporaryDirectory("http-client")
        return (directory, try Repository(creatingBareAt: directory.path + "/local.git"))
    }

    @Test("push, fetch and listing over http://")
    func httpRoundTrip() throws {
        let server = try GitServer(.http)
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let elapsed = try TransportScenario(url: repo.url, serverRepository: repo.path).runRoundTrip()
        reportTiming("http://", elapsed)
    }

    @Test("push, fetch and listing over https:// with a user and token")
    func httpsRoundTrip() throws {
        let server = try startHTTPS()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let scenario = TransportScenario(
            url: repo.url, serverRepository: repo.path,
            credentials: [.userPassword(username: Self.user, password: Self.token)])
        let elapsed = try scenario.runRoundTrip()
        reportTiming("https://", elapsed)
    }

    @Test("a wrong token fails once with an authentication error instead of retrying forever")
    func wrongToken() throws {
        let server = try startHTTPS()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let (_, local) = try emptyRepository()
        let remote = try Remote(
            repository: local, url: repo.url, credentials: [.userPassword(username: Self.user, password: "wrong")])
        let error = try #require(throws: RemoteError.self) { try remote.fetch(refspecs: []) }
        guard case let .authenticationFailed(url, tried, _) = error else {
            Issue.record("expected authenticationFailed, got \(error)")
            return
        }
        showMessage("wrong token", error)
        #expect(url == repo.url)
        #expect(tried == ["user name sync with password/token"])
        #expect(!error.description.contains("wrong"), "the secret is not shown")
        #expect(error.description.contains("check the user name and token"))
    }

    @Test("no credentials for a server that requires them is an authentication error")
    func missingCredentials() throws {
        let server = try startHTTPS()
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let (_, local) = try emptyRepository()
        let error = try #require(throws: RemoteError.self) {
            try Remote(repository: local, url: repo.url).references()
        }
        guard case let .authenticationFailed(_, tried, hint) = error else {
            Issue.record("expected authenticationFailed, got \(error)")
            return
        }
        showMessage("no credentials", error)
        #expect(tried.isEmpty)
        #expect(hint.contains("none were configured"))
    }

    @Test("a certificate that does not name the host is rejected with a certificate error")
    func certificateMismatch() throws {
        let server = try startHTTPS()
        defer { server.stop() }
        _ = try server.createRepository("sync")
        // The certificate names DNS:localhost only.
        let url = server.urlPrefix.replacingOccurrences(of: "localhost", with: "127.0.0.1") + "sync.git"
        let (_, local) = try emptyRepository()
        let error = try #require(throws: RemoteError.self) {
            try Remote(
                repository: local, url: url, credentials: [.userPassword(username: Self.user, password: Self.token)]
            ).fetch(refspecs: [])
        }
        showMessage("certificate mismatch", error)
        guard case .certificateRejected = error else {
            Issue.record("expected certificateRejected, got \(error)")
            return
        }
    }

    @Test("a certificate from an authority that is not configured is rejected")
    func untrustedCertificate() throws {
        // Without TLS_CERT the script makes a fresh self-signed certificate nobody trusts.
        let server = try GitServer(.https)
        defer { server.stop() }
        let repo = try server.createRepository("sync")
        let (_, local) = try emptyRepository()
        let error = try #require(throws: RemoteError.self) {
            try Remote(repository: local, url: repo.url).fetch(refspecs: [])
        }
        showMessage("untrusted certificate", error)
        guard case .certificateRejected = error else {
            Issue.record("expected certificateRejected, got \(error)")
            return
        }
    }

    @Test("a repository the http server does not have is repositoryNotFound")
    func missingRepository() throws {
        let server = try GitServer(.http)
        defer { server.stop() }
        let (_, local) = try emptyRepository()
        let error = try #require(throws: RemoteError.self) {
            try Remote(repository: local, url: server.urlPrefix + "absent.git").fetch(refspecs: [])
        }
        showMessage("missing repository http://", error)
        guard case .repositoryNotFound = error else {
            Issue.record("expected repositoryNotFound, got \(error)")
            return
        }
    }
}

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

    @Test("a server failing with 500 is httpStatus; without a probe the status alone is said, never libgit2's call name")
    func serverFailureWithoutProbe() throws {
        let server = try GitServer(.http)
        defer { server.stop() }
        let url = server.urlPrefix.replacingOccurrences(of: "/git/", with: "/failing/") + "sync.git"
        let (_, local) = try emptyRepository()
        let error = try #require(throws: RemoteError.self) {
            try Remote(repository: local, url: url).fetch(refspecs: [])
        }
        showMessage("http 500 without probe", error)
        guard case let .httpStatus(failedURL, status, pushing, serverText) = error else {
            Issue.record("expected httpStatus, got \(error)")
            return
        }
        #expect(failedURL == url && status == 500 && !pushing && serverText.isEmpty)
        #expect(error.description == "the server at \(url) failed (HTTP 500): try again later; if it keeps failing, "
            + "tell the server's administrator")
    }

    @Test("the probe gets git's discovery request for the direction that failed, with the credentials offered; a probe's other status is not trusted")
    func probeRequest() throws {
        let server = try GitServer(.http, environment: ["GIT_SERVER_AUTH": "\(Self.user):\(Self.token)"])
        defer { server.stop() }
        _ = try server.createRepository("sync")
        let url = server.urlPrefix.replacingOccurrences(of: "/git/", with: "/read-only/") + "sync.git"
        let (_, local) = try emptyRepository()
        let remote = try Remote(repository: local, url: url, credentials: [.userPassword(username: Self.user, password: Self.token)])
        let requests = RequestLog()
        remote.httpProbe = { request in
            requests.append(request)
            return HTTPAnswer(status: 401, contentType: "text/plain", body: Data("a different story\n".utf8))
        }
        let error = try #require(throws: RemoteError.self) { try remote.push(refspecs: ["+refs/heads/none:refs/heads/none"]) }
        let request = try #require(requests.all.first)
        #expect(request.url == url + "/info/refs?service=git-receive-pack")
        #expect(request.username == Self.user && request.password == Self.token)
        guard case let .httpStatus(_, status, pushing, serverText) = error else {
            Issue.record("expected httpStatus, got \(error)")
            return
        }
        #expect(status == 403 && pushing && serverText.isEmpty, "the answer to a different question is not shown")
    }

    @Test("the server's text is shown as git shows it: text/plain only, no control characters or escapes, short, secrets masked")
    func serverTextIsCleaned() {
        let html = HTTPAnswer(status: 403, contentType: "text/html", body: Data("<h1>Forbidden</h1>".utf8))
        #expect(html.serverText(hiding: []).isEmpty)
        let body = "\u{1B}[1;31mdenied\u{1B}[0m\tfor  alice\u{07}\r\n\n  token s3cret was revoked \nthird\nfourth\n"
        let plain = HTTPAnswer(status: 403, contentType: "text/plain; charset=utf-8", body: Data(body.utf8))
        #expect(plain.serverText(hiding: ["s3cret"]) == ["denied for alice", "token *** was revoked", "third", "…"])
        let long = HTTPAnswer(status: 500, contentType: "text/plain", body: Data(String(repeating: "y", count: 500).utf8))
        #expect(long.serverText(hiding: [], maximumLineLength: 10) == ["yyyyyyyyyy…"])
    }

    @Test("the server's text is read in the charset it names; bytes that are not UTF-8 under none are read as Latin-1, not shown as replacement characters")
    func serverTextCharsets() {
        let latin1 = Data([0x41, 0x63, 0x63, 0xE8, 0x73, 0x20, 0x72, 0x65, 0x66, 0x75, 0x73, 0xE9])  // "Accès refusé"
        for type in ["text/plain; charset=ISO-8859-1", "text/plain;charset=\"latin1\"", "text/plain"] {
            #expect(HTTPAnswer(status: 403, contentType: type, body: latin1).serverText(hiding: []) == ["Accès refusé"], "\(type)")
        }
        let quotes = Data([0x93, 0x6E, 0x6F, 0x94, 0x20, 0x80, 0x35])  // “no” €5 in Windows-1252
        #expect(HTTPAnswer(status: 403, contentType: "text/plain; charset=windows-1252", body: quotes)
            .serverText(hiding: []) == ["\u{201C}no\u{201D} €5"])
        let utf8 = Data("Zugriff verweigert für alice".utf8)
        for type in ["text/plain; charset=utf-8", "text/plain"] {
            #expect(HTTPAnswer(status: 403, contentType: type, body: utf8).serverText(hiding: []) == ["Zugriff verweigert für alice"])
        }
    }
}

/// What a probe was asked, collected from its @Sendable closure.
private final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [HTTPDiscoveryRequest] = []
    func append(_ request: HTTPDiscoveryRequest) { lock.withLock { requests.append(request) } }
    var all: [HTTPDiscoveryRequest] { lock.withLock { requests } }
}

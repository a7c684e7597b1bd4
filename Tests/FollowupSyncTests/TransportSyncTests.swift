import FollowupCore
import Foundation
import GitKit
import GitTestSupport
import Testing
@testable import FollowupSync

/// The same sync over every transport a user can give, each against a real server on loopback.
@Suite("Sync over each transport", .serialized)
struct TransportSyncTests {
    static let user = "sync"
    static let token = "token-\(UUID().uuidString)"

    enum Transport: String, CaseIterable { case gitDaemon = "git://", http = "http://", https = "https://", ssh = "ssh://" }

    /// A running server, the URL of a fresh repository on it and the credentials that work.
    func serve(_ transport: Transport) throws -> (GitServer, String, [Credential]) {
        let environment = TestEnvironment.shared
        switch transport {
        case .gitDaemon:
            let server = try GitServer(.daemon)
            return (server, try server.createRepository("followup").url, [])
        case .http:
            let server = try GitServer(.http)
            return (server, try server.createRepository("followup").url, [])
        case .https:
            let server = try GitServer(.https, environment: [
                "GIT_SERVER_AUTH": "\(Self.user):\(Self.token)", "TLS_CERT": environment.certificate,
                "TLS_KEY": environment.certificateKey,
            ])
            return (server, try server.createRepository("followup").url, [.userPassword(username: Self.user, password: Self.token)])
        case .ssh:
            let server = try GitServer(.ssh)
            try environment.trustHostKeys(from: server.base + "/ssh/known_hosts")
            return (server, try server.createRepository("followup").url, [.sshKey(privateKey: server.base + "/ssh/client_ed25519")])
        }
    }

    @Test("two replicas converge", arguments: Transport.allCases)
    func converge(transport: Transport) throws {
        let (server, url, credentials) = try serve(transport)
        defer { server.stop() }
        let (_, _, laptop, desktop) = try twoMachines("transport", url: url, credentials: credentials)
        try laptop.addInterview("acme")
        try desktop.addInterview("globex")
        try laptop.sync()
        try desktop.log(.note, "globex")
        #expect(try desktop.sync().receivedTotal == 2)
        #expect(try laptop.sync().receivedTotal == 3)
        #expect(try laptop.export() == desktop.export())
    }

    @Test("a sync sending thousands of events commits every 8 segments, so a git server keeps the push as the pack it arrived in")
    func largePushKeptAsPack() throws {
        let server = try GitServer(.daemon)
        defer { server.stop() }
        let repository = try server.createRepository("followup")
        let (_, _, laptop, desktop) = try twoMachines("large-push", url: repository.url)
        let interview = try laptop.addInterview("acme")
        try laptop.store.appendBulk((0..<8_300).map { index in
            EventDraft(type: .noteAdded, interview: interview.id, occurred: interview.occurred + Int64(index),
                       payload: ["note": .string("note \(index)")])
        })
        let events = try laptop.store.eventCount
        #expect(try laptop.sync().sent == events)
        let segments = (events + 127) / 128
        let commits = try Shell.git(repository.path, "rev-list", "--count", "followup")
        #expect(commits == "\((segments + LogLayout.segmentsPerCommit - 1) / LogLayout.segmentsPerCommit)")
        // git keeps a pushed pack of 100 objects or more (transfer.unpackLimit) instead of
        // exploding it into loose objects that every later fetch would compress again.
        let objects = try Shell.git(repository.path, "count-objects", "-v")
        #expect(objects.contains("\ncount: 0\n") || objects.hasPrefix("count: 0\n"), "no loose objects: \(objects)")
        let received = try desktop.sync()
        #expect(received.receivedTotal == events && received.rejected.isEmpty)
        try laptop.sync()
        #expect(try laptop.export() == desktop.export())
    }

    @Test("a wrong https token is refused once with a clear error and nothing changes")
    func wrongToken() throws {
        let (server, url, _) = try serve(.https)
        defer { server.stop() }
        let directory = try TemporaryDirectory("token")
        let laptop = try Replica("laptop", in: directory, remoteURL: url,
                                 credentials: [.userPassword(username: Self.user, password: "wrong")])
        try laptop.addInterview("acme")
        let before = try laptop.export()
        let error = try #require(throws: SyncError.self) { try laptop.sync() }
        #expect(error.description.contains("authentication failed"))
        #expect(try laptop.export() == before)
    }

    @Test("an ssh server whose host key is not in known_hosts is refused with a clear error")
    func unknownHostKey() throws {
        let server = try GitServer(.ssh)
        defer { server.stop() }
        let url = try server.createRepository("followup").url.replacingOccurrences(of: "@127.0.0.1:", with: "@localhost:")
        let directory = try TemporaryDirectory("hostkey")
        let laptop = try Replica("laptop", in: directory, remoteURL: url,
                                 credentials: [.sshKey(privateKey: server.base + "/ssh/client_ed25519")])
        try laptop.addInterview("acme")
        let error = try #require(throws: SyncError.self) { try laptop.sync() }
        #expect(error.description.contains("known_hosts"))
    }
}

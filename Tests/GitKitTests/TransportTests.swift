import Foundation
import GitKit
import GitTestSupport
import Testing

/// Makes a served repository whose main branch is at a commit, plus a local repository with a
/// commit that does not descend from it (a concurrent writer's history).
private func divergedHistories(
    url: String, in directory: TemporaryDirectory
) throws -> (local: Repository, remote: Remote, pushed: ObjectID, sibling: ObjectID) {
    let local = try Repository(creatingBareAt: directory.path + "/local.git")
    let root = try local.commitFiles(["a": "root"], parent: nil)
    let pushed = try local.commitFiles(["a": "theirs"], parent: root)
    let sibling = try local.commitFiles(["a": "ours"], parent: root)
    let remote = try Remote(repository: local, url: url)
    try local.updateReference("refs/heads/main", to: pushed, expecting: nil, message: "test")
    try remote.push(refspecs: ["refs/heads/main:refs/heads/main"])
    try local.updateReference("refs/heads/main", to: sibling, expecting: pushed, message: "test")
    return (local, remote, pushed, sibling)
}

@Suite("Transports", .serialized)
struct TransportTests {
    @Suite("local path")
    struct LocalPath {
        @Test("push and fetch between two bare repositories by path")
        func roundTrip() throws {
            let directory = try TemporaryDirectory("path")
            let served = try Shell.run(["bash", GitServer.scriptDirectory + "/new-repo.sh", directory.path, "served"])
            let elapsed = try TransportScenario(url: served, serverRepository: served).runRoundTrip()
            reportTiming("path", elapsed)
        }

        @Test("a non-fast-forward push by path throws the distinguishable error")
        func nonFastForward() throws {
            let directory = try TemporaryDirectory("path")
            let served = try Shell.run(["bash", GitServer.scriptDirectory + "/new-repo.sh", directory.path, "served"])
            let setup = try divergedHistories(url: served, in: directory)
            let error = try #require(throws: RemoteError.self) {
                try setup.remote.push(refspecs: ["refs/heads/main:refs/heads/main"])
            }
            guard case .nonFastForward = error else { Issue.record("expected nonFastForward, got \(error)"); return }
            #expect(try Shell.git(served, "rev-parse", "refs/heads/main") == setup.pushed.hex)
        }
    }

    @Suite("git:// via git daemon", .serialized)
    struct GitDaemon {
        @Test("push, fetch and listing over git://")
        func roundTrip() throws {
            let server = try GitServer(.daemon)
            defer { server.stop() }
            let repo = try server.createRepository("sync")
            let elapsed = try TransportScenario(url: repo.url, serverRepository: repo.path).runRoundTrip()
            reportTiming("git://", elapsed)
        }

        @Test("a non-fast-forward push throws nonFastForward before anything is sent")
        func nonFastForward() throws {
            let server = try GitServer(.daemon)
            defer { server.stop() }
            let repo = try server.createRepository("sync")
            let directory = try TemporaryDirectory("daemon")
            let setup = try divergedHistories(url: repo.url, in: directory)
            let error = try #require(throws: RemoteError.self) {
                try setup.remote.push(refspecs: ["refs/heads/main:refs/heads/main"])
            }
            guard case let .nonFastForward(reference, detail) = error else {
                Issue.record("expected nonFastForward, got \(error)")
                return
            }
            showMessage("client-side non-fast-forward", error)
            #expect(reference == "refs/heads/main")
            #expect(!detail.hasPrefix("server:"), "refused on the client side")
            #expect(error.description.contains("fetch"))
            #expect(try Shell.git(repo.path, "rev-parse", "refs/heads/main") == setup.pushed.hex)
        }

        @Test("the server refusing a forced non-fast-forward push throws although git_remote_push returns 0")
        func serverRefusesForcedPush() throws {
            let server = try GitServer(.daemon)
            defer { server.stop() }
            let repo = try server.createRepository("sync")
            try Shell.git(repo.path, "config", "receive.denyNonFastForwards", "true")
            let directory = try TemporaryDirectory("daemon")
            let setup = try divergedHistories(url: repo.url, in: directory)
            let error = try #require(throws: RemoteError.self) {
                try setup.remote.push(refspecs: ["+refs/heads/main:refs/heads/main"])
            }
            guard case let .nonFastForward(reference, detail) = error else {
                Issue.record("expected nonFastForward from the server, got \(error)")
                return
            }
            #expect(reference == "refs/heads/main")
            showMessage("server-side non-fast-forward", error)
            #expect(detail.hasPrefix("server:"), "the refusal came through push_update_reference: \(detail)")
            #expect(try Shell.git(repo.path, "rev-parse", "refs/heads/main") == setup.pushed.hex)
        }

        @Test("a pre-receive hook refusing the push throws pushRejected")
        func hookRefuses() throws {
            let server = try GitServer(.daemon)
            defer { server.stop() }
            let repo = try server.createRepository("sync")
            let hook = repo.path + "/hooks/pre-receive"
            try "#!/bin/sh\necho 'sync is paused' >&2\nexit 1\n".write(toFile: hook, atomically: true, encoding: .utf8)
            try Shell.run(["chmod", "+x", hook])
            let directory = try TemporaryDirectory("daemon")
            let local = try Repository(creatingBareAt: directory.path + "/local.git")
            let commit = try local.commitFiles(["a": "1"], parent: nil)
            try local.updateReference("refs/heads/main", to: commit, expecting: nil, message: "test")
            let error = try #require(throws: RemoteError.self) {
                try Remote(repository: local, url: repo.url).push(refspecs: ["refs/heads/main:refs/heads/main"])
            }
            guard case let .pushRejected(reference, reason) = error else {
                Issue.record("expected pushRejected, got \(error)")
                return
            }
            #expect(reference == "refs/heads/main")
            showMessage("pre-receive hook", error)
            #expect(reason.contains("hook"))
            #expect(throws: Shell.Failure.self) { try Shell.git(repo.path, "rev-parse", "--verify", "refs/heads/main") }
        }

        @Test("connections go out without Nagle's delay (TCP_NODELAY), so a push does not wait on delayed acknowledgements")
        func noDelay() throws {
            let server = try GitServer(.daemon)
            defer { server.stop() }
            let repo = try server.createRepository("sync")
            let port = try #require(Int(server.urlPrefix.split(separator: ":").last!.trimmingCharacters(in: .punctuationCharacters)))
            let directory = try TemporaryDirectory("daemon")
            let local = try Repository(creatingBareAt: directory.path + "/local.git")
            let commit = try local.commitFiles(["a": "1"], parent: nil)
            try local.updateReference("refs/heads/main", to: commit, expecting: nil, message: "test")
            let remote = try Remote(repository: local, url: repo.url)
            var settings: [Int32] = []
            // Called while the connection is open: read the option off the socket talking to the server.
            remote.activity = { settings += connectedSockets(toPort: port).map(noDelaySetting) }
            try remote.push(refspecs: ["refs/heads/main:refs/heads/main"])
            #expect(!settings.isEmpty, "the push's connection was seen")
            #expect(settings.allSatisfy { $0 == 1 }, "TCP_NODELAY on every observation: \(settings)")
            #expect(try Shell.git(repo.path, "rev-parse", "refs/heads/main") == commit.hex)
        }

        @Test("a repository the git daemon does not serve is repositoryNotFound")
        func missingRepository() throws {
            let server = try GitServer(.daemon)
            defer { server.stop() }
            let directory = try TemporaryDirectory("daemon")
            let local = try Repository(creatingBareAt: directory.path + "/local.git")
            let error = try #require(throws: RemoteError.self) {
                try Remote(repository: local, url: server.urlPrefix + "absent.git").fetch(refspecs: [])
            }
            showMessage("missing repository git://", error)
            guard case .repositoryNotFound = error else { Issue.record("expected repositoryNotFound, got \(error)"); return }
            #expect(error.description.contains(server.urlPrefix + "absent.git"))
        }
    }

    @Suite("unreachable servers")
    struct Unreachable {
        @Test("a closed port fails quickly with an unreachable error", arguments: ["git", "http", "ssh"])
        func closedPort(scheme: String) throws {
            let port = try closedLoopbackPort()
            let url = switch scheme {
            case "http": "http://127.0.0.1:\(port)/git/sync.git"
            case "ssh": "ssh://git@127.0.0.1:\(port)/srv/sync.git"
            default: "git://127.0.0.1:\(port)/sync.git"
            }
            let directory = try TemporaryDirectory("unreachable")
            let local = try Repository(creatingBareAt: directory.path + "/local.git")
            var thrown: Error?
            let elapsed = seconds {
                do { try Remote(repository: local, url: url).fetch(refspecs: []) } catch { thrown = error }
            }
            let error = try #require(thrown as? RemoteError, "got \(String(describing: thrown))")
            guard case .unreachable = error else { Issue.record("expected unreachable, got \(error)"); return }
            showMessage("unreachable \(scheme)", error)
            #expect(error.description.contains("127.0.0.1:\(port)"))
            #expect(elapsed < 5)
        }
    }
}

/// This process's TCP sockets connected to `port` on loopback.
private func connectedSockets(toPort port: Int) -> [Int32] {
    (0..<Int32(1024)).filter { descriptor in
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        return named == 0 && address.sin_family == sa_family_t(AF_INET) && Int(UInt16(bigEndian: address.sin_port)) == port
    }
}

private func noDelaySetting(_ descriptor: Int32) -> Int32 {
    var value: Int32 = -1
    var length = socklen_t(MemoryLayout<Int32>.size)
    return getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0 ? value : -1
}

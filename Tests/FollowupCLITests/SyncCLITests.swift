import Foundation
import GitTestSupport
import Testing

@Suite("followup sync from the command line", .serialized)
struct SyncCLITests {
    @Test("sync reports what it sent and received, as text and as stable JSON")
    func reports() throws {
        let remote = try CLI.bareRemote()
        let laptop = try CLI.syncingMachine("laptop", remote: remote.path)
        let desktop = try CLI.syncingMachine("desktop", remote: remote.path)
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        let sent = try laptop.run("sync")
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent 2, received 0"))
        let received = try desktop.run("sync", "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(received.stdout.utf8)) as? [String: Any])
        #expect(report["received"] as? Int == 2)
        #expect((report["deviceNames"] as? [String: String])?.values.contains("laptop") == true)
        #expect(try laptop.run("sync").stdout.contains("received 1 (1 from desktop)"))
        #expect(try laptop.run("export").stdout == (try desktop.run("export").stdout))
    }

    @Test("remote commands refuse bad names and URLs clearly and change nothing", arguments: [
        (["remote", "add", "origin", "/tmp/x.git"], "exists already"),
        (["remote", "add", "bad name", "/tmp/x.git"], "not a remote name"),
        (["remote", "add", "other", "ftp://example.com/x"], "not a remote followup can use"),
        (["remote", "add", "other", "https://user:secret@example.com/x.git"], "do not put a password or token in the remote URL"),
        (["remote", "remove", "nowhere"], "no remote 'nowhere'"),
        (["sync", "nowhere"], "no remote 'nowhere'"),
    ])
    func badRemotes(arguments: [String], message: String) throws {
        let cli = try CLI.syncingMachine("laptop", remote: try CLI.bareRemote().path)
        let before = cli.snapshot()
        let result = try cli.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(cli.snapshot() == before)
    }

    @Test("a sync whose stderr has no reader any more (| head -1) still syncs and exits 0, without crashing")
    func closedStandardError() throws {
        let remote = try CLI.bareRemote()
        let laptop = try CLI.syncingMachine("laptop", remote: remote.path)
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        // The read end closed before the program starts: every write to stderr fails with EPIPE.
        let errors = Pipe()
        try errors.fileHandleForReading.close()
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["sync", "--verbose"]
        process.environment = laptop.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        try errors.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let listed = try Shell.run(["git", "-C", remote.path, "rev-parse", "--verify", "refs/heads/followup"])
        #expect(!listed.isEmpty)
        #expect(try laptop.run("sync").stdout.contains("sent 0, received 0"))
    }

    @Test("a damaged sync repository is named as such in one line, without libgit2's call names, and changes nothing; moved aside as the line says, the next sync rebuilds it and nothing is lost")
    func damagedSyncRepository() throws {
        let remote = try CLI.bareRemote()
        let laptop = try CLI.syncingMachine("laptop", remote: remote.path)
        let desktop = try CLI.syncingMachine("desktop", remote: remote.path)
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        #expect(try laptop.run("sync").status == 0)
        let repository = laptop.store.appendingPathComponent("sync.git").path
        try "garbage\n".write(toFile: repository + "/refs/heads/followup", atomically: true, encoding: .utf8)
        let before = laptop.snapshot()
        let failed = try laptop.run("sync")
        #expect(failed.status == 1)
        #expect(failed.stderr == "followup: the store's sync repository failed: corrupted loose reference file: refs/heads/followup; "
            + "it holds only a copy of the synced log: move it aside (mv \(repository) \(repository).broken) and sync again "
            + "to rebuild it from the store and the remote\n")
        #expect(laptop.snapshot() == before)

        // The remedy: events logged since the damage reach the remote, and the desktop gets everything.
        #expect(rename(repository, repository + ".broken") == 0)
        try laptop.run("log", "note", "acme", "--note", "after the damage")
        let rebuilt = try laptop.run("sync")
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try desktop.run("sync").status == 0)
        #expect(try laptop.run("sync").status == 0)
        #expect(try laptop.run("export").stdout == desktop.run("export").stdout)
        #expect(try desktop.run("timeline", "acme").stdout.contains("after the damage"))
    }

    @Test("a sync killed at random moments is completed by the next one; nothing is lost")
    func killedSyncIsRepaired() throws {
        // Over git://, as a hosted remote: the server cleans up after a client killed mid-push.
        let server = try GitServer(.daemon)
        defer { server.stop() }
        let url = try server.createRepository("killed").url
        let laptop = try CLI.syncingMachine("laptop", remote: url)
        let desktop = try CLI.syncingMachine("desktop", remote: url)
        try laptop.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        var random = SystemRandomNumberGenerator()
        for trial in 0..<12 {
            try laptop.run("log", "note", "acme", "--note", "trial \(trial)")
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["sync"]
            process.environment = laptop.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Fault injection, not waiting for anything: the kill lands anywhere in the sync.
            usleep(UInt32.random(in: 0..<40_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try laptop.run("verify").status == 0, "trial \(trial)")
        }
        let repair = try laptop.run("sync")
        #expect(repair.status == 0, "repair failed: \(repair.stderr)")
        #expect(try desktop.run("sync").status == 0)
        #expect(try laptop.run("sync").status == 0)
        let events = try laptop.run("export").stdout
        #expect(events == (try desktop.run("export").stdout))
        #expect(events.components(separatedBy: "\"type\":\"note-added\"").count - 1 == 12)
    }

    @Test("a remote that accepts the connection and then says nothing ends the sync after FOLLOWUP_SYNC_TIMEOUT with one clear line")
    func silentRemote() throws {
        // A real TCP server on loopback that accepts every connection and never answers.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-c", """
            import socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
            print(s.getsockname()[1], flush=True)
            held = []
            while True:
                held.append(s.accept()[0])
            """]
        let out = Pipe()
        server.standardOutput = out
        try server.run()
        defer {
            // SIGKILL: the test runner's threads block SIGTERM, and its children inherit the mask.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        let port = try #require(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)))
        var laptop = try CLI.syncingMachine("laptop", remote: "git://127.0.0.1:\(port)/silent.git")
        laptop.environment["FOLLOWUP_SYNC_TIMEOUT"] = "1"
        let before = laptop.snapshot()
        let started = Date()
        let result = try laptop.run("sync")
        #expect(result.status == 75)
        #expect(result.stderr == "followup: cannot sync with origin: no answer from git://127.0.0.1:\(port)/silent.git for 1 s; "
            + "check the network and the remote, then sync again (nothing is lost: the next sync completes this one)\n")
        #expect(Date().timeIntervalSince(started) < 30, "the sync must not wait for the kernel's TCP timeout")
        // The same files with the same bytes (opening the store may leave an empty WAL behind).
        #expect(laptop.snapshot().map { $0?.isEmpty == true ? nil : $0 } == before)

        laptop.environment["FOLLOWUP_SYNC_TIMEOUT"] = "soon"
        let refused = try laptop.run("sync")
        #expect(refused.status == 64)
        #expect(refused.stderr == "followup: FOLLOWUP_SYNC_TIMEOUT must be a number of seconds above 0, like 60\n")
    }
}

import Foundation
import GitTestSupport
import Testing

/// The remote URL forms git accepts, and what a user is told about ones that cannot work.
@Suite("remote URLs as git takes them")
struct RemoteURLCLITests {
    @Test("remote add takes scp-like and ssh:// URLs with or without a user, and a user name in https, unchanged",
          arguments: ["mynas:/srv/log.git", "me@mynas:log.git", "ssh://mynas/srv/log.git", "git+ssh://me@host:2222/x.git",
                      "https://me@git.example.com/me/log.git"])
    func acceptsGitForms(url: String) throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        let added = try cli.run("remote", "add", "origin", url)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "origin\t\(url)\n")
        #expect(added.stderr.isEmpty)
    }

    @Test("a password in a URL is refused, whatever the scheme, and nothing is stored",
          arguments: ["https://me:secret@git.example.com/x.git", "ssh://me:secret@host/x.git", "http://:token@host/x.git"])
    func refusesSecrets(url: String) throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        try cli.expectRefused(["remote", "add", "origin", url], status: 64, message: "do not put a password or token in the remote URL")
        #expect(try cli.run("remote", "list").stdout.contains("no remotes"))
    }

    @Test("remote add of a path that does not exist warns; a sync to it says it does not exist, not 'unsupported URL protocol'")
    func missingPath() throws {
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        let path = FileManager.default.temporaryDirectory.path + "/followup-absent-\(UUID().uuidString).git"
        let added = try cli.run("remote", "add", "origin", path)
        #expect(added.status == 0)
        #expect(added.stderr.contains("warning: \(path) does not exist yet"), "\(added.stderr)")
        let before = cli.snapshot()
        let synced = try cli.run("sync")
        #expect(synced.status == 1)
        #expect(synced.stderr == "followup: cannot sync with origin: there is no repository at \(path) (\(path) does not exist): "
            + "check the path in the URL or create the repository on the server ('followup remote set-url origin URL' changes it)\n")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(cli.snapshot() == before)
    }

    @Test("remote remove and remote add of a copy one sync behind is no false 'history rewritten'; the copy gets what it lacks")
    func replacedRemoteIsNotARewrite() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/followup-replaced-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = directory + "/original.git", copy = directory + "/copy.git"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let initialised = try Shell.capture(["git", "init", "-q", "--bare", original])
        #expect(initialised.status == 0)
        let cli = CLI()
        #expect(try cli.run("init", "--device", "laptop").status == 0)
        #expect(try cli.run("remote", "add", "origin", original).status == 0)
        try cli.run("interview", "add", "acme", "--company", "Acme", "--role", "Eng", "--at", "1d ago")
        #expect(try cli.run("sync").status == 0)
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        try cli.run("log", "note", "acme", "--note", "after the copy")
        #expect(try cli.run("sync").stdout.contains("sent 1"))

        #expect(try cli.run("remote", "remove", "origin").status == 0)
        #expect(try cli.run("remote", "add", "origin", copy).status == 0)
        let synced = try cli.run("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(!synced.stdout.contains("rewritten"), "\(synced.stdout)")
        #expect(synced.stdout.contains("synced with origin"))
        let inCopy = try Shell.run(["git", "-C", copy, "rev-parse", "refs/heads/followup"])
        let inOriginal = try Shell.run(["git", "-C", original, "rev-parse", "refs/heads/followup"])
        #expect(inCopy == inOriginal, "the copy now holds the same history")
    }
}

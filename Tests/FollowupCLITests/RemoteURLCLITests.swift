import Foundation
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
            + "check the path in the URL or create the repository on the server\n")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(cli.snapshot() == before)
    }
}

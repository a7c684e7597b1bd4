import Foundation
import Testing

extension CLI {
    /// A bare repository made by the git CLI, standing in for the user's hosted remote.
    static func bareRemote() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("followup-remote-\(UUID().uuidString).git")
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        git.arguments = ["init", "-q", "--bare", url.path]
        try git.run()
        git.waitUntilExit()
        #expect(git.terminationStatus == 0)
        return url
    }

    /// A new store of device `name` whose remote `origin` is `remote`: one of the machines a
    /// sync test syncs.
    static func syncingMachine(_ name: String, remote: String) throws -> CLI {
        let cli = CLI()
        #expect(try cli.run("init", "--device", name).status == 0)
        #expect(try cli.run("remote", "add", "origin", remote).status == 0)
        return cli
    }
}

import Foundation
import Testing

extension CLI {
    /// Runs followup with `input` on stdin.
    func run(_ arguments: [String], input: String) throws -> Result {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.environment = environment
        let inPipe = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = inPipe
        process.standardOutput = out
        process.standardError = err
        try process.run()
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite("followup encrypt and key")
struct KeyCLITests {
    @Test("a key exported with a passphrase imports on another machine; a wrong passphrase changes nothing")
    func exportAndImport() throws {
        var laptop = CLI()
        laptop.environment["FOLLOWUP_PASSPHRASE"] = "correct horse battery"
        let created = try laptop.run("init", "--device", "laptop", "--encrypt")
        #expect(created.status == 0 && created.stdout.contains("sync is now encrypted with key"))
        let keyFile = laptop.store.path + "-key.json"
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let exported = try laptop.run("key", "export", "--out", keyFile)
        #expect(exported.status == 0, "\(exported.stderr)")
        let written = try #require(FileManager.default.contents(atPath: keyFile))
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        // Never overwritten.
        let again = try laptop.run("key", "export", "--out", keyFile)
        #expect(again.status == 64 && again.stderr.contains("exists already; choose another file"))
        #expect(FileManager.default.contents(atPath: keyFile) == written)

        var desktop = CLI()
        #expect(try desktop.run("init", "--device", "desktop").status == 0)
        desktop.environment["FOLLOWUP_PASSPHRASE"] = "not the passphrase"
        let before = desktop.snapshot()
        let refused = try desktop.run("key", "import", keyFile)
        #expect(refused.status == 65)
        #expect(refused.stderr == "followup: wrong passphrase for this key file (or the file was altered); try again; nothing was changed\n")
        #expect(desktop.snapshot() == before)
        #expect(try desktop.run("encrypt", "status").stdout.contains("sync is not encrypted"))

        desktop.environment["FOLLOWUP_PASSPHRASE"] = "correct horse battery"
        let imported = try desktop.run("key", "import", keyFile)
        #expect(imported.status == 0 && imported.stdout.contains("imported 1 key"), "\(imported.stderr)")
        let laptopKeys = try laptop.run("key", "list").stdout
        #expect(try desktop.run("key", "list").stdout == laptopKeys)
    }

    @Test("the printed form moves a key through stdin, and a mistyped one is refused with the store unchanged")
    func printedForm() throws {
        let laptop = CLI()
        #expect(try laptop.run("init", "--device", "laptop", "--encrypt").status == 0)
        let text = try laptop.run("key", "export", "--text").stdout
        #expect(text.hasPrefix("followup-key "))
        let desktop = CLI()
        #expect(try desktop.run("init", "--device", "desktop").status == 0)
        let before = desktop.snapshot()
        let typo = text.replacingOccurrences(of: "-", with: "-X", options: [], range: text.range(of: " ", options: .backwards).map { $0.upperBound..<text.endIndex })
        let refused = try desktop.run(["key", "import", "-"], input: typo)
        #expect(refused.status == 65 && refused.stderr.contains("check it for typos"), "\(refused.stderr)")
        #expect(desktop.snapshot() == before)
        let imported = try desktop.run(["key", "import", "-"], input: text)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try desktop.run("encrypt", "status", "--json").stdout.contains("\"encrypted\": true"))
    }

    @Test("key and encrypt commands refuse what does not apply, with the store unchanged", arguments: [
        (["key", "rotate"], false, 64, "this store does not encrypt its sync; turn it on with 'followup encrypt enable'"),
        (["key", "export", "--text"], false, 64, "this store has no sync key to export; 'followup encrypt enable' makes one"),
        (["encrypt", "enable"], true, 64, "this store already encrypts its sync; 'followup key rotate' makes a new key"),
        (["key", "export"], true, 64, "a passphrase is needed: run at a terminal, or set FOLLOWUP_PASSPHRASE, or pass --passphrase-file FILE"),
        (["key", "import", "/nonexistent/key.json"], true, 64, "cannot read the key file /nonexistent/key.json; check the path"),
    ])
    func refusals(arguments: [String], encrypted: Bool, status: Int32, message: String) throws {
        let cli = CLI()
        #expect(try cli.run(encrypted ? ["init", "--device", "laptop", "--encrypt"] : ["init", "--device", "laptop"]).status == 0)
        let before = cli.snapshot()
        let result = try cli.run(arguments, input: "")
        #expect(result.status == status)
        #expect(result.stderr == "followup: \(message)\n")
        #expect(cli.snapshot() == before)
    }
}

import Foundation
import Testing

/// A regression found by the hostile-input campaign (torture/hostile.py).
@Suite("Command-line arguments that are not UTF-8")
struct ArgumentEncodingTests {
    /// Runs followup through sh, whose printf can put bytes into an argument that a Swift
    /// String cannot hold.
    func runWithRawBytes(_ cli: CLI, note octalEscapes: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" log note acme-onsite --note \"$(printf '\(octalEscapes)')\"", CLI.executable.path]
        process.environment = cli.environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("a note typed in Latin-1 is refused, not stored with replacement characters")
    func latin1NoteRefused() throws {
        let cli = CLI()
        try cli.setUp()
        let before = cli.snapshot()
        let result = try runWithRawBytes(cli, note: "caf\\351 cr\\350me")
        #expect(result.status == 64)
        #expect(result.stderr == "followup: argument 5 is not UTF-8 text; set a UTF-8 locale (LANG=C.UTF-8) and type it again\n")
        #expect(cli.snapshot() == before)
    }

    @Test("the same note in UTF-8 is logged")
    func utf8NoteLogged() throws {
        let cli = CLI()
        try cli.setUp()
        let result = try runWithRawBytes(cli, note: "caf\\303\\251")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try cli.run("export").stdout.contains("\"note\":\"café\""))
    }
}

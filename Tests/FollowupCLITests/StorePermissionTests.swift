import Foundation
import Testing

/// A regression found by the fault campaign (torture/faults.py): another user was told the
/// store did not exist and to run 'followup init'.
@Suite("A store another user cannot open")
struct StorePermissionTests {
    @Test("a user who may not enter the store directory is told so, not that there is no store",
          .enabled(if: getuid() == 0, "switching to another user needs root"))
    func permissionDenied() throws {
        let cli = CLI()
        try cli.setUp()
        let before = cli.snapshot()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", CLI.executable.path, "status"]
        process.environment = cli.environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        #expect(stderr == "followup: database error: cannot open the store at \(cli.store.path): permission denied; run followup as the user who owns it\n")
        #expect(cli.snapshot() == before)
    }
}

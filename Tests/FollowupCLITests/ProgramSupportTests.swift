import ArgumentParser
import FollowupCLI
@testable import FollowupCore
import Foundation
@testable import ProgramSupport
import Testing

@Suite("What the three programs share: input files and error reports")
struct ProgramSupportTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("followup-support-\(UUID().uuidString)")

    func file(_ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(UUID().uuidString)
        try Data(bytes).write(to: url)
        return url.path
    }

    func problem(_ path: String, maximumBytes: Int) -> TextInput.Problem? {
        var seen: TextInput.Problem?
        _ = try? TextInput.read(path, maximumBytes: maximumBytes) { problem in
            seen = problem
            return "refused"
        }
        return seen
    }

    @Test("a file up to the cap is read as UTF-8; one byte more, other bytes, a directory or no file are refused")
    func cappedUTF8() throws {
        let text = "thank you, Jané"
        let exact = try file(Array(text.utf8))
        #expect(try TextInput.read(exact, maximumBytes: text.utf8.count) { _ in "refused" } == text)
        #expect(problem(exact, maximumBytes: text.utf8.count - 1) == .tooLarge)
        #expect(problem(try file([0x61, 0xFF, 0x62]), maximumBytes: 10) == .notUTF8)
        #expect(problem(directory.path, maximumBytes: 10) == .unreadable)
        #expect(problem(directory.appendingPathComponent("absent").path, maximumBytes: 10) == .unreadable)
        #expect(throws: InputRefused(message: "no such file")) {
            try TextInput.read(directory.appendingPathComponent("absent").path, maximumBytes: 10) { _ in "no such file" }
        }
        #expect(InputRefused(message: "x").exitStatus == 64)
    }

    @Test("core errors get their command-line wording and the exit statuses docs/cli.md lists")
    func storeErrorReports() {
        func report(_ error: Error) -> FailureReport? { FailureReport(error, command: Followup.self) }
        #expect(report(StoreError.notAStore(path: "/s")) == FailureReport(
            message: "/s is not a followup store (no followup.sqlite); run 'followup init' or pass --store DIR", exitStatus: 66))
        #expect(report(StoreError.alreadyAStore(path: "/s")) == FailureReport(
            message: "/s already holds a followup store; use it, or pass --store DIR for a new one", exitStatus: 65))
        #expect(report(StoreError.futureAction("2026-12-01 10:00"))?.message
                == "the action is dated 2026-12-01 10:00, in the future; only interviews may be in the future, so give --at a past time")
        #expect(report(StoreError.database("disk I/O error\nmore"))
                == FailureReport(message: "database error: disk I/O error", exitStatus: 74))
        #expect(report(SealingError.tampered(keyID: "k"))?.message?.hasSuffix("; nothing was changed") == true)
        #expect(report(SealingError.notAPrintedKey(line: 2))?.message == "line 2 is not a printed key ('followup-key <id> "
                + "<created> <key>'); copy it again from 'followup key export --text'; nothing was changed")
        #expect(report(SealingError.noPrintedKey)?.message
                == "no key found in the input; paste the output of 'followup key export --text'; nothing was changed")
        #expect(report(DraftError(placeholder: "name", ref: "acme"))?.message
                == "the template uses {name}, but the draft has no named recipient (give --to NAME)")
        #expect(report(ExitCode(3)) == FailureReport(message: nil, exitStatus: 3))
        #expect(report(ValidationError("bad value")) == FailureReport(message: "bad value", exitStatus: 64))
        #expect(report(CleanExit.helpRequest()) == nil)
    }
}

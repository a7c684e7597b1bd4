import Foundation
import Testing

extension CLI {
    /// The repository's root, for its scripts/.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A `--now` just after the test's own edits: `--now` shows the state as of then, and an
    /// edit, retraction or setting counts from when it was made (today), not from its `--at`.
    static let afterEdits = "+1h"

    /// Writes `text` to a new file in the store's directory and returns its path.
    func file(_ text: String, named name: String = "input-\(UUID().uuidString).txt") throws -> String {
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        let url = store.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `python3 scripts/NAME ARGUMENTS…` with this CLI's environment; returns status and stdout.
    func script(_ name: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [CLI.root.appendingPathComponent("scripts/\(name)").path] + arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout)
    }

    /// Bad input: refused with `status`, one line on stderr containing `message`, nothing on
    /// stdout, and the store's files exactly as they were.
    func expectRefused(_ arguments: [String], status: Int32, message: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = snapshot()
        let result = try run(arguments)
        #expect(result.status == status, sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(snapshot() == before, sourceLocation: sourceLocation)
    }
}

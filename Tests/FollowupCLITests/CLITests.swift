import Foundation
import Testing

/// Runs the real `followup` executable, as a user or a script would.
struct CLI {
    static let executable: URL = {
        let here = URL(fileURLWithPath: try! FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        return here.deletingLastPathComponent().appendingPathComponent("followup")
    }()

    let store: URL
    var environment: [String: String] = ["TZ": "Europe/Berlin", "PATH": "/usr/bin:/bin"]

    init() {
        store = FileManager.default.temporaryDirectory.appendingPathComponent("followup-cli-\(UUID().uuidString)")
        environment["FOLLOWUP_HOME"] = store.path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    @discardableResult
    func run(_ arguments: String...) throws -> Result { try run(arguments) }

    func run(_ arguments: [String]) throws -> Result {
        try CLI.launch(CLI.executable, arguments, environment: environment)
    }

    /// Runs any program to completion with exactly `environment`; its status and both outputs.
    static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The store's files, to prove a refused command changed nothing.
    func snapshot() -> [Data?] {
        ["followup.sqlite", "followup.sqlite-wal", "device.key"].map {
            FileManager.default.contents(atPath: store.appendingPathComponent($0).path)
        }
    }

    func setUp() throws {
        #expect(try run("init", "--device", "laptop").status == 0)
        let added = try run("interview", "add", "acme-onsite", "--company", "Acme", "--role", "iOS Engineer",
                            "--at", "2d ago", "--duration", "45m", "--interviewer", "Jane Doe <jane@acme.example>",
                            "--point", "offline sync")
        #expect(added.status == 0, "\(added.stderr)")
    }
}

@Suite("followup command line")
struct CLITests {
    @Test("log prints the new event's id and due --json follows the documented contract")
    func happyPath() throws {
        let cli = CLI()
        try cli.setUp()
        let due = try cli.run("due", "--json")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(due.stdout.utf8)) as? [[String: Any]])
        let thankYou = try #require(items.first { $0["action"] as? String == "thank-you" })
        #expect(thankYou["ref"] as? String == "acme-onsite")
        #expect(thankYou["overdue"] as? Bool == true)
        #expect((thankYou["dueAt"] as? String)?.hasSuffix("Z") == true)
        #expect(thankYou["reason"] is String)

        let logged = try cli.run("log", "thank-you", "acme", "--to", "Jane", "--at", "1d ago")
        #expect(logged.status == 0)
        let id = logged.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 36)
        let after = try cli.run("due", "--json")
        #expect(!after.stdout.contains("\"thank-you\""))

        let status = try cli.run("status", "--json")
        let states = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(states.first?["state"] as? String == "active")
        #expect(try cli.run("timeline").stdout.contains("BACKDATED"))
        #expect(try cli.run("verify").status == 0)
        #expect(try cli.run("replay").stdout.contains("matches the log"))
    }

    @Test("each bad input gets one line on stderr, a non-zero status, and the store unchanged", arguments: [
        (["log", "thank-you", "acme", "--at", "blursday"], 64, "cannot read 'blursday' as a date"),
        (["log", "thank-you", "nope"], 65, "no interview 'nope'"),
        (["log", "wave", "acme"], 64, "unknown action 'wave'"),
        (["log", "outcome", "acme", "maybe"], 64, "unknown outcome 'maybe'"),
        (["log", "check-in", "acme", "--at", "tomorrow"], 64, "in the future"),
        (["log", "qualifications", "acme"], 64, "needs --point"),
        (["log", "response", "acme", "--point", "x"], 64,
         "followup: --point is for qualifications, or a message that also elaborated on a point: thank-you, handwritten-note, check-in, next-steps, qualifications\n"),
        (["log", "check-in", "acme", "--decision-by", "friday"], 64, "followup: --decision-by is only for next-steps and response\n"),
        (["log", "thank-you", "acme", "offer"], 64, "followup: unexpected argument 'offer' after the ref\n"),
        (["log", "outcome", "acme"], 64, "followup: say the outcome: followup log outcome acme <offer|rejected|withdrawn|accepted|ghosted>\n"),
        (["log", "note", "acme", "--body", "/etc/hostname"], 64, "followup: note needs --note TEXT\n"),
        (["interview", "add", "acme-onsite", "--company", "X", "--role", "Y", "--at", "now"], 65, "exists already"),
        (["interview", "add", "other", "--company", "", "--role", "Y", "--at", "now"], 64, "company must not be empty"),
        (["interview", "add", "other", "--company", "X", "--role", "Y", "--at", "now", "--duration", "3 days"], 64, "--duration"),
        (["retract", "0000dead"], 65, "no event '0000dead'"),
        (["config", "set", "ghosted.days", "soon"], 64, "not a valid value"),
        (["config", "set", "colour", "blue"], 64, "unknown setting 'colour'"),
        (["init"], 65, "already holds a followup store"),
    ])
    func badInput(arguments: [String], status: Int32, message: String) throws {
        let cli = CLI()
        try cli.setUp()
        let before = cli.snapshot()
        let result = try cli.run(arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
        #expect(cli.snapshot() == before)
    }

    @Test("a thank-you to someone who was not an interviewer warns but is logged")
    func strangerWarns() throws {
        let cli = CLI()
        try cli.setUp()
        let result = try cli.run("log", "thank-you", "acme", "--to", "Carol")
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: 'Carol' is not an interviewer"))
        #expect(try cli.run("timeline", "--json").stdout.contains("Carol"))
    }

    @Test("a directory that is not a store and a damaged database are refused clearly")
    func notAStore() throws {
        var cli = CLI()
        try FileManager.default.createDirectory(at: cli.store, withIntermediateDirectories: true)
        let result = try cli.run("due")
        #expect(result.status == 66)
        #expect(result.stderr.contains("is not a followup store"))

        cli = CLI()
        try cli.setUp()
        try Data("this is not sqlite".utf8 + Data(repeating: 0, count: 4096))
            .write(to: cli.store.appendingPathComponent("followup.sqlite"))
        try? FileManager.default.removeItem(at: cli.store.appendingPathComponent("followup.sqlite-wal"))
        let before = cli.snapshot()
        let damaged = try cli.run("status")
        #expect(damaged.status == 74)
        #expect(damaged.stderr.contains("damaged or not a followup database"))
        #expect(cli.snapshot() == before)
    }

    @Test("many followup processes logging into one store at once all succeed")
    func concurrentProcesses() throws {
        let cli = CLI()
        try cli.setUp()
        let processes = 8, each = 4
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: processes) { _ in
            for _ in 0..<each {
                let result = try? cli.run("log", "note", "acme", "--note", "n")
                if result?.status != 0 { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        let export = try cli.run("export", "--format", "json")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 2 + processes * each)
        #expect(try cli.run("verify").status == 0)
    }

    @Test("the export validates against the published JSON schema (checked by python jsonschema)")
    func schema() throws {
        let cli = CLI()
        try cli.setUp()
        try cli.run("log", "next-steps", "acme", "--decision-by", "friday")
        try cli.run("log", "outcome", "acme", "offer")
        try cli.run("config", "set", "check-in.default-days", "10")
        let exportFile = cli.store.appendingPathComponent("export.json")
        try Data(try cli.run("export").stdout.utf8).write(to: exportFile)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [root.appendingPathComponent("scripts/check-event-schema.py").path, exportFile.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("export is canonical: the same log prints the same bytes, and csv has a row per event")
    func export() throws {
        let cli = CLI()
        try cli.setUp()
        let first = try cli.run("export").stdout
        #expect(first == (try cli.run("export", "--format", "json").stdout))
        let csv = try cli.run("export", "--format", "csv").stdout
        #expect(csv.split(separator: "\n").count == 3)
        #expect(csv.hasPrefix("id,device,seq,recorded"))
    }
}

/// A value shared between threads.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

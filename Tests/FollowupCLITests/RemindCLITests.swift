import Foundation
import GitTestSupport
import Testing

/// `followup remind` with a real notification daemon (dunst under Xvfb, on its own session bus),
/// and the units `remind install` writes checked by systemd itself.
@Suite("desktop reminders")
struct RemindCLITests {
    struct Session {
        var statuses: [Int32]
        var outputs: [String]
        var errors: [String]
        /// Each notification's (app name, summary, body), as `dunstctl history` lists them.
        var history: [(app: String, summary: String, body: String)]
    }

    /// Runs `followup ARGUMENTS` twice in one desktop session (scripts/desktop-session.sh).
    func twiceInDesktop(_ cli: CLI, _ arguments: [String]) throws -> Session {
        let out = cli.store.path + "-desktop"
        var environment = cli.environment
        environment["PATH"] = "/usr/bin:/bin"
        try Shell.run(["dbus-run-session", "--", "bash", CLI.root.appendingPathComponent("scripts/desktop-session.sh").path, out,
                       CLI.executable.path] + arguments, environment: environment)
        func read(_ name: String) -> String { (try? String(contentsOfFile: out + "/" + name, encoding: .utf8)) ?? "" }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read("history.json").utf8)) as? [String: Any])
        let entries = ((json["data"] as? [[Any]])?.first as? [[String: Any]]) ?? []
        func field(_ entry: [String: Any], _ key: String) -> String { (entry[key] as? [String: Any])?["data"] as? String ?? "" }
        return Session(
            statuses: [1, 2].map { Int32(read("run\($0).status").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 },
            outputs: [read("run1.out"), read("run2.out")], errors: [read("run1.err"), read("run2.err")],
            history: entries.map { (field($0, "appname"), field($0, "summary"), field($0, "body")) })
    }

    @Test("remind shows each due item once: dunst's history lists every one exactly once across two runs")
    func eachOnce() throws {
        let cli = CLI()
        try cli.setUp()
        let due = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("due", "--all", "--json").stdout.utf8)) as? [[String: Any]])
        let now = Date()
        let expected = due.filter {
            guard let text = $0["dueAt"] as? String, let dueAt = ISO8601DateFormatter().date(from: text) else { return false }
            return dueAt <= now.addingTimeInterval(2 * 3600)
        }
        #expect(!expected.isEmpty)
        let session = try twiceInDesktop(cli, ["remind", "--within", "2h"])
        #expect(session.statuses == [0, 0], "\(session.errors)")
        #expect(session.outputs[0].contains("reminded \(expected.count)"))
        #expect(session.outputs[1].contains("nothing new to remind"))
        #expect(session.history.count == expected.count)
        #expect(session.history.allSatisfy { $0.app == "followup" })
        #expect(Set(session.history.map(\.summary)).count == expected.count)
        for item in expected {
            #expect(session.history.contains { $0.body == item["reason"] as? String })
        }
        #expect(session.history.contains { $0.summary == "Thank-you to Jane Doe — Acme (acme-onsite)" })
    }

    @Test("without a notification service remind fails with one line, and remembers nothing, so the next run shows them")
    func noNotificationService() throws {
        let cli = CLI()
        try cli.setUp()
        var headless = cli
        headless.environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
        headless.environment["DISPLAY"] = nil
        try headless.expectRefused(["remind"], status: 64, message: "cannot show a notification")
        let session = try twiceInDesktop(cli, ["remind"])
        #expect(session.statuses == [0, 0])
        #expect(!session.history.isEmpty)
    }

    @Test("--within that is not a length is refused with the store unchanged")
    func badWithin() throws {
        let cli = CLI()
        try cli.setUp()
        try cli.expectRefused(["remind", "--within", "soon"], status: 64, message: "--within: 'soon' is not a length")
    }

    @Test("remind install writes a service and a Persistent timer that systemd-analyze verify accepts; uninstall removes them")
    func installUnits() throws {
        var cli = CLI()
        try cli.setUp()
        let config = cli.store.path + "-config"
        cli.environment["XDG_CONFIG_HOME"] = config
        cli.environment["XDG_RUNTIME_DIR"] = nil
        let installed = try cli.run("remind", "install", "--systemd")
        #expect(installed.status == 0, "\(installed.stderr)")
        let units = config + "/systemd/user"
        let service = try String(contentsOfFile: units + "/followup-remind.service", encoding: .utf8)
        let timer = try String(contentsOfFile: units + "/followup-remind.timer", encoding: .utf8)
        #expect(timer.contains("Persistent=true"))
        #expect(service.contains("ExecStart=\(CLI.executable.path) remind --store \(cli.store.path)"))
        // systemd's own checker, on the written files (it needs the service beside the timer).
        let verified = try Shell.run(["systemd-analyze", "verify", "--man=no", units + "/followup-remind.service",
                                      units + "/followup-remind.timer"])
        #expect(!verified.contains("rror"))

        // No user instance and no --systemd: the crontab line instead, nothing written.
        let cron = try cli.run("remind", "install")
        #expect(cron.stdout.contains("*/15 * * * * \(CLI.executable.path) remind --store \(cli.store.path)"))

        let removed = try cli.run("remind", "uninstall")
        #expect(removed.status == 0)
        #expect(!FileManager.default.fileExists(atPath: units + "/followup-remind.service"))
        #expect(!FileManager.default.fileExists(atPath: units + "/followup-remind.timer"))
    }
}

import Foundation
import GitTestSupport
import Testing

/// `followup calendar` against a real Radicale on loopback, read back with a plain client
/// (scripts/caldav-events.py: urllib and icalendar).
@Suite("calendar push to Radicale")
struct CalDAVCLITests {
    struct Setup {
        let cli: CLI
        let server: CalDAVServer
        let url: String
    }

    /// A store with the usual interview and a calendar on a fresh Radicale.
    func setUp() throws -> Setup {
        let cli = CLI()
        try cli.setUp()
        let server = try CalDAVServer()
        let url = server.collection("followup")
        let passwordFile = server.base + "/password"
        try Data((server.password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        let added = try cli.run("calendar", "add", url, "--user", server.user, "--password-command", "cat '\(passwordFile)'")
        #expect(added.status == 0, "\(added.stderr)")
        return Setup(cli: cli, server: server, url: url)
    }

    /// The collection as a plain CalDAV client reads it.
    func events(_ setup: Setup, password: String? = nil) throws -> (status: Int, events: [[String: Any]]) {
        let result = try setup.cli.script("caldav-events.py", [setup.url, setup.server.user, password ?? setup.server.password])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return (json["status"] as? Int ?? 0, json["events"] as? [[String: Any]] ?? [])
    }

    func push(_ cli: CLI) throws -> (result: CLI.Result, report: [String: Any]) {
        let result = try cli.run("calendar", "push", "--json")
        let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        return (result, report)
    }

    func pending(_ cli: CLI) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(cli.run("due", "--all", "--json").stdout.utf8)) as? [[String: Any]])
    }

    func writes(_ report: [String: Any]) -> Int {
        let requests = report["requests"] as? [String: Int] ?? [:]
        return (requests["PUT"] ?? 0) + (requests["DELETE"] ?? 0)
    }

    @Test("the test server is real: Radicale takes a calendar and an event from curl and gives them back")
    func serverAcceptsPlainClient() throws {
        let server = try CalDAVServer()
        let collection = server.collection("plain")
        #expect(try server.curl("MKCALENDAR", collection).status == 201)
        let event = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:plain-1\r\nDTSTAMP:20260101T000000Z\r\n"
            + "DTSTART:20260102T090000Z\r\nSUMMARY:Plain\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        #expect(try server.curl("PUT", collection + "plain-1.ics", headers: ["Content-Type: text/calendar"], body: event).status == 201)
        let read = try server.curl("GET", collection + "plain-1.ics")
        #expect(read.status == 200)
        #expect(read.body.contains("UID:plain-1"))
        #expect(try server.curl("GET", collection + "plain-1.ics").status == 200)
        // And it checks passwords.
        let output = try Shell.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "\(server.user):wrong", collection + "plain-1.ics"])
        #expect(output == "401")
    }

    @Test("a push makes the calendar hold one event per pending item, each with an alarm; a second push sends no PUT or DELETE")
    func pushThenNothingNew() throws {
        let setup = try setUp()
        // Someone else's event in the same calendar, which followup must leave alone.
        #expect(try setup.server.curl("MKCALENDAR", setup.url).status == 201)
        let foreign = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\nUID:dentist\r\nDTSTAMP:20260101T000000Z\r\n"
            + "DTSTART:20260102T090000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        #expect(try setup.server.curl("PUT", setup.url + "dentist.ics", headers: ["Content-Type: text/calendar"], body: foreign).status == 201)

        let first = try push(setup.cli)
        #expect(first.result.status == 0, "\(first.result.stderr)")
        let items = try pending(setup.cli)
        #expect(items.count >= 3)
        #expect(first.report["created"] as? Int == items.count)
        let read = try events(setup)
        #expect(read.status == 207)
        let ours = read.events.filter { ($0["uid"] as? String)?.hasSuffix("@followup") == true }
        #expect(ours.count == items.count)
        #expect(ours.allSatisfy { ($0["alarms"] as? [String]) == ["DISPLAY"] })
        #expect(Set(ours.compactMap { $0["uid"] as? String }).count == items.count)
        for item in items {
            #expect(ours.contains { ($0["description"] as? String)?.hasPrefix(item["reason"] as? String ?? "?") == true })
        }
        #expect(read.events.contains { $0["uid"] as? String == "dentist" })

        let second = try push(setup.cli)
        #expect(second.result.status == 0)
        #expect(writes(second.report) == 0)
        #expect(second.report["requestCount"] as? Int == 1)
        #expect(second.report["unchanged"] as? Int == items.count)
        #expect(try events(setup).events.map { $0["etag"] as? String } == read.events.map { $0["etag"] as? String })
    }

    @Test("a thank-you logged after a push takes its event out of the calendar on the next push, and nothing else")
    func doneItemIsDeleted() throws {
        let setup = try setUp()
        #expect(try push(setup.cli).result.status == 0)
        let before = try events(setup).events
        let thankYou = try #require(before.first { ($0["summary"] as? String)?.hasPrefix("Thank-you to Jane Doe") == true })
        try setup.cli.run("log", "thank-you", "acme", "--to", "Jane")
        let after = try push(setup.cli)
        #expect(after.result.status == 0, "\(after.result.stderr)")
        #expect(after.report["deleted"] as? Int == 1)
        let remaining = try events(setup).events
        #expect(!remaining.contains { $0["uid"] as? String == thankYou["uid"] as? String })
        #expect(remaining.count == before.count - 1)
        #expect(remaining.count == (try pending(setup.cli)).count)
    }

    @Test("an event edited in the calendar is kept as edited and reported once; the next push leaves it alone")
    func serverEditIsKept() throws {
        let setup = try setUp()
        #expect(try push(setup.cli).result.status == 0)
        let event = try #require(try events(setup).events.first { ($0["summary"] as? String)?.hasPrefix("Check in") == true })
        let name = try #require(event["name"] as? String)
        let original = try setup.server.curl("GET", setup.url + name).body
        let edited = original.replacingOccurrences(of: "SUMMARY:Check in", with: "SUMMARY:Moved on my phone: Check in")
        #expect(try setup.server.curl("PUT", setup.url + name, headers: ["Content-Type: text/calendar"], body: edited).status == 201)
        // followup's side changes too: the check-in moves.
        try setup.cli.run("log", "next-steps", "acme", "--decision-by", "+10d")

        let pushed = try push(setup.cli)
        #expect(pushed.result.status == 0, "\(pushed.result.stderr)")
        #expect((pushed.report["keptEdits"] as? [String])?.count == 1)
        #expect(pushed.result.stderr.contains("was edited in the calendar; the edit is kept"))
        #expect(try setup.server.curl("GET", setup.url + name).body.contains("Moved on my phone"))

        let again = try push(setup.cli)
        #expect(again.result.status == 0)
        #expect((again.report["keptEdits"] as? [String]) == [])
        #expect(writes(again.report) == 0)
        #expect(!again.result.stderr.contains("edited"))
        #expect(try setup.server.curl("GET", setup.url + name).body.contains("Moved on my phone"))
    }

    @Test("a wrong password gets one clear line and exit 77, and the calendar and the store stay as they were")
    func wrongPassword() throws {
        let setup = try setUp()
        #expect(try push(setup.cli).result.status == 0)
        let before = try events(setup).events
        try setup.cli.run("log", "thank-you", "acme", "--to", "Jane")
        #expect(try setup.cli.run("calendar", "add", setup.url, "--user", setup.server.user,
                                  "--password-command", "echo wrong").status == 0)
        try setup.cli.expectRefused(["calendar", "push"], status: 77,
                                    message: "refused user 'alex' (HTTP 401); check the user and the password")
        #expect(try events(setup).events.map { $0["etag"] as? String } == before.map { $0["etag"] as? String })
    }

    @Test("a server stopped in the middle of a push: a clear error, and after a restart the next push leaves exactly the pending items")
    func serverStopsMidPush() throws {
        var setup = try setUp()
        #expect(try push(setup.cli).result.status == 0)
        // Two done, one new interview: two deletes and several creates to make; stop the server after the third request.
        try setup.cli.run("log", "thank-you", "acme", "--to", "Jane")
        try setup.cli.run("log", "next-steps", "acme")
        try setup.cli.run("interview", "add", "globex", "--company", "Globex", "--role", "Backend", "--at", "1d ago",
                          "--interviewer", "Ana Lima", "--point", "latency")
        var cli = setup.cli
        cli.environment["FOLLOWUP_CALDAV_FAULT_AFTER"] = "3"
        cli.environment["FOLLOWUP_CALDAV_FAULT_COMMAND"] = "bash \(GitServer.scriptDirectory)/stop.sh \(setup.server.base)"
        let interrupted = try cli.run("calendar", "push")
        #expect(interrupted.status == 75)
        #expect(interrupted.stderr.contains("cannot push to the calendar at"))
        #expect(interrupted.stderr.split(separator: "\n").count == 1)

        try setup.server.restart()
        setup = Setup(cli: setup.cli, server: setup.server, url: setup.url)
        let next = try push(setup.cli)
        #expect(next.result.status == 0, "\(next.result.stderr)")
        let items = try pending(setup.cli)
        let read = try events(setup).events
        #expect(read.count == items.count)
        #expect(Set(read.compactMap { $0["uid"] as? String }).count == items.count)
        #expect(writes(try push(setup.cli).report) == 0)
    }

    @Test("calendar add refuses a URL with credentials, and the store is unchanged; the password is never stored")
    func addRefusesCredentials() throws {
        let setup = try setUp()
        try setup.cli.expectRefused(["calendar", "add", "https://alex:secret@dav.example.org/cal/", "--user", "alex"], status: 64,
                                    message: "do not put credentials in the calendar URL")
        try setup.cli.expectRefused(["calendar", "add", "ftp://dav.example.org/cal/", "--user", "alex"], status: 64,
                                    message: "is not a CalDAV collection URL")
        #expect(try push(setup.cli).result.status == 0)
        let database = try Data(contentsOf: setup.cli.store.appendingPathComponent("followup.sqlite"))
        let wal = (try? Data(contentsOf: setup.cli.store.appendingPathComponent("followup.sqlite-wal"))) ?? Data()
        #expect(database.range(of: Data("correct horse".utf8)) == nil && wal.range(of: Data("correct horse".utf8)) == nil)
        // The command is kept (it runs at each push); the password it prints is not.
        #expect(try setup.cli.run("calendar", "list").stdout.contains("password from: cat"))
    }

    @Test("calendar remove forgets the calendar; push then says how to set one")
    func removeThenPush() throws {
        let setup = try setUp()
        #expect(try setup.cli.run("calendar", "remove").status == 0)
        try setup.cli.expectRefused(["calendar", "push"], status: 64, message: "no calendar is set; add one with 'followup calendar add URL --user NAME'")
        try setup.cli.expectRefused(["calendar", "remove"], status: 64, message: "no calendar is set")
    }

    @Test("sync pushes the calendar after a successful sync; a calendar that cannot be reached is a warning, not a failed sync")
    func syncPushes() throws {
        let setup = try setUp()
        let remote = setup.server.base + "/sync-remote.git"
        try Shell.run(["git", "init", "-q", "--bare", remote])
        #expect(try setup.cli.run("remote", "add", "origin", remote).status == 0)
        let synced = try setup.cli.run("sync", "--json")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect((try? JSONSerialization.jsonObject(with: Data(synced.stdout.utf8))) != nil)
        #expect(synced.stderr.contains("calendar: \(try pending(setup.cli).count) created"))
        #expect(try events(setup).events.count == (try pending(setup.cli)).count)

        setup.server.stop()
        try setup.cli.run("log", "thank-you", "acme", "--to", "Jane")
        let offline = try setup.cli.run("sync")
        #expect(offline.status == 0)
        #expect(offline.stderr.contains("cannot push to the calendar at"))
        #expect(offline.stderr.contains("warning: synced, but the calendar was not pushed"))
    }
}

import Foundation
import Testing

/// Parses iCalendar text with Python's `icalendar` (scripts/parse-ics.py) and returns its JSON.
func parseICS(_ text: String, with cli: CLI) throws -> (status: Int32, json: [String: Any]) {
    let result = try cli.script("parse-ics.py", [try cli.file(text, named: "calendar-\(UUID().uuidString).ics")])
    return (result.status, (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:])
}

@Suite("calendar export")
struct CalendarCLITests {
    @Test("export --format ics parses with a real iCalendar parser: one event with an alarm per pending item")
    func exportParses() throws {
        let cli = CLI()
        try cli.setUp()
        try cli.run("interview", "add", "globex", "--company", "Globex, Inc; \"Labs\"", "--role", "Backend",
                    "--at", "3d ago", "--interviewer", "Ana Lima", "--point", "a very long point about latency budgets")
        let export = try cli.run("export", "--format", "ics")
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("\r\n"))
        #expect(export.stdout.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let parsed = try parseICS(export.stdout, with: cli)
        #expect(parsed.status == 0)
        #expect(parsed.json["version"] as? String == "2.0")
        let events = try #require(parsed.json["events"] as? [[String: Any]])
        let due = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("due", "--all", "--json").stdout.utf8)) as? [[String: Any]])
        #expect(events.count == due.count)
        #expect(events.allSatisfy { ($0["alarms"] as? [Any])?.count == 1 })
        // Escaped commas, semicolons and quotes come back intact from the parser.
        let globex = try #require(events.first { ($0["summary"] as? String)?.contains("globex") == true })
        #expect((globex["summary"] as? String)?.contains("Globex, Inc; \"Labs\"") == true)
        let thankYou = try #require(events.first { ($0["summary"] as? String) == "Thank-you to Jane Doe — Acme (acme-onsite)" })
        #expect(thankYou["allDay"] as? Bool == false)
        let dueThankYou = try #require(due.first { $0["ref"] as? String == "acme-onsite" && $0["rule"] as? String == "thank-you" })
        #expect(thankYou["end"] as? String == dueThankYou["dueAt"] as? String)
        #expect((thankYou["description"] as? String)?.contains("followup log thank-you acme-onsite --to \"Jane Doe\"") == true)
        let checkIn = try #require(events.first { ($0["categories"] as? [String]) == ["check-in"] })
        #expect(checkIn["allDay"] as? Bool == true)
    }

    @Test("re-exporting after the due date moved keeps each event's UID, so a calendar updates instead of duplicating")
    func stableUIDs() throws {
        let cli = CLI()
        try cli.setUp()
        func checkIn() throws -> [String: Any] {
            let events = try #require(try parseICS(cli.run("export", "--format", "ics").stdout, with: cli).json["events"] as? [[String: Any]])
            return try #require(events.first { ($0["categories"] as? [String]) == ["check-in"] })
        }
        let before = try checkIn()
        try cli.run("log", "next-steps", "acme", "--decision-by", "+10d")
        let after = try checkIn()
        #expect(before["uid"] as? String == after["uid"] as? String)
        #expect(before["start"] as? String != after["start"] as? String)
    }

    @Test("due --ics lists the same items as due, and --ics with --json is refused with the store unchanged")
    func dueICS() throws {
        let cli = CLI()
        try cli.setUp()
        let due = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("due", "--json").stdout.utf8)) as? [[String: Any]])
        let parsed = try parseICS(try cli.run("due", "--ics").stdout, with: cli)
        #expect((parsed.json["events"] as? [Any])?.count == due.count)
        try cli.expectRefused(["due", "--ics", "--json"], status: 64, message: "choose one of --json and --ics")
    }
}

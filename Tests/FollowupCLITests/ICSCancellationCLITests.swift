import Foundation
import Testing

@Suite("calendar export cancels what is done")
struct ICSCancellationCLITests {
    func events(_ cli: CLI, _ arguments: String...) throws -> [[String: Any]] {
        let export = try cli.run(arguments)
        #expect(export.status == 0, "\(export.stderr)")
        let parsed = try parseICS(export.stdout, with: cli)
        #expect(parsed.status == 0)
        return try #require(parsed.json["events"] as? [[String: Any]])
    }

    /// What a calendar holds after importing each file in turn: an event replaces the one with
    /// its UID, a cancelled one removes it (RFC 5545 3.8.1.11, as calendar applications import).
    func imported(_ files: [[[String: Any]]]) -> [String: [String: Any]] {
        var calendar: [String: [String: Any]] = [:]
        for file in files {
            for event in file {
                let uid = event["uid"] as? String ?? ""
                calendar[uid] = event["status"] as? String == "CANCELLED" ? nil : event
            }
        }
        return calendar
    }

    @Test("an item done since the last export comes back as STATUS:CANCELLED with the same UID, so re-importing removes it")
    func doneItemIsCancelled() throws {
        let cli = CLI()
        try cli.setUp()
        let first = try events(cli, "export", "--format", "ics")
        let thankYou = try #require(first.first { ($0["summary"] as? String)?.hasPrefix("Thank-you to Jane Doe") == true })
        #expect(first.allSatisfy { $0["status"] as? String == "" })

        try cli.run("log", "thank-you", "acme", "--to", "Jane")
        let second = try events(cli, "export", "--format", "ics")
        let cancelled = second.filter { $0["status"] as? String == "CANCELLED" }
        #expect(cancelled.count == 1)
        #expect(cancelled.first?["uid"] as? String == thankYou["uid"] as? String)
        #expect(cancelled.first?["summary"] as? String == thankYou["summary"] as? String)
        #expect(cancelled.first?["start"] as? String == thankYou["start"] as? String)
        #expect((cancelled.first?["alarms"] as? [Any])?.isEmpty == true)
        #expect((cancelled.first?["sequence"] as? Int ?? 0) > (thankYou["sequence"] as? Int ?? 0))

        let due = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("due", "--all", "--json").stdout.utf8)) as? [[String: Any]])
        let calendar = imported([first, second])
        #expect(calendar.count == due.count)
        #expect(calendar[thankYou["uid"] as? String ?? ""] == nil)

        // Said once: the next export no longer mentions it.
        let third = try events(cli, "export", "--format", "ics")
        #expect(!third.contains { $0["status"] as? String == "CANCELLED" })
        #expect(imported([first, second, third]).count == due.count)
    }

    @Test("due --ics cancels done items too, but never an item that is pending and only not showing yet")
    func dueICSCancels() throws {
        let cli = CLI()
        try cli.setUp()
        let all = try events(cli, "export", "--format", "ics")
        let showing = try events(cli, "due", "--ics")
        #expect(showing.count < all.count)
        #expect(!showing.contains { $0["status"] as? String == "CANCELLED" })
        try cli.run("log", "thank-you", "acme", "--to", "Jane")
        let after = try events(cli, "due", "--ics")
        #expect(after.filter { $0["status"] as? String == "CANCELLED" }.count == 1)
    }
}

import Foundation
import Testing

@Suite("followup stats")
struct StatsCLITests {
    @Test("stats --json counts a retracted reply as no reply, and the table shows each company and all")
    func statsFromTheStore() throws {
        let cli = CLI()
        try cli.setUp()  // acme-onsite, 2 days ago, 45 min, Jane Doe
        try cli.run("log", "thank-you", "acme", "--to", "Jane", "--at", "1d ago")
        let reply = try cli.run("log", "response", "acme", "--at", "2h ago").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.run("interview", "add", "globex", "--company", "Globex", "--role", "Backend", "--at", "5d ago",
                    "--interviewer", "Ana Lima")
        try cli.run("log", "check-in", "globex", "--at", "1d ago")
        try cli.run("log", "outcome", "globex", "rejected")

        func overall() throws -> [String: Any] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("stats", "--json").stdout.utf8)) as? [String: Any])
            #expect((json["companies"] as? [[String: Any]])?.compactMap { $0["company"] as? String } == ["Acme", "Globex"])
            return try #require(json["overall"] as? [String: Any])
        }
        var figures = try overall()
        #expect(figures["interviews"] as? Int == 2)
        #expect(figures["thankYous"] as? Int == 2)          // Jane thanked, Ana overdue
        #expect(figures["thankYousOnTime"] as? Int == 1)
        #expect(figures["onTimePercent"] as? Int == 50)
        #expect(figures["replied"] as? Int == 1)
        #expect(figures["checkIns"] as? Int == 1)
        #expect((figures["outcomes"] as? [String: Int])?["rejected"] == 1)

        try cli.run("retract", reply)
        figures = try overall()
        #expect(figures["replied"] as? Int == 0)
        #expect(figures["medianHoursToReply"] is NSNull)

        let table = try cli.run("stats")
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("COMPANY") == true)
        #expect(lines.contains { $0.hasPrefix("Acme ") && $0.contains("1/1 (100%)") })
        #expect(lines.last?.hasPrefix("all ") == true)
    }

    @Test("stats with a bad --now is refused with one line and the store unchanged")
    func badNow() throws {
        let cli = CLI()
        try cli.setUp()
        try cli.expectRefused(["stats", "--now", "blursday"], status: 64, message: "cannot read 'blursday' as a date")
    }
}

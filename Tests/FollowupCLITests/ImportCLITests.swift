import Foundation
import Testing

@Suite("followup import")
struct ImportCLITests {
    let sheet = """
        ref,company,role,at,duration,interviewers,points
        initech,Initech,QA Lead,2026-11-20 10:00,1h,"Bill Lumbergh <bill@initech.example>; Tom Smykowski",TPS reports
        globex,"Globex, Corp",Backend,2026-11-21 15:30,30m,,

        """

    @Test("--dry-run lists the rows and writes nothing; the import prints one id per interview")
    func dryRunThenImport() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try cli.file(sheet)
        let before = cli.snapshot()
        let dry = try cli.run("import", "--format", "csv", file, "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Globex, Corp"))
        #expect(dry.stdout.contains("2 interviews would be imported; nothing was written"))
        #expect(cli.snapshot() == before)

        let imported = try cli.run("import", "--format", "csv", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.split(separator: "\n").map(\.count) == [36, 36])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("interview", "list", "--json").stdout.utf8)) as? [[String: Any]])
        #expect(Set(list.compactMap { $0["ref"] as? String }) == ["acme-onsite", "initech", "globex"])
        let initech = try #require(list.first { $0["ref"] as? String == "initech" })
        #expect((initech["interviewers"] as? [[String: Any]])?.count == 2)
        #expect(try cli.run("verify").status == 0)
    }

    @Test("a bad row refuses the whole file: each problem on its own line with row and column, status 65, store unchanged")
    func badRows() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try cli.file(sheet + "acme-onsite,Acme,iOS,2026-11-22 09:00,,,\nnew-one,Hooli,PM,someday,,,\n")
        let before = cli.snapshot()
        let result = try cli.run("import", "--format", "csv", file)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "followup: row 4, column ref: an interview 'acme-onsite' exists already; choose another ref")
        #expect(lines[1].hasPrefix("followup: row 5, column at: cannot read 'someday' as a date"))
        #expect(lines[2] == "followup: nothing imported: 2 problems in the file; fix them and import again")
        #expect(cli.snapshot() == before)
    }

    @Test("a missing file and an unknown format are refused with one line and the store unchanged", arguments: [
        (["import", "--format", "csv", "/nonexistent/interviews.csv"], "cannot read '/nonexistent/interviews.csv'"),
        (["import", "--format", "xlsx", "x.csv"], "xlsx"),
    ])
    func refused(arguments: [String], message: String) throws {
        let cli = CLI()
        try cli.setUp()
        try cli.expectRefused(arguments, status: 64, message: message)
    }

    /// The imported interviews by ref, as `interview list --json` shows them.
    func imported(_ cli: CLI) throws -> [String: [String: Any]] {
        let list = try JSONSerialization.jsonObject(with: Data(cli.run("interview", "list", "--json").stdout.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.compactMap { row in (row["ref"] as? String).map { ($0, row) } })
    }

    @Test("a header is matched whatever its case, spaces, '-' or '_': Decision By, decision_by, decision-by and DecisionBy are one column",
          arguments: ["Decision By", "decision_by", "decision-by", "DecisionBy", " DECISION BY "])
    func looseHeaders(decisionHeader: String) throws {
        let cli = CLI()
        try cli.setUp()
        let file = try cli.file("Ref,Company,ROLE,At,Duration,Interviewers,Points,\(decisionHeader)\n"
            + "initech,Initech,QA Lead,2026-11-18 11:00,45m,Bill Lumbergh,TPS reports,2026-11-20 17:00\n")
        let result = try cli.run("import", file)
        #expect(result.status == 0, "\(result.stderr)")
        let initech = try #require(try imported(cli)["initech"])
        #expect(initech["decisionBy"] as? String == "2026-11-20T16:00:00Z")
        #expect(initech["durationMinutes"] as? Int == 45)
        #expect(initech["role"] as? String == "QA Lead")
    }

    @Test("an unknown header is named with the accepted ones, and one column given twice names both spellings; nothing is imported")
    func unknownAndRepeatedHeaders() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try cli.file("ref,company,role,at,Decision Date\ninitech,Initech,QA,2026-11-18 11:00,2026-11-20\n")
        let before = cli.snapshot()
        let result = try cli.run("import", file)
        #expect(result.status == 65)
        #expect(result.stderr == "followup: row 1: unknown column 'Decision Date'; the columns are ref, company, role, at, "
            + "duration, interviewers, points, decision_by\n"
            + "followup: nothing imported: 1 problem in the file; fix it and import again\n")
        #expect(cli.snapshot() == before)

        let twice = try cli.file("ref,company,role,at,Decision By,decision_by\ninitech,Initech,QA,2026-11-18 11:00,2026-11-20,2026-11-21\n")
        let repeated = try cli.run("import", twice)
        #expect(repeated.status == 65)
        #expect(repeated.stderr.hasPrefix("followup: row 1, column decision_by: the column appears twice ('Decision By' and 'decision_by')\n"))
        #expect(cli.snapshot() == before)
    }

    @Test("a date without a year in the at column is the most recent such day, today included, not one in the future")
    func yearlessDatesInThePast() throws {
        let cli = CLI()
        try cli.setUp()
        var berlin = Calendar(identifier: .gregorian)
        berlin.timeZone = TimeZone(identifier: "Europe/Berlin")!
        let today = berlin.startOfDay(for: Date())
        let yesterday = berlin.date(byAdding: .day, value: -1, to: today)!
        // Two days on: tomorrow's date a year ago could be 29 February, which that year may lack.
        let later = berlin.date(byAdding: .day, value: 2, to: today)!
        func typed(_ date: Date, _ format: String) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = berlin.timeZone
            formatter.dateFormat = format
            return formatter.string(from: date)
        }
        func utc(_ date: Date, hour: Int) -> String {
            let moment = berlin.date(bySettingHour: hour, minute: 0, second: 0, of: date)!
            return ISO8601DateFormatter().string(from: moment)
        }
        let file = try cli.file("""
            ref,company,role,at,decision_by
            past,Initech,QA,\(typed(yesterday, "MMM d")) 2pm,
            today,Globex,PM,\(typed(today, "d MMM")),
            ahead,Hooli,Eng,\(typed(later, "MMM d")),
            fixed,Umbrella,Eng,2026-11-18 11:00,friday

            """)
        let result = try cli.run("import", file)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try imported(cli)
        #expect(rows["past"]?["startsAt"] as? String == utc(yesterday, hour: 14))
        #expect(rows["today"]?["startsAt"] as? String == utc(today, hour: 9))
        #expect(rows["ahead"]?["startsAt"] as? String == utc(berlin.date(byAdding: .year, value: -1, to: later)!, hour: 9))
        // A decision date is the interview's future, counted from its day: the Friday of that week.
        #expect(rows["fixed"]?["decisionBy"] as? String == "2026-11-20T08:00:00Z")
    }

    @Test("a date without a year that does not exist in the year it falls in is refused by row and column; nothing is imported")
    func yearlessImpossibleDate() throws {
        let cli = CLI()
        try cli.setUp()
        let file = try cli.file("ref,company,role,at\ninitech,Initech,QA,Feb 30\n")
        let before = cli.snapshot()
        let result = try cli.run("import", file)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("followup: row 2, column at: cannot read 'Feb 30' as a date: there is no such day;"), "\(result.stderr)")
        #expect(cli.snapshot() == before)
    }
}

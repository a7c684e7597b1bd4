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
}

import Foundation
import Testing
@testable import FollowupCore

@Suite("CSV reading (RFC 4180)")
struct CSVReaderTests {
    @Test("quoted fields keep commas, line breaks and doubled quotes; CRLF and LF both end a record")
    func quoting() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\"\"\n"
        let records = try CSVReader.records(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["last", "", ""]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test("a byte order mark is ignored and a missing final line break is fine")
    func bomAndNoFinalBreak() throws {
        #expect(try CSVReader.records("\u{FEFF}ref,company\nacme,Acme").map(\.fields) == [["ref", "company"], ["acme", "Acme"]])
    }

    @Test("an unterminated quote and text after a closing quote are refused, naming the row")
    func malformed() {
        #expect(throws: CSVReader.Problem.unterminatedQuote(record: 2, line: 2)) { try CSVReader.records("a,b\n\"open,x\n") }
        #expect(throws: CSVReader.Problem.textAfterQuote(record: 3, line: 3)) { try CSVReader.records("a\nb\n\"q\"x\n") }
    }
}

@Suite("Importing interviews from a spreadsheet")
struct ImportTests {
    let directory = Fixture.temporaryDirectory()
    let now = Fixture.afterInterview

    func files(_ store: FollowupStore) -> [Data?] {
        ["", "-wal"].map { FileManager.default.contents(atPath: store.databasePath + $0) }
    }

    static let good = """
        ref,company,role,at,duration,interviewers,points,decision_by
        acme-onsite,"Acme, Inc",iOS Engineer,2026-11-20 14:00,45m,"Jane Doe <jane@acme.example>; Sam Park","offline sync; CI",2026-11-27
        globex,Globex,Backend,2026-11-18T10:00Z,,,,

        """

    @Test("every column is read: several interviewers and points per cell, default duration, decision date")
    func readsColumns() throws {
        let (entries, problems) = InterviewSheet.read(ImportTests.good, now: now, timeZone: Fixture.berlin)
        #expect(problems.isEmpty)
        #expect(entries.map(\.row) == [2, 3])
        let acme = entries[0].input
        #expect(acme.company == "Acme, Inc")
        #expect(acme.durationMinutes == 45)
        #expect(acme.interviewers.map(\.name) == ["Jane Doe", "Sam Park"])
        #expect(acme.interviewers[0].email == "jane@acme.example")
        #expect(acme.points == ["offline sync", "CI"])
        #expect(acme.startsAt == Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-20T13:00:00Z"))))
        #expect(acme.decisionBy == Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-27T08:00:00Z"))))
        #expect(entries[1].input.durationMinutes == 60)
        #expect(entries[1].input.interviewers.isEmpty)
    }

    @Test("each bad cell is named by row and column, and every problem is reported, not just the first")
    func problemsByRowAndColumn() {
        let text = """
            ref,company,role,at,duration
            Bad Ref,Acme,Engineer,2026-11-20 14:00,45m
            ok,,Engineer,blursday,3 days
            """
        let problems = InterviewSheet.read(text, now: now, timeZone: Fixture.berlin).problems
        #expect(problems.map { "\($0.row) \($0.column ?? "-")" } == ["2 ref", "3 company", "3 at", "3 duration"])
        #expect(problems[0].description.hasPrefix("row 2, column ref: 'Bad Ref' is not a valid ref"))
        #expect(problems[2].description.contains("cannot read 'blursday' as a date"))
    }

    @Test("the header must name known columns and the required ones; rows must have as many fields")
    func header() {
        let unknown = InterviewSheet.read("ref,compnay,role,at\nx,y,z,now\n", now: now).problems
        #expect(unknown.map(\.description) == [
            "row 1: unknown column 'compnay'; the columns are ref, company, role, at, duration, interviewers, points, decision_by",
            "row 1: the column 'company' is missing; ref, company, role, at are required",
        ])
        let short = InterviewSheet.read("ref,company,role,at\nx,y,z\n", now: now).problems
        #expect(short.map(\.description) == ["row 2: 3 fields, but the header has 4"])
        #expect(InterviewSheet.read("", now: now).problems.first?.description.hasPrefix("row 1: the file is empty") == true)
    }

    @Test("a header names its column whatever its case, spaces, '-' or '_'", arguments: [
        ("Decision By", "decision_by"), ("decision-by", "decision_by"), ("DecisionBy", "decision_by"),
        (" DECISION_BY ", "decision_by"), ("Interviewers", "interviewers"), ("AT", "at"),
    ])
    func looseHeader(header: String, column: String) {
        #expect(InterviewSheet.column(named: header) == column)
    }

    @Test("a header that is another word is no column", arguments: ["Decision Date", "decisionsby", "", "interviewer"])
    func unknownHeader(header: String) {
        #expect(InterviewSheet.column(named: header) == nil)
    }

    @Test("in the at column a date without a year is the last such day, today included; decision_by counts from the row's at")
    func yearlessDates() throws {
        // Imported on Sunday 29 November 2026, 19:00 Berlin.
        let importedAt = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-29T18:00:00Z")))
        let text = """
            ref,company,role,at,decision_by
            last-year,A,R,Dec 3,
            this-year,B,R,20 Nov 2pm,friday
            today,C,R,Nov 29 10:00,Dec 4
            weekday,D,R,friday,

            """
        let (entries, problems) = InterviewSheet.read(text, now: importedAt, timeZone: Fixture.berlin)
        #expect(problems.isEmpty, "\(problems)")
        let byRef = Dictionary(uniqueKeysWithValues: entries.map { ($0.input.ref, $0.input) })
        func utc(_ date: Date?) -> Int64? { date.map { Int64($0.timeIntervalSince1970) } }
        #expect(utc(byRef["last-year"]?.startsAt) == Fixture.utc("2025-12-03T08:00:00Z"))
        #expect(utc(byRef["this-year"]?.startsAt) == Fixture.utc("2026-11-20T13:00:00Z"))
        // Friday after Friday 20 November: the 27th, not the Friday after the import.
        #expect(utc(byRef["this-year"]?.decisionBy) == Fixture.utc("2026-11-27T08:00:00Z"))
        #expect(utc(byRef["today"]?.startsAt) == Fixture.utc("2026-11-29T09:00:00Z"))
        #expect(utc(byRef["today"]?.decisionBy) == Fixture.utc("2026-12-04T08:00:00Z"))
        #expect(utc(byRef["weekday"]?.startsAt) == Fixture.utc("2026-11-27T08:00:00Z"))
    }

    @Test("one bad row imports nothing: the store's files are unchanged")
    func allOrNothing() throws {
        let store = try Fixture.store(in: directory, at: now)
        let before = files(store)
        let text = ImportTests.good + "dup,Initech,QA,2026-11-19 09:00,,,,\ndup,Initech,QA,2026-11-19 11:00,,,,\n"
        let error = try #require(throws: ImportError.self) { try store.importInterviews(csv: text, dryRun: false, now: now) }
        #expect(error.problems.map(\.description) == ["row 5, column ref: 'dup' is also on row 4; each ref must be unique"])
        #expect(files(store) == before)
        #expect(try store.interviews().isEmpty)
    }

    @Test("a ref already in the store refuses the file")
    func existingRef() throws {
        let store = try Fixture.store(in: directory, at: now)
        try store.addInterview(InterviewInput(ref: "globex", company: "G", role: "R", startsAt: now))
        let error = try #require(throws: ImportError.self) { try store.importInterviews(csv: ImportTests.good, dryRun: false, now: now) }
        #expect(error.problems.map(\.description) == ["row 3, column ref: an interview 'globex' exists already; choose another ref"])
        #expect(try store.interviews().map(\.ref) == ["globex"])
    }

    @Test("a dry run checks everything and writes nothing; the real import adds every row as interview-added")
    func dryRunThenImport() throws {
        let store = try Fixture.store(in: directory, at: now)
        let before = files(store)
        let planned = try store.importInterviews(csv: ImportTests.good, dryRun: true, now: now, timeZone: Fixture.berlin)
        #expect(planned.map(\.input.ref) == ["acme-onsite", "globex"])
        #expect(planned.allSatisfy { $0.id == nil })
        #expect(files(store) == before)

        let imported = try store.importInterviews(csv: ImportTests.good, dryRun: false, now: now, timeZone: Fixture.berlin)
        #expect(imported.allSatisfy { $0.id != nil })
        let states = try store.interviews()
        #expect(Set(states.map(\.ref)) == ["acme-onsite", "globex"])
        #expect(states.first { $0.ref == "acme-onsite" }?.interviewers.count == 2)
        #expect(try store.verify().ok)
    }
}

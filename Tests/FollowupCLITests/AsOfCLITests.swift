import Foundation
import FollowupCore
import Testing

/// `status`, `due`, `stats` and `interview show` with `--now` (or `--as-of`) show the state from
/// the events that count by then: what had happened, or had been entered, by then (docs/cli.md,
/// "The state as of a moment").
@Suite("--now and --as-of show the state as of a moment")
struct AsOfCLITests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// A moment in Berlin time, as the CLI (run with TZ=Europe/Berlin) reads it.
    static func berlin(_ text: String) -> Date {
        try! WhenParser(now: Date(), timeZone: berlin).parse(text)
    }

    /// Two weeks of a search, each event entered at the time in front of it (Berlin):
    ///
    /// - Mon 16 Nov 09:00  acme added: Mon 16 Nov 14:00, 45 min, Jane Doe
    /// - Mon 16 Nov 09:05  initech added: Wed 25 Nov 10:00, Sam Roe
    /// - Wed 18 Nov 10:00  a reply about acme (received 09:30): a decision by Fri 27 Nov
    /// - Thu 19 Nov 18:00  globex added late: its interview was Wed 18 Nov 11:00, with Ana Lima
    /// - Fri 20 Nov 09:00  the thank-you to Jane (sent 08:30), four days late
    /// - Sat 21 Nov 10:00  the reply retracted (it was about another job)
    /// - Sun 22 Nov 20:00  the thank-you to Ana, sent Thu 19 Nov 08:00, typed in late
    /// - Mon 23 Nov 10:00  globex: rejected
    /// - Tue 24 Nov 10:00  acme corrected: the company is "Acme Corp"
    func search() throws -> CLI {
        /// The time the store stamps each event with, moved by the test.
        final class Clock: @unchecked Sendable { var now = AsOfCLITests.berlin("2026-11-16 09:00") }
        let clock = Clock()
        let cli = CLI()
        let store = try FollowupStore.create(at: cli.store, deviceName: "laptop", now: clock.now)
        store.timeZone = AsOfCLITests.berlin
        store.wallClock = { clock.now }
        func at(_ text: String) -> Date { AsOfCLITests.berlin(text) }
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "iOS Engineer", startsAt: at("2026-11-16 14:00"),
                                              durationMinutes: 45, interviewers: [Interviewer(name: "Jane Doe")]))
        clock.now = at("2026-11-16 09:05")
        try store.addInterview(InterviewInput(ref: "initech", company: "Initech", role: "iOS Engineer", startsAt: at("2026-11-25 10:00"),
                                              interviewers: [Interviewer(name: "Sam Roe")]))
        clock.now = at("2026-11-18 10:00")
        let reply = try store.log(ActionInput(action: .response, interview: "acme", occurredAt: at("2026-11-18 09:30"),
                                              decisionBy: at("2026-11-27 17:00")))
        clock.now = at("2026-11-19 18:00")
        try store.addInterview(InterviewInput(ref: "globex", company: "Globex", role: "Backend", startsAt: at("2026-11-18 11:00"),
                                              interviewers: [Interviewer(name: "Ana Lima")]))
        clock.now = at("2026-11-20 09:00")
        try store.log(ActionInput(action: .thankYou, interview: "acme", occurredAt: at("2026-11-20 08:30"), to: "Jane"))
        clock.now = at("2026-11-21 10:00")
        try store.retract(reply.event.id, reason: "about another job")
        clock.now = at("2026-11-22 20:00")
        try store.log(ActionInput(action: .thankYou, interview: "globex", occurredAt: at("2026-11-19 08:00"), to: "Ana"))
        clock.now = at("2026-11-23 10:00")
        try store.log(ActionInput(action: .outcome, interview: "globex", outcome: .rejected))
        clock.now = at("2026-11-24 10:00")
        try store.amendInterview("acme", InterviewEdit(company: "Acme Corp"))
        return cli
    }

    func json(_ cli: CLI, _ arguments: String...) throws -> Any {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func objects(_ cli: CLI, _ arguments: String...) throws -> [[String: Any]] {
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("a thank-you sent after the moment is still due as of then; one sent before it but typed in later is not")
    func thankYouAfterTheMoment() throws {
        let cli = try search()
        func showing(_ option: String, _ moment: String) throws -> [String] {
            try objects(cli, "due", "--json", option, moment).map { "\($0["ref"]!) \($0["action"]!) \($0["to"]!) \($0["overdue"]!)" }
        }
        let thursday = try showing("--now", "2026-11-19 12:00")
        #expect(thursday.contains("acme thank-you Jane Doe 1"))  // sent on Friday
        #expect(!thursday.contains { $0.hasPrefix("globex thank-you") })  // sent Thursday 08:00, typed in on Sunday
        #expect(!thursday.contains { $0.hasPrefix("initech") })  // not held yet
        #expect(try showing("--as-of", "2026-11-19 12:00") == thursday)
        #expect(try !showing("--as-of", "2026-11-20 10:00").contains { $0.hasPrefix("acme thank-you") })
        #expect(try !objects(cli, "due", "--json", "--all").contains { $0["action"] as? String == "thank-you" && $0["ref"] as? String != "initech" })
    }

    @Test("status as of a day: the interviews held or entered by then, without the outcomes, corrections and retractions made later")
    func statusAsOf() throws {
        let cli = try search()
        let tuesday = try objects(cli, "status", "--json", "--as-of", "2026-11-17 12:00")
        #expect(tuesday.map { $0["ref"] as? String } == ["acme", "initech"])  // globex: neither held nor entered yet
        #expect(tuesday[1]["state"] as? String == "upcoming")

        let thursday = try objects(cli, "status", "--json", "--as-of", "2026-11-19 12:00")
        #expect(thursday.map { $0["ref"] as? String } == ["acme", "globex", "initech"])
        #expect(thursday[0]["lastResponseAt"] as? String == "2026-11-18T08:30:00Z")  // not retracted yet
        #expect(thursday[0]["decisionBy"] as? String == "2026-11-27T16:00:00Z")
        #expect((thursday[0]["interviewers"] as? [[String: Any]])?.first?["thankedAt"] is NSNull)
        #expect((thursday[0]["next"] as? [String: Any])?["action"] as? String == "thank-you")
        #expect((thursday[1]["interviewers"] as? [[String: Any]])?.first?["thankedAt"] as? String == "2026-11-19T07:00:00Z")

        let sunday = try objects(cli, "status", "--json", "--now", "2026-11-22 12:00")
        #expect(sunday[0]["lastResponseAt"] is NSNull)  // retracted on Saturday
        #expect(sunday[0]["decisionBy"] is NSNull)  // the date came with the retracted reply
        #expect((sunday[0]["next"] as? [String: Any])?["action"] as? String == "next-steps")
        #expect(sunday[0]["company"] as? String == "Acme")  // corrected on Tuesday
        #expect(sunday[1]["state"] as? String == "active")  // rejected on Monday
        #expect(sunday[1]["outcome"] is NSNull)

        let current = try objects(cli, "status", "--json")
        #expect(current[0]["company"] as? String == "Acme Corp")
        #expect(current[1]["state"] as? String == "closed")
        #expect(current[1]["outcome"] as? String == "rejected")

        let table = try cli.run("status", "--as-of", "2026-11-19 11:00")
        #expect(table.stdout == """
            REF      COMPANY  STATE     INTERVIEW         NEXT
            acme     Acme     active    2026-11-16 14:00  thank-you to Jane Doe 44h overdue
            globex   Globex   active    2026-11-18 11:00  next-steps in 1h
            initech  Initech  upcoming  2026-11-25 10:00  —

            """)
    }

    @Test("interview show as of a moment: an interview neither held nor entered by then is refused; from its start it is there")
    func interviewShowAsOf() throws {
        let cli = try search()
        try cli.expectRefused(["interview", "show", "globex", "--as-of", "2026-11-18 10:59"], status: 65, message: """
            followup: at 2026-11-18 10:59 interview 'globex' had neither taken place nor been entered; \
            give a later --now or --as-of, or leave it out for the current state
            """)
        let held = try #require(try json(cli, "interview", "show", "globex", "--json", "--as-of", "2026-11-18 11:00") as? [String: Any])
        #expect(held["events"] as? Int == 1)
        let over = try #require(try json(cli, "interview", "show", "globex", "--json", "--as-of", "2026-11-18 12:30") as? [String: Any])
        #expect((over["pending"] as? [[String: Any]])?.contains { $0["action"] as? String == "thank-you" && $0["to"] as? String == "Ana Lima" } == true)

        let thursday = try #require(try json(cli, "interview", "show", "acme", "--json", "--now", "2026-11-19 12:00") as? [String: Any])
        #expect((thursday["pending"] as? [[String: Any]])?.first?["action"] as? String == "thank-you")
        #expect(thursday["events"] as? Int == 2)
        let text = try cli.run("interview", "show", "acme", "--as-of", "2026-11-22 12:00")
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("acme: iOS Engineer at Acme\n"))
        #expect(text.stdout.contains("  interviewer   Jane Doe — thanked 2026-11-20 08:30\n"))
        #expect(!text.stdout.contains("last reply"))
        #expect(try cli.run("interview", "show", "acme").stdout.hasPrefix("acme: iOS Engineer at Acme Corp\n"))
    }

    @Test("stats as of a moment count the thank-yous, replies and outcomes of then")
    func statsAsOf() throws {
        let cli = try search()
        func overall(_ arguments: String...) throws -> [String: Any] {
            let result = try cli.run(["stats", "--json"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(stats["overall"] as? [String: Any])
        }
        let thursday = try overall("--as-of", "2026-11-19 12:00")
        #expect(thursday["interviews"] as? Int == 3)
        #expect(thursday["ended"] as? Int == 2)
        #expect(thursday["replied"] as? Int == 1)          // the reply, not yet retracted
        #expect(thursday["thankYous"] as? Int == 2)        // Jane's overdue, Ana's sent in time
        #expect(thursday["thankYousOnTime"] as? Int == 1)
        let sunday = try overall("--now", "2026-11-22 12:00")
        #expect(sunday["replied"] as? Int == 0)
        #expect((sunday["outcomes"] as? [String: Int])?["rejected"] == 0)
        #expect((try overall()["outcomes"] as? [String: Int])?["rejected"] == 1)
    }

    @Test("without --now each command prints exactly what it prints as of now")
    func currentStateIsAsOfNow() throws {
        let cli = try search()
        for command in [["status"], ["status", "--json"], ["status", "acme"], ["due", "--all"], ["due", "--json", "--all"],
                        ["stats"], ["stats", "--json"], ["interview", "show", "acme"], ["interview", "show", "globex", "--json"]] {
            let current = try cli.run(command)
            let asOfNow = try cli.run(command + ["--as-of", "now"])
            #expect(current.status == 0 && asOfNow.status == 0, "\(command): \(current.stderr) \(asOfNow.stderr)")
            #expect(current.stdout == asOfNow.stdout, "\(command)")
        }
    }

    @Test("a --now or --as-of that cannot be read is refused with one line, the store unchanged", arguments: [
        ["status", "--now", "blursday"], ["status", "acme", "--as-of", "blursday"], ["due", "--as-of", "blursday"],
        ["stats", "--as-of", "blursday"], ["interview", "show", "acme", "--now", "blursday"],
    ])
    func unreadableMoment(arguments: [String]) throws {
        let cli = try search()
        try cli.expectRefused(arguments, status: 64, message: "--now/--as-of: cannot read 'blursday' as a date")
    }
}

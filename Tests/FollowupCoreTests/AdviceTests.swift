import Foundation
import Testing
@testable import FollowupCore

/// The advice holds for people who type things in after the fact (issue 14).
@Suite("Advice entered after the fact")
struct AdviceTests {
    // Sunday 29 November 2026, 12:00 in Berlin: well after the interviews below.
    let now = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-29T11:00:00Z")))
    var parser: WhenParser { WhenParser(now: now, timeZone: Fixture.berlin) }
    // Wednesday 18 November 2026, 11:00 in Berlin.
    let interviewDay = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-18T10:00:00Z")))

    func utc(_ date: Date) -> String { UTCTime.format(seconds: Int64(date.timeIntervalSince1970)) }

    @Test("a weekday in --decision-by counts from the event's own day, not from today", arguments: [
        ("friday", "2026-11-20T08:00:00Z"),
        ("next tue", "2026-11-24T08:00:00Z"),
        ("tomorrow 5pm", "2026-11-19T16:00:00Z"),
        ("+2d", "2026-11-20T10:00:00Z"),
    ])
    func anchoredWeekday(input: String, expected: String) throws {
        let reading = try parser.parse(input, prefer: .future, relativeTo: interviewDay)
        #expect(utc(reading.date) == expected)
        #expect(reading.wasRelative)
    }

    @Test("a full date means what it says and needs no note")
    func fullDateIsNotRelative() throws {
        let reading = try parser.parse("2026-11-27 14:00", prefer: .future, relativeTo: interviewDay)
        #expect(utc(reading.date) == "2026-11-27T13:00:00Z")
        #expect(!reading.wasRelative)
        #expect(DecisionDateNote.text(reading.date, timeZone: Fixture.berlin) == "decision by Fri 27 Nov")
    }

    // MARK: Impossible and repeated actions

    @Test("a thank-you, note, check-in or next-steps question cannot precede the interview; a response can")
    func beforeInterview() {
        let state = Given().state
        for action in [Action.thankYou, .handwrittenNote, .checkIn, .nextSteps] {
            #expect(ActionChecks.isBeforeInterview(action, occurred: state.startsAt - 60, interview: state))
            #expect(!ActionChecks.isBeforeInterview(action, occurred: state.startsAt, interview: state))
        }
        #expect(!ActionChecks.isBeforeInterview(.response, occurred: state.startsAt - 60, interview: state))
    }

    @Test("the same check-in logged twice within minutes counts once toward cold")
    func duplicateCheckInCountsOnce() {
        var given = Given()
        let checkIn = Fixture.interviewStart + 8 * Fixture.day
        given.add(.checkInSent, at: checkIn, to: "Jane Doe")
        given.add(.checkInSent, at: checkIn + 300, to: "jane doe")
        #expect(given.state.checkInCount == 1)
        #expect(given.state.unansweredCheckIns == 1)
        #expect(given.state.status(now: checkIn + Fixture.day, config: RulesConfig()) == .active)
        given.add(.checkInSent, at: checkIn + 900, to: "Jane Doe")
        #expect(given.state.checkInCount == 2)
    }

    @Test("a check-in closer to another than the spacing rule is warned about; a repeat is called a duplicate")
    func checkInWarnings() {
        let first = ActionChecks.Logged(id: "aaaaaaaa-1", occurred: Fixture.interviewStart + 7 * Fixture.day, subject: nil)
        let soon = ActionChecks.warnings(.checkIn, occurred: first.occurred + 2 * Fixture.day, to: nil, earlier: [first],
                                         config: RulesConfig(), timeZone: Fixture.berlin)
        #expect(soon == ["this check-in is 2 days from the one on Wed 2 Dec; check-ins are best at least 7 days apart, "
            + "so as not to seem pushy (logged anyway)"])
        let repeated = ActionChecks.warnings(.checkIn, occurred: first.occurred + 120, to: nil, earlier: [first],
                                             config: RulesConfig(), timeZone: Fixture.berlin)
        #expect(repeated.count == 1)
        #expect(repeated.first?.hasPrefix("this check-in looks like a duplicate of aaaaaaaa") == true)
        #expect(ActionChecks.warnings(.checkIn, occurred: first.occurred + 7 * Fixture.day, to: nil, earlier: [first],
                                      config: RulesConfig(), timeZone: Fixture.berlin).isEmpty)
    }

    // MARK: Not overbearing

    var end: Int64 { Fixture.interviewStart + Fixture.hour }

    @Test("marking it ghosted is suggested only once the check-ins are at their cap, never beside 'check in again'")
    func ghostedOnlyAtTheCap() throws {
        var given = Given()
        given.add(.checkInSent, at: end + 7 * Fixture.day)
        let pending = given.due(at: end + 30 * Fixture.day)
        #expect(pending.contains { $0.rule == .checkIn })
        #expect(!pending.contains { $0.rule == .ghosted })
        #expect(pending.first { $0.rule == .checkIn }?.reason.hasPrefix("no reply to 1 check-in; check in again") == true)
        given.add(.checkInSent, at: end + 14 * Fixture.day)
        let cold = given.due(at: end + 30 * Fixture.day)
        #expect(!cold.contains { $0.rule == .checkIn })
        let ghosted = try #require(cold.first { $0.rule == .ghosted })
        #expect(ghosted.dueAt == end + 28 * Fixture.day)
    }

    @Test("a reply without a timeline does not answer 'ask about next steps'; a decision date does")
    func replyWithoutTimeline() {
        var given = Given()
        given.add(.responseReceived, at: end + 2 * Fixture.hour)
        #expect(given.item(.nextSteps, at: end + 3 * Fixture.hour) != nil)
        given.add(.responseReceived, at: end + 4 * Fixture.hour, decisionBy: end + 5 * Fixture.day)
        #expect(given.item(.nextSteps, at: end + 5 * Fixture.hour) == nil)
    }

    @Test("no check-in is due on a Saturday or Sunday: it moves to the Monday")
    func noCheckInAtTheWeekend() throws {
        // Saturday 21 November 2026, 10:00–11:00 in Berlin: a week on is a Saturday.
        let given = Given(interviewAt: Fixture.utc("2026-11-21T09:00:00Z"))
        let item = try #require(given.item(.checkIn, at: Fixture.utc("2026-11-22T12:00:00Z")))
        #expect(item.dueAt == Fixture.utc("2026-11-30T10:00:00Z"))
    }

    @Test("no check-in is due on a listed holiday, and business days skip holidays")
    func noCheckInOnAHoliday() throws {
        var config = RulesConfig()
        try config.set("holidays", to: "2026-12-25, 2026-12-24")
        #expect(config.holidays == "2026-12-24,2026-12-25")
        // Thursday 17 December 2026, 10:00–11:00 in Berlin: a week on is Christmas Eve.
        let given = Given(interviewAt: Fixture.utc("2026-12-17T09:00:00Z"))
        let item = try #require(given.due(at: Fixture.utc("2026-12-18T12:00:00Z"), config: config).first { $0.rule == .checkIn })
        #expect(item.dueAt == Fixture.utc("2026-12-28T10:00:00Z"))
        let calendar = BusinessCalendar(timeZone: Fixture.berlin, holidays: config.holidayDays)
        let wednesday = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-12-23T10:00:00Z")))
        #expect(calendar.addingBusinessDays(1, to: wednesday).timeIntervalSince1970 == TimeInterval(Fixture.utc("2026-12-28T10:00:00Z")))
    }

    @Test("a holiday list must be real dates", arguments: ["2026-12-32", "24.12.2026", "2026-12-24,tomorrow"])
    func badHolidays(value: String) {
        var config = RulesConfig()
        #expect(throws: ConfigError.self) { try config.set("holidays", to: value) }
        #expect(config.holidays.isEmpty)
    }

    // MARK: Names

    @Test("names with titles, accents, apostrophes, hyphens, one word or only an email are greeted as a person would", arguments: [
        ("Dr. Jane Smith", "Jane", "Dr. Smith"),
        ("Prof. Müller", "Prof. Müller", "Prof. Müller"),
        ("Ms Anne-Marie Dupont-Moretti", "Anne-Marie", "Ms Dupont-Moretti"),
        ("Siobhán O’Brien", "Siobhán", "Siobhán O’Brien"),
        ("Priya", "Priya", "Priya"),
    ])
    func greetings(name: String, informal: String, formal: String) {
        #expect(PersonName(name).greeting(.firstName) == informal)
        #expect(PersonName(name).greeting(.titleSurname) == formal)
    }

    @Test("an email address or a bare title gives no name to greet by")
    func noNameToGreet() {
        #expect(PersonName("jane@initech.example").greeting(.firstName) == nil)
        #expect(PersonName("Dr.").greeting(.titleSurname) == nil)
    }

    @Test("--to matches a first name, surname, full name without title, email or a spelling without accents; several is ambiguous")
    func matching() {
        let people = [Interviewer(name: "Dr. Jane Smith", email: "jane@initech.example"), Interviewer(name: "José Núñez"),
                      Interviewer(name: "Bob Lee"), Interviewer(name: "Ann Lee"), Interviewer(name: "Siobhán O’Brien")]
        for wanted in ["jane", "Smith", "Jane Smith", "dr. jane smith", "JANE@initech.example", "Jane <jane@initech.example>"] {
            #expect(InterviewerMatch.resolve(wanted, among: people) == .one(people[0]), "\(wanted)")
        }
        #expect(InterviewerMatch.resolve("jose nunez", among: people) == .one(people[1]))
        #expect(InterviewerMatch.resolve("o'brien", among: people) == .one(people[4]))
        #expect(InterviewerMatch.resolve("Lee", among: people) == .several([people[2], people[3]]))
        #expect(InterviewerMatch.resolve("Bob Lee", among: people) == .one(people[2]))
        #expect(InterviewerMatch.resolve("Janet", among: people) == .none)
    }

    @Test("a thank-you to a surname thanks that interviewer only")
    func thankBySurname() {
        var given = Given(interviewers: ["Dr. Jane Smith", "José Núñez"])
        given.add(.thankYouSent, at: end + Fixture.hour, to: "nunez")
        #expect(given.state.interviewers.map { $0.thankedAt != nil } == [false, true])
    }

    @Test("a draft to Dr. Jane Smith greets her by first name, or as Dr. Smith when so configured, never 'Dear Dr.,'")
    func draftGreeting() throws {
        let state = Given(interviewers: ["Dr. Jane Smith"]).state
        let informal = try DraftWriter(timeZone: Fixture.berlin).draft(.thankYou, for: state, now: end + Fixture.hour)
        #expect(informal.text.contains("\n\nDear Jane,\n\n"))
        var config = RulesConfig()
        try config.set("draft.greeting", to: "title-surname")
        let formal = try DraftWriter(config: config, timeZone: Fixture.berlin).draft(.thankYou, for: state, now: end + Fixture.hour)
        #expect(formal.text.contains("\n\nDear Dr. Smith,\n\n"))
        #expect(throws: ConfigError.self) { try config.set("draft.greeting", to: "sir") }
    }

    // MARK: Fixing mistakes

    @discardableResult
    static func amend(_ given: inout Given, _ amendment: InterviewAmendment, at time: Int64) -> String {
        let id = given.add(.interviewAmended, at: time)
        given.facts[given.facts.count - 1].amendment = amendment
        return id
    }

    @Test("an edit moves the interview, adds and removes interviewers and points; the thank-yous follow it")
    func amendmentFolds() throws {
        var given = Given(interviewers: ["Jane Doe", "Ann Lee"])
        given.add(.thankYouSent, at: end + Fixture.hour, to: "Bob")
        AdviceTests.amend(&given, InterviewAmendment(company: "Acme Corp", startsAt: Fixture.interviewStart + Fixture.day,
                                                  addInterviewers: [Interviewer(name: "Bob Lee")],
                                                  removeInterviewers: ["Ann Lee"], addPoints: ["on-call"]),
                       at: end + 2 * Fixture.hour)
        let state = given.state
        #expect(state.company == "Acme Corp")
        #expect(state.startsAt == Fixture.interviewStart + Fixture.day)
        #expect(state.interviewers.map(\.name) == ["Jane Doe", "Bob Lee"])
        #expect(state.interviewers[1].thankedAt != nil)
        #expect(state.points == ["offline sync", "on-call"])
        let thankYous = given.due(at: end + 2 * Fixture.day).filter { $0.rule == .thankYou }
        #expect(thankYous.map(\.to) == ["Jane Doe"])
        #expect(thankYous.first?.dueAt == end + Fixture.day + 24 * Fixture.hour)
    }

    @Test("a retracted edit no longer counts")
    func retractedAmendment() {
        var given = Given()
        let id = AdviceTests.amend(&given, InterviewAmendment(role: "Manager"), at: end)
        given.retract(id, at: end + Fixture.hour)
        #expect(given.state.role == "Engineer")
    }

    @Test("an amendment event must change something and say it in the documented fields")
    func amendmentPayloadValidated() {
        func event(_ payload: [String: JSONValue]) -> Event {
            Event(version: 1, id: Event.newID(), device: "0123456789abcdef", seq: 2, recordedMs: 0, clock: 0, occurred: 0,
                  type: "interview-amended", interview: Event.newID(), payload: payload, prev: String(repeating: "0", count: 64),
                  signature: "")
        }
        #expect(throws: EventFormatError.self) { try event([:]).validatePayload() }
        #expect(throws: EventFormatError.self) { try event(["durationMinutes": .int(0)]).validatePayload() }
        #expect(throws: EventFormatError.self) { try event(["removeInterviewers": .array([.string("")])]).validatePayload() }
        #expect(throws: Never.self) { try event(InterviewAmendment(role: "Manager").payload).validatePayload() }
    }

    // MARK: Drafts

    var writer: DraftWriter { DraftWriter(config: DraftTests.signed, timeZone: Fixture.berlin) }

    @Test("each interviewer's thank-you leads with a different point when several are recorded")
    func thankYousDiffer() throws {
        let state = Given(points: ["offline sync", "the CI pipeline"]).state
        let jane = try writer.draft(.thankYou, for: state, to: "Jane", now: end + Fixture.hour)
        let bob = try writer.draft(.thankYou, for: state, to: "Bob", now: end + Fixture.hour)
        #expect(jane.text.contains("our conversation about offline sync"))
        #expect(bob.text.contains("our conversation about the CI pipeline"))
        #expect(bob.text.contains("hearing about offline sync"))
    }

    @Test("a recorded qualification is restated in the thank-you, next-steps and check-in drafts")
    func qualificationRestated() throws {
        let state = Given().state
        let sentence = "I would also like to highlight again my answer on Core Data migrations, which I believe makes me a strong fit for the role."
        for kind in [DraftKind.thankYou, .nextSteps, .checkIn] {
            let draft = try writer.draft(kind, for: state, to: "Jane", now: end + 8 * Fixture.day,
                                         qualifications: ["my answer on Core Data migrations"])
            #expect(draft.text.contains(sentence), "\(kind)")
        }
    }

    @Test("a check-in after an unanswered one refers to it, with or without a past decision date")
    func checkInRefersToTheLastOne() throws {
        var given = Given(decisionBy: end + 2 * Fixture.day)
        given.add(.checkInSent, at: end + 4 * Fixture.day)
        let draft = try writer.draft(.checkIn, for: given.state, to: "Jane", now: end + 11 * Fixture.day)
        #expect(draft.text.contains("You mentioned you hoped to decide by Friday 27 November, and as I have not heard back "
            + "since my note of Sunday 29 November"))
    }

    @Test("a check-in drafted after an outcome warns; an unsigned built-in draft says how to sign it")
    func draftNotes() throws {
        var given = Given()
        given.add(.outcomeRecorded, at: end + 3 * Fixture.day, detail: "offer")
        let checkIn = try writer.draft(.checkIn, for: given.state, to: "Jane", now: end + 4 * Fixture.day)
        #expect(checkIn.notes.contains("acme already has the outcome 'offer'; a check-in is no longer needed"))
        let unsigned = try DraftWriter(timeZone: Fixture.berlin).draft(.thankYou, for: Given().state, to: "Jane", now: end)
        #expect(unsigned.notes == ["the draft is unsigned; set your name once with: followup config set draft.signature \"Your Name\""])
    }

    // MARK: Dates and typos as people write them

    func read(_ input: String, _ direction: WhenParser.Direction = .past) throws -> String {
        utc(try parser.parse(input, prefer: direction))
    }

    @Test("month-name dates are read, a missing year in the preferred direction", arguments: [
        ("Nov 20", WhenParser.Direction.past, "2026-11-20T08:00:00Z"),
        ("Nov 20", .future, "2027-11-20T08:00:00Z"),
        ("dec 4", .future, "2026-12-04T08:00:00Z"),
        ("20 Nov 2026", .future, "2026-11-20T08:00:00Z"),
        ("Nov 20 2pm", .past, "2026-11-20T13:00:00Z"),
        ("November 20, 2026 14:30", .past, "2026-11-20T13:30:00Z"),
        ("20th nov 9:15am", .past, "2026-11-20T08:15:00Z"),
        ("last friday", .past, "2026-11-27T08:00:00Z"),
    ])
    func monthNames(input: String, direction: WhenParser.Direction, expected: String) throws {
        #expect(try read(input, direction) == expected)
    }

    @Test("11/20/2026 is refused with a hint, a day that does not exist is refused, a typo gets 'did you mean'")
    func refusedForms() {
        #expect(throws: DateInputError(input: "11/20/2026", reason: "day/month order is ambiguous in 11/20/2026 style dates; "
            + "write 2026-11-20 or 20 Nov 2026")) { try parser.parse("11/20/2026") }
        #expect(throws: DateInputError(input: "Feb 30 2026", reason: "there is no such day")) { try parser.parse("Feb 30 2026") }
        #expect(throws: DateInputError(input: "tomorow 9am", reason: "did you mean 'tomorrow 9am'?")) { try parser.parse("tomorow 9am") }
    }

    @Test("a mistyped word gets the nearest known one, and nothing far from every known word does")
    func suggestions() {
        let actions = Action.allCases.map(\.rawValue)
        #expect(Suggestion.closest(to: "thankyou", among: actions) == "thank-you")
        #expect(Suggestion.closest(to: "chek-in", among: actions) == "check-in")
        #expect(Suggestion.closest(to: "ofer", among: Outcome.allCases.map(\.rawValue)) == "offer")
        #expect(Suggestion.closest(to: "banana", among: actions) == nil)
    }
}

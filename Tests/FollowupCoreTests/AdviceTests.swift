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
}

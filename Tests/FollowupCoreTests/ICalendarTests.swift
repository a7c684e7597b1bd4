import Foundation
import Testing
@testable import FollowupCore

@Suite("iCalendar export")
struct ICalendarTests {
    let end = Fixture.interviewStart + Fixture.hour

    func items() -> [DueItem] { Given().due(at: end + Fixture.hour) }

    @Test("TEXT values escape backslash, semicolon, comma and newline (RFC 5545 3.3.11)")
    func escaping() {
        #expect(ICalendarWriter.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
        #expect(ICalendarWriter.escape("line\r\nnext") == "line\\nnext")
    }

    @Test("content lines are folded at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1)")
    func folding() {
        let line = "SUMMARY:" + String(repeating: "é", count: 100)
        let folded = ICalendarWriter.fold(line)
        let pieces = folded.components(separatedBy: "\r\n")
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.utf8.count <= 75 })
        #expect(pieces.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        // Unfolding (remove CRLF + one space) gives the line back.
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        #expect(ICalendarWriter.fold("SHORT:line") == "SHORT:line")
    }

    @Test("the UID depends on interview, rule and person only, so a moved due date keeps its UID")
    func stableUID() throws {
        let first = try #require(Given().item(.thankYou, at: end + Fixture.hour, to: "Jane Doe"))
        var moved = first
        moved.dueAt += 3 * Fixture.day
        moved.reason = "something else"
        #expect(ICalendarWriter.uid(for: first) == ICalendarWriter.uid(for: moved))
        let bob = try #require(Given().item(.thankYou, at: end + Fixture.hour, to: "Bob Lee"))
        #expect(ICalendarWriter.uid(for: first) != ICalendarWriter.uid(for: bob))
        let uids = items().map(ICalendarWriter.uid(for:))
        #expect(Set(uids).count == uids.count)
    }

    @Test("hour rules are timed events ending at the due time; day rules are all-day on the local due day")
    func eventTimes() throws {
        let writer = ICalendarWriter(stamp: end, timeZone: Fixture.berlin, productVersion: "test")
        let text = writer.calendar(items())
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        // Thank-you due Thursday 15:00 Berlin = 14:00 UTC: the event runs 13:30–14:00 UTC.
        #expect(text.contains("DTSTART:20261126T133000Z\r\nDTEND:20261126T140000Z"))
        // Handwritten note due Friday: an all-day event on Friday.
        #expect(text.contains("DTSTART;VALUE=DATE:20261127\r\nDTEND;VALUE=DATE:20261128"))
        #expect(text.components(separatedBy: "BEGIN:VALARM").count - 1 == items().count)
    }
}

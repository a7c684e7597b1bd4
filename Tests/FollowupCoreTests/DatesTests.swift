import TestSupport
import Foundation
import Testing
@testable import FollowupCore

@Suite("Dates people type")
struct DatesTests {
    // Saturday 28 November 2026, 10:30 in Berlin.
    let now = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-28T09:30:00Z")))
    var parser: WhenParser { WhenParser(now: now, timeZone: Fixture.berlin) }

    func utc(_ input: String, prefer direction: WhenParser.Direction = .past) throws -> String {
        UTCTime.format(seconds: Int64(try parser.parse(input, prefer: direction).timeIntervalSince1970))
    }

    @Test("each documented form reads as the moment a person means", arguments: [
        ("2026-11-27T14:00:00Z", "2026-11-27T14:00:00Z"),
        ("2026-11-27T14:00+05:00", "2026-11-27T09:00:00Z"),
        ("2026-11-27 14:00", "2026-11-27T13:00:00Z"),
        ("2026-11-27", "2026-11-27T08:00:00Z"),
        ("today 9am", "2026-11-28T08:00:00Z"),
        ("yesterday 17:30", "2026-11-27T16:30:00Z"),
        ("tomorrow", "2026-11-29T08:00:00Z"),
        ("monday", "2026-11-23T08:00:00Z"),
        ("next monday", "2026-11-30T08:00:00Z"),
        ("3d ago", "2026-11-25T09:30:00Z"),
        ("+2d", "2026-11-30T09:30:00Z"),
        ("2h ago", "2026-11-28T07:30:00Z"),
        ("9:15pm", "2026-11-28T20:15:00Z"),
        ("now", "2026-11-28T09:30:00Z"),
    ])
    func forms(input: String, expected: String) throws {
        #expect(try utc(input) == expected)
    }

    @Test("a bare weekday looks forward for deadlines and back for actions")
    func weekdayDirection() throws {
        #expect(try utc("friday", prefer: .future) == "2026-12-04T08:00:00Z")
        #expect(try utc("friday", prefer: .past) == "2026-11-27T08:00:00Z")
    }

    @Test("a day keeps its clock time across the end of summer time")
    func daylightSaving() throws {
        let october = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-10-24T08:00:00Z")))  // 10:00 CEST
        let parsed = try WhenParser(now: october, timeZone: Fixture.berlin).parse("+1d")
        #expect(UTCTime.format(seconds: Int64(parsed.timeIntervalSince1970)) == "2026-10-25T09:00:00Z")  // 10:00 CET
    }

    @Test("nonsense is refused with the forms that work", arguments: ["blursday", "2026-02-30", "2026-11-27 25:00", "", "3 parsecs ago", "yesterday teatime"])
    func refused(input: String) {
        #expect(throws: DateInputError.self) { try parser.parse(input) }
        do { _ = try parser.parse(input) } catch {
            #expect(error.description.contains("cannot read '\(input)' as a date"))
            #expect(error.description.contains("'3d ago'"))
        }
    }

    @Test("UTC stamps have one spelling and refuse impossible days")
    func utcStamps() {
        #expect(UTCTime.format(seconds: 0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.format(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(UTCTime.parseSeconds("2028-02-29T12:00:00Z") != nil)
        #expect(UTCTime.parseSeconds("2026-02-29T12:00:00Z") == nil)
        #expect(UTCTime.parseSeconds("2026-11-27T14:00:00+00:00") == nil)
        for seconds: Int64 in [0, 1_795_834_800, -86_401, 253_402_300_799] {
            #expect(UTCTime.parseSeconds(UTCTime.format(seconds: seconds)) == seconds)
        }
    }

    @Test("business days skip the weekend")
    func businessDays() {
        let calendar = BusinessCalendar(timeZone: Fixture.berlin)
        let friday = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-27T16:00:00Z")))
        let saturday = friday.addingTimeInterval(86_400)
        #expect(UTCTime.format(seconds: Int64(calendar.addingBusinessDays(1, to: friday).timeIntervalSince1970)) == "2026-11-30T16:00:00Z")
        #expect(UTCTime.format(seconds: Int64(calendar.addingBusinessDays(2, to: saturday).timeIntervalSince1970)) == "2026-12-01T16:00:00Z")
    }

    @Test("durations read as minutes", arguments: [("45m", 45), ("1h", 60), ("1h30m", 90), ("90", 90)])
    func durations(input: String, minutes: Int) {
        #expect(DurationInput.minutes(input) == minutes)
    }

    @Test("impossible durations are refused", arguments: ["0m", "25h", "abc", "1x", ""])
    func badDurations(input: String) {
        #expect(DurationInput.minutes(input) == nil)
    }
}

@Suite("Business calendar against Foundation's Calendar")
struct BusinessCalendarAgreementTests {
    @Test("adding days and business days agrees with Calendar across a year, DST changes included",
          arguments: ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "UTC"])
    func agreesWithCalendar(zone: String) {
        let timeZone = TimeZone(identifier: zone)!
        let business = BusinessCalendar(timeZone: timeZone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var date = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-01-01T10:17:00Z")))
        for _ in 0..<400 {
            #expect(business.addingDays(1, to: date) == calendar.date(byAdding: .day, value: 1, to: date)!, "\(zone) \(date)")
            let weekday = calendar.component(.weekday, from: date)
            #expect(business.isWeekend(date) == (weekday == 1 || weekday == 7))
            date = date.addingTimeInterval(22 * 3600 + 13 * 60)
        }
    }
}

@Suite("UTC offsets remembered between transitions")
struct ZoneOffsetTests {
    @Test("the remembered offset equals the zone's own at random instants in random order, and at each side of every transition",
          arguments: ["Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata", "UTC"])
    func agreesWithTimeZone(zone: String) {
        let timeZone = TimeZone(identifier: zone)!
        var random = SplitMix(seed: 0x5EED_0FF5E7 ^ UInt64(zone.utf8.count))
        let from = Fixture.utc("1990-01-01T00:00:00Z"), to = Fixture.utc("2040-01-01T00:00:00Z")
        var instants = (0..<3000).map { _ in Int64.random(in: from..<to, using: &random) }
        var transition = Date(timeIntervalSince1970: TimeInterval(from))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: transition), next.timeIntervalSince1970 < Double(to) {
            let seconds = Int64(next.timeIntervalSince1970)
            instants += [seconds - 1, seconds, seconds + 1]
            transition = next
        }
        instants.shuffle(using: &random)
        for seconds in instants {
            let expected = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
            #expect(ZoneOffsets.offset(at: seconds, in: timeZone) == expected, "\(zone) at \(UTCTime.format(seconds: seconds))")
        }
    }
}

@Suite("Local times shown to people")
struct LocalTimeTests {
    @Test("formatting agrees with Calendar in several zones, across DST changes",
          arguments: ["Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Chatham"])
    func agreesWithCalendar(zone: String) {
        let timeZone = TimeZone(identifier: zone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var seconds = Fixture.utc("2026-01-01T00:07:00Z")
        for _ in 0..<300 {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday],
                                                from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let expected = String(format: "%@ %04d-%02d-%02d %02d:%02d", LocalTime.weekdays[parts.weekday! - 1],
                                  parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
            #expect(LocalTime.format(seconds, timeZone: timeZone, withWeekday: true) == expected)
            seconds += 29 * 3600 + 17 * 60
        }
    }
}

@Suite("UTC timestamps")
struct UTCTimeTests {
    @Test("format writes what Foundation's ISO 8601 formatter writes, and parse reads it back, across four centuries")
    func matchesFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let milliseconds = Int64.random(in: 0...(13_569_465_600_000), using: &random)  // 1970 to 2400
            let text = UTCTime.format(milliseconds: milliseconds)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000 + 0.0001)))
            #expect(UTCTime.parseMilliseconds(text) == milliseconds)
            let seconds = milliseconds / 1000
            #expect(UTCTime.format(seconds: seconds) == String(text.prefix(19)) + "Z")
        }
        #expect(UTCTime.format(seconds: -1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.format(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    }
}

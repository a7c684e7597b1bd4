import Crypto
import Foundation

/// Due items as an RFC 5545 calendar: one VEVENT with an alarm per item. Pure.
///
/// A UID depends only on the interview, the rule and the person, so importing a newer export
/// into a calendar moves the existing event instead of adding a second one.
public struct ICalendarWriter: Sendable {
    /// `DTSTAMP` of every event: when the export was made.
    public var stamp: Int64
    /// All-day events fall on the due day in this time zone.
    public var timeZone: TimeZone
    public var productVersion: String

    public init(stamp: Int64, timeZone: TimeZone = .current, productVersion: String) {
        self.stamp = stamp
        self.timeZone = timeZone
        self.productVersion = productVersion
    }

    /// Rules counted in days are all-day events on the due day; rules counted in hours are
    /// timed events ending at the due time.
    public static func isAllDay(_ rule: FollowUpRule) -> Bool {
        switch rule {
        case .thankYou, .nextSteps: false
        case .handwrittenNote, .checkIn, .ghosted: true
        }
    }

    /// Minutes a timed event lasts, ending when the item is due.
    static let timedMinutes: Int64 = 30

    /// The stable UID of an item: interview + rule + person.
    public static func uid(for item: DueItem) -> String {
        let key = [item.interviewID, item.rule.rawValue, (item.to ?? "").lowercased()].joined(separator: "\u{1F}")
        return String(SHA256.hash(data: Data(key.utf8)).hexString.prefix(32)) + "@followup"
    }

    /// The whole calendar, lines ending in CRLF, folded at 75 octets.
    public func calendar(_ items: [DueItem]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//followup//followup \(productVersion)//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:followup",
        ]
        for item in items { lines += event(item) }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarWriter.fold).joined(separator: "\r\n") + "\r\n"
    }

    func event(_ item: DueItem) -> [String] {
        let summary = ICalendarWriter.summary(item)
        var command = "followup log \(item.action) \(item.ref)"
        if item.rule == .ghosted { command += " ghosted" }
        if let to = item.to { command += " --to \"\(to)\"" }
        var lines = ["BEGIN:VEVENT", "UID:\(ICalendarWriter.uid(for: item))", "DTSTAMP:\(ICalendarWriter.utc(stamp))"]
        if ICalendarWriter.isAllDay(item.rule) {
            let day = localDay(item.dueAt)
            lines += ["DTSTART;VALUE=DATE:\(ICalendarWriter.date(day))", "DTEND;VALUE=DATE:\(ICalendarWriter.date(day + 1))"]
        } else {
            lines += ["DTSTART:\(ICalendarWriter.utc(item.dueAt - ICalendarWriter.timedMinutes * 60))",
                      "DTEND:\(ICalendarWriter.utc(item.dueAt))"]
        }
        lines += [
            "SUMMARY:" + ICalendarWriter.escape(summary),
            "DESCRIPTION:" + ICalendarWriter.escape("\(item.reason)\nWhen done: \(command)"),
            "CATEGORIES:" + ICalendarWriter.escape(item.rule.rawValue),
            "TRANSP:TRANSPARENT",
            // All-day: 09:00 on the day; timed: an hour before the event starts.
            "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + ICalendarWriter.escape(summary),
            "TRIGGER:" + (ICalendarWriter.isAllDay(item.rule) ? "PT9H" : "-PT1H"), "END:VALARM",
            "END:VEVENT",
        ]
        return lines
    }

    static func summary(_ item: DueItem) -> String {
        let what: String
        switch item.rule {
        case .thankYou: what = "Thank-you" + (item.to.map { " to \($0)" } ?? "")
        case .handwrittenNote: what = "Handwritten note (optional)"
        case .nextSteps: what = "Ask about next steps"
        case .checkIn: what = "Check in"
        case .ghosted: what = "Mark as ghosted?"
        }
        return "\(what) — \(item.company) (\(item.ref))"
    }

    /// Days since 1970-01-01 of the local date of `seconds`.
    func localDay(_ seconds: Int64) -> Int64 {
        let offset = ZoneOffsets.offset(at: seconds, in: timeZone)
        return (seconds + offset).floorDivMod(86_400).0
    }

    static func date(_ days: Int64) -> String {
        let (year, month, day) = UTCTime.civilFromDays(days)
        return pad(year, 4) + pad(month, 2) + pad(day, 2)
    }

    static func utc(_ seconds: Int64) -> String {
        let (days, secondOfDay) = seconds.floorDivMod(86_400)
        return date(days) + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2) + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newline.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n", "\r\n": escaped += "\\n"
            case "\r": break
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Folds a content line into lines of at most 75 octets, each continuation starting with a
    /// space, never splitting a UTF-8 sequence (RFC 5545 3.1).
    public static func fold(_ line: String) -> String {
        var result = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                result += "\r\n "
                octets = 1
            }
            result.unicodeScalars.append(scalar)
            octets += size
        }
        return result
    }
}

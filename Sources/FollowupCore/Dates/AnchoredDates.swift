import Foundation

/// A date typed about an event's future (when the employer will decide), read against the
/// event's own time: `--decision-by friday` on an interview held on a Wednesday is that week's
/// Friday, however long after it the interview is entered.
public struct AnchoredDate: Equatable, Sendable {
    public var date: Date
    /// Whether the typed text left the day to be worked out (`friday`, `+2d`, `tomorrow`), so
    /// the user should be told which day was understood.
    public var wasRelative: Bool
}

extension WhenParser {
    /// `input` read as if typed at `anchor`: weekdays, day words, `+2d` and bare times count
    /// from the anchor's day, not from now. Full dates mean what they say.
    public func parse(_ input: String, prefer direction: Direction = .future,
                      relativeTo anchor: Date) throws(DateInputError) -> AnchoredDate {
        var anchored = self
        anchored.now = anchor
        let date = try anchored.parse(input, prefer: direction)
        return AnchoredDate(date: date, wasRelative: !WhenParser.namesFullDate(input))
    }

    /// Whether `input` names its day in full (`2026-11-20`, `2026-11-20 14:00`), as opposed to
    /// counting it from some moment.
    public static func namesFullDate(_ input: String) -> Bool {
        let bytes = Array(input.trimmingSpaces().utf8)
        guard bytes.count >= 10 else { return false }
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9]
        return bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
            && digitPositions.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
    }
}

/// What `--decision-by` was understood as, for the note the commands print: `decision by Fri 20 Nov`.
public enum DecisionDateNote {
    public static func text(_ date: Date, timeZone: TimeZone = .current) -> String {
        "decision by \(LocalTime.day(Int64(date.timeIntervalSince1970.rounded(.down)), timeZone: timeZone))"
    }
}

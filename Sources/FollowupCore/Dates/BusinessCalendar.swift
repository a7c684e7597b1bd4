import Foundation

/// Day arithmetic in the user's time zone, skipping Saturdays and Sundays for business days.
public struct BusinessCalendar: Sendable {
    public let timeZone: TimeZone
    /// Made once: creating a Calendar costs more than the arithmetic done with it.
    let calendar: Calendar

    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public func isWeekend(_ date: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: date)
        return weekday == 1 || weekday == 7
    }

    /// `date` moved forward by `count` weekdays, keeping its time of day.
    /// From a Friday, one business day is the Monday; from a Saturday, too.
    public func addingBusinessDays(_ count: Int, to date: Date) -> Date {
        var result = date
        var remaining = count
        while remaining > 0 {
            result = calendar.date(byAdding: .day, value: 1, to: result)!
            if !isWeekend(result) { remaining -= 1 }
        }
        return result
    }

    /// `date` moved by whole calendar days, keeping its clock time across DST changes.
    public func addingDays(_ count: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: count, to: date)!
    }
}

/// Reads an interview length: `45m`, `1h`, `1h30m`, `90`.
public enum DurationInput {
    public static func minutes(_ text: String) -> Int? {
        let body = text.lowercased().replacingOccurrences(of: " ", with: "")
        if let plain = Int(body) { return (1...1440).contains(plain) ? plain : nil }
        var total = 0
        var number = ""
        var sawUnit = false
        for character in body {
            if character.isASCII, character.isNumber {
                number.append(character)
            } else if character == "h" || character == "m", let value = Int(number), number.count <= 4 {
                total += character == "h" ? value * 60 : value
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit, (1...1440).contains(total) else { return nil }
        return total
    }
}

import Foundation

/// Day arithmetic in the user's time zone, skipping Saturdays and Sundays for business days.
public struct BusinessCalendar: Sendable {
    public let timeZone: TimeZone
    let offsets: ZoneOffsets
    /// The user's days off, as local day numbers (days since 1970-01-01).
    let holidays: Set<Int64>

    public init(timeZone: TimeZone = .current, holidays: [HolidayList.Day] = []) {
        self.timeZone = timeZone
        offsets = ZoneOffsets.of(timeZone)
        self.holidays = Set(holidays.map(\.number))
    }

    /// The same calendar with these days off as well.
    public func adding(holidays more: [HolidayList.Day]) -> BusinessCalendar {
        guard !more.isEmpty else { return self }
        return BusinessCalendar(offsets: offsets, timeZone: timeZone, holidays: holidays.union(more.map(\.number)))
    }

    private init(offsets: ZoneOffsets, timeZone: TimeZone, holidays: Set<Int64>) {
        self.timeZone = timeZone
        self.offsets = offsets
        self.holidays = holidays
    }

    /// The local day number (days since 1970-01-01) of `date`.
    private func localDay(_ date: Date) -> Int64 {
        let instant = Int64(date.timeIntervalSince1970.rounded(.down))
        return (instant + offsets.offset(at: instant)).floorDivMod(86_400).0
    }

    /// Whether `date` falls on one of the user's days off.
    public func isHoliday(_ date: Date) -> Bool { !holidays.isEmpty && holidays.contains(localDay(date)) }

    /// Neither a Saturday or Sunday nor a day off.
    public func isBusinessDay(_ date: Date) -> Bool { !isWeekend(date) && !isHoliday(date) }

    /// `date` if it falls on a business day, else the same time on the next one.
    public func onBusinessDay(_ date: Date) -> Date {
        var result = date
        var steps = 0
        // A year of days off in a row is not a calendar anyone keeps; the bound keeps this total.
        while !isBusinessDay(result), steps < 400 {
            result = addingDays(1, to: result)
            steps += 1
        }
        return result
    }

    // Day arithmetic on seconds and the zone's UTC offset: the rules run it for every open
    // interview on every `due`, and Calendar's general machinery costs ~40 times more.

    /// Whether `date` falls on a Saturday or Sunday in the time zone.
    public func isWeekend(_ date: Date) -> Bool {
        let instant = Int64(date.timeIntervalSince1970.rounded(.down))
        let local = instant + offsets.offset(at: instant)
        let (days, _) = local.floorDivMod(86_400)
        let weekday = (days + 4).floorDivMod(7).1  // 1970-01-01 was a Thursday; 0 is Sunday
        return weekday == 0 || weekday == 6
    }

    /// `date` moved forward by `count` weekdays, keeping its time of day.
    /// From a Friday, one business day is the Monday; from a Saturday, too.
    public func addingBusinessDays(_ count: Int, to date: Date) -> Date {
        var result = date
        var remaining = count
        while remaining > 0 {
            result = addingDays(1, to: result)
            if isBusinessDay(result) { remaining -= 1 }
        }
        return result
    }

    /// `date` moved by whole calendar days, keeping its clock time across DST changes.
    public func addingDays(_ count: Int, to date: Date) -> Date {
        let local = date.timeIntervalSince1970 + Double(offset(date)) + Double(count) * 86_400
        // The instant whose local time is `local`: try the offset at the first guess, then settle.
        var guess = Date(timeIntervalSince1970: local - Double(offset(date)))
        for _ in 0..<2 {
            let settled = Date(timeIntervalSince1970: local - Double(offset(guess)))
            if settled == guess { break }
            guess = settled
        }
        return guess
    }

    private func offset(_ date: Date) -> Int64 {
        offsets.offset(at: Int64(date.timeIntervalSince1970.rounded(.down)))
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

import Foundation

/// Formats stored UTC seconds in the user's time zone (`TZ`) for people to read.
public enum LocalTime {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The local civil time of `seconds`, from the zone's UTC offset: tables and item lists
    /// format thousands of these, and Calendar's general machinery costs far more.
    static func civil(_ seconds: Int64, _ timeZone: TimeZone)
        -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, weekday: Int) {
        let offset = ZoneOffsets.offset(at: seconds, in: timeZone)
        let (days, secondOfDay) = (seconds + offset).floorDivMod(86_400)
        let (year, month, day) = UTCTime.civilFromDays(days)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, Int((days + 4).floorDivMod(7).1))
    }

    /// `2026-11-27 14:00` (or `Fri 2026-11-27 14:00`) in `timeZone`.
    public static func format(_ seconds: Int64, timeZone: TimeZone = .current, withWeekday: Bool = false) -> String {
        let time = civil(seconds, timeZone)
        guard (1000...9999).contains(time.year) else {
            func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let text = "\(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute))"
            return withWeekday ? weekdays[time.weekday] + " " + text : text
        }
        // Written byte by byte into the string's own storage: tables format thousands of these.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            var count = 0
            func put(_ byte: UInt8) { buffer[count] = byte; count += 1 }
            func digits(_ value: Int64, _ width: Int) {
                var divisor: Int64 = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 { put(UInt8(ascii: "0") + UInt8(value / divisor % 10)); divisor /= 10 }
            }
            if withWeekday {
                for byte in weekdays[time.weekday].utf8 { put(byte) }
                put(UInt8(ascii: " "))
            }
            digits(time.year, 4); put(UInt8(ascii: "-")); digits(time.month, 2); put(UInt8(ascii: "-")); digits(time.day, 2)
            put(UInt8(ascii: " ")); digits(time.hour, 2); put(UInt8(ascii: ":")); digits(time.minute, 2)
            return count
        }
    }

    /// `Fri 27 Nov` in `timeZone`.
    public static func day(_ seconds: Int64, timeZone: TimeZone = .current) -> String {
        let time = civil(seconds, timeZone)
        return "\(weekdays[time.weekday]) \(time.day) \(months[Int(time.month) - 1])"
    }
}

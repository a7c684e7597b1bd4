import Foundation

/// Formats stored UTC seconds in the user's time zone (`TZ`) for people to read.
public enum LocalTime {
    /// The calendar of the process's time zone (`TZ`), made once.
    static let local = BusinessCalendar(timeZone: .current)

    /// `2026-11-27 14:00` in `timeZone`.
    public static func format(_ seconds: Int64, timeZone: TimeZone = .current, withWeekday: Bool = false) -> String {
        let calendar = timeZone == local.timeZone ? local.calendar : BusinessCalendar(timeZone: timeZone).calendar
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday],
                                            from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value!)" }
        let text = "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
        guard withWeekday, let weekday = parts.weekday else { return text }
        return ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday - 1] + " " + text
    }
}

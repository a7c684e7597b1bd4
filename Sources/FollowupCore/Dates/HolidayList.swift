/// The user's days off (`followup config set holidays 2026-12-24,2026-12-25`): no check-in is
/// due on them, and business days skip them. Days are civil dates, the same in every zone.
public enum HolidayList {
    public struct Day: Hashable, Comparable, Sendable {
        public var year: Int64, month: Int64, day: Int64
        public static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }
        /// Days since 1970-01-01, for arithmetic on local days.
        var number: Int64 { UTCTime.daysFromCivil(year: year, month: month, day: day) }
    }

    /// At most this many days: a few years of public holidays.
    public static let maximumCount = 200

    /// The days of a list like `2026-12-24, 2026-12-25` (commas or spaces between them; empty is
    /// none), or nil when any is not a real YYYY-MM-DD date.
    public static func days(_ text: String) -> [Day]? {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\t" })
        guard parts.count <= maximumCount else { return nil }
        var days = Set<Day>()
        for part in parts {
            let bytes = Array(part.utf8)
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }),
                  let year = Int64(part.prefix(4)), let month = Int64(part.dropFirst(5).prefix(2)),
                  let day = Int64(part.suffix(2)), (1...12).contains(month), day >= 1,
                  day <= UTCTime.daysInMonth(year: year, month: month) else { return nil }
            days.insert(Day(year: year, month: month, day: day))
        }
        return days.sorted()
    }

    /// The normalised form kept in the setting: sorted, without repeats, separated by commas.
    public static func text(_ days: [Day]) -> String {
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return days.map { "\($0.year)-\(two($0.month))-\(two($0.day))" }.joined(separator: ",")
    }
}

import Foundation

/// A date or time a person typed that could not be read.
public struct DateInputError: Error, Equatable, CustomStringConvertible, Sendable {
    public let input: String
    public let reason: String?

    public var description: String {
        let why = reason.map { ": \($0)" } ?? ""
        return "cannot read '\(input)' as a date\(why); use ISO 8601 (2026-11-27T14:00), '2026-11-27 14:00', "
            + "'today 9am', 'yesterday 17:30', 'tomorrow', 'monday', '3d ago' or '+2d'"
    }
}

/// Reads the forms people type for a moment: ISO 8601, `2026-11-27 14:00`, `today 9am`,
/// `yesterday 17:30`, `tomorrow`, `monday`, `3d ago`, `+2d`, `17:30`.
///
/// Times without a zone are in `timeZone`. A day without a time means 09:00 that day, except
/// `today`, which means now. A bare weekday means the nearest one in the preferred direction:
/// `log --at monday` is last Monday, `--decision-by friday` the coming Friday.
public struct WhenParser: Sendable {
    public enum Direction: Sendable { case past, future }

    public var now: Date
    public var timeZone: TimeZone
    public static let defaultHour = 9

    public init(now: Date, timeZone: TimeZone = .current) {
        self.now = now
        self.timeZone = timeZone
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public func parse(_ input: String, prefer direction: Direction = .past) throws(DateInputError) -> Date {
        let text = input.trimmingSpaces().lowercased()
        guard !text.isEmpty else { throw DateInputError(input: input, reason: "it is empty") }
        if text == "now" || text == "today" { return now }
        if let date = parseRelative(text) { return date }
        if let date = try parseAbsolute(text, input: input) { return date }
        if let date = try parseDayWithTime(text, input: input, direction: direction) { return date }
        if let date = try parseMonthDay(text, input: input, direction: direction) { return date }
        if text.contains("/") {
            throw DateInputError(input: input, reason: "day/month order is ambiguous in 11/20/2026 style dates; "
                + "write 2026-11-20 or 20 Nov 2026")
        }
        throw DateInputError(input: input, reason: WhenParser.typoHint(text))
    }

    // `3d ago`, `2 hours ago`, `+2d`, `-3h`, `in 2 days`
    private func parseRelative(_ text: String) -> Date? {
        var body = text
        let sign: Double
        if body.hasSuffix(" ago") {
            body.removeLast(4)
            sign = -1
        } else if body.hasPrefix("+") {
            body.removeFirst()
            sign = 1
        } else if body.hasPrefix("-") {
            body.removeFirst()
            sign = -1
        } else if body.hasPrefix("in ") {
            body.removeFirst(3)
            sign = 1
        } else {
            return nil
        }
        body = body.replacingOccurrences(of: " ", with: "")
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 5, let amount = Double(digits) else { return nil }
        let unitSeconds: Double
        switch body.dropFirst(digits.count) {
        case "m", "min", "mins", "minute", "minutes": unitSeconds = 60
        case "h", "hr", "hrs", "hour", "hours": unitSeconds = 3600
        case "d", "day", "days": unitSeconds = 86_400
        case "w", "wk", "week", "weeks": unitSeconds = 7 * 86_400
        default: return nil
        }
        if unitSeconds >= 86_400 {
            // Whole days follow the calendar, so "+1d" across a DST change keeps the clock time.
            let days = Int(amount) * (unitSeconds == 86_400 ? 1 : 7) * Int(sign)
            return calendar.date(byAdding: .day, value: days, to: now)
        }
        return now.addingTimeInterval(sign * amount * unitSeconds)
    }

    // 2026-11-27, 2026-11-27 14:00, 2026-11-27T14:00:00Z, 2026-11-27T14:00+01:00
    private func parseAbsolute(_ text: String, input: String) throws(DateInputError) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)),
              let day = Int(text.dropFirst(8).prefix(2)) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= UTCTime.daysInMonth(year: Int64(year), month: Int64(month)) else {
            throw DateInputError(input: input, reason: "there is no such day")
        }
        var rest = String(text.dropFirst(10))
        var zone = timeZone
        if rest.hasSuffix("z") {
            rest.removeLast()
            zone = TimeZone(identifier: "UTC")!
        } else if let offsetRange = rest.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression),
                  rest.distance(from: rest.startIndex, to: offsetRange.lowerBound) > 1 {
            let offset = rest[offsetRange].replacingOccurrences(of: ":", with: "")
            // \d also matches digits of other scripts, which Int does not read.
            guard let hours = Int(offset.dropFirst().prefix(2)), let minutes = Int(offset.suffix(2)),
                  hours <= 18, minutes < 60,
                  let offsetZone = TimeZone(secondsFromGMT: (hours * 3600 + minutes * 60) * (offset.hasPrefix("-") ? -1 : 1))
            else {
                throw DateInputError(input: input, reason: "the UTC offset must be between -18:00 and +18:00")
            }
            zone = offsetZone
            rest.removeSubrange(offsetRange)
        }
        var hour = WhenParser.defaultHour, minute = 0, second = 0
        if !rest.isEmpty {
            guard rest.hasPrefix("t") || rest.hasPrefix(" ") else { return nil }
            guard let time = WhenParser.parseTimeOfDay(String(rest.dropFirst()).trimmingSpaces()) else {
                throw DateInputError(input: input, reason: "the time of day is not HH:MM")
            }
            (hour, minute, second) = time
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    // yesterday 17:30, tomorrow, monday, next friday 10am, 9am, 17:30
    private func parseDayWithTime(_ text: String, input: String, direction: Direction) throws(DateInputError) -> Date? {
        var words = text.split(separator: " ").map(String.init)
        var dayOffset: Int?
        var weekday: Int?
        var weekdayDirection = direction
        if let first = words.first {
            switch first {
            case "today": dayOffset = 0
            case "yesterday": dayOffset = -1
            case "tomorrow": dayOffset = 1
            case "last", "next":
                guard words.count >= 2, let day = WhenParser.weekday(words[1]) else { return nil }
                weekday = day
                weekdayDirection = first == "last" ? .past : .future
                words.removeFirst()
            default: weekday = WhenParser.weekday(first)
            }
        }
        if dayOffset != nil || weekday != nil { words.removeFirst() }
        let timeText = words.joined(separator: " ")
        var time: (Int, Int, Int)?
        if !timeText.isEmpty {
            guard let parsed = WhenParser.parseTimeOfDay(timeText) else {
                if dayOffset == nil, weekday == nil { return nil }
                throw DateInputError(input: input, reason: "'\(timeText)' is not a time of day")
            }
            time = parsed
        }
        let calendar = self.calendar
        let startOfToday = calendar.startOfDay(for: now)
        var day = startOfToday
        if let offset = dayOffset {
            day = calendar.date(byAdding: .day, value: offset, to: startOfToday)!
        } else if let weekday {
            let todayWeekday = calendar.component(.weekday, from: now)
            var delta = weekday - todayWeekday
            switch weekdayDirection {
            case .past: if delta > 0 || (delta == 0 && time == nil) { delta -= 7 }
            case .future: if delta < 0 || (delta == 0 && time == nil) { delta += 7 }
            }
            day = calendar.date(byAdding: .day, value: delta, to: startOfToday)!
        } else if time == nil {
            return nil
        }
        let (hour, minute, second) = time ?? (WhenParser.defaultHour, 0, 0)
        return calendar.date(bySettingHour: hour, minute: minute, second: second, of: day)
    }

    static func weekday(_ word: String) -> Int? {
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        guard word.count >= 3 else { return nil }
        return names.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }

    /// `9am`, `9:30 pm`, `17:30`, `17:30:05`, `noon`, `midnight` → (hour, minute, second).
    static func parseTimeOfDay(_ text: String) -> (Int, Int, Int)? {
        var body = text.replacingOccurrences(of: " ", with: "")
        if body == "noon" { return (12, 0, 0) }
        if body == "midnight" { return (0, 0, 0) }
        var meridiem: String?
        for suffix in ["am", "pm"] where body.hasSuffix(suffix) {
            meridiem = suffix
            body.removeLast(2)
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) }),
              let hourValue = Int(parts[0]) else { return nil }
        var hour = hourValue
        let minute = parts.count > 1 ? Int(parts[1]) : 0
        let second = parts.count > 2 ? Int(parts[2]) : 0
        guard let minute, let second, minute < 60, second < 60 else { return nil }
        if parts.count == 1, meridiem == nil { return nil }  // a bare number is not a time
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
        }
        guard hour < 24 else { return nil }
        return (hour, minute, second)
    }
}

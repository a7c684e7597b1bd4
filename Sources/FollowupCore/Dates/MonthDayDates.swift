import Foundation

/// Dates as people write them in English: `Nov 20`, `20 Nov`, `20 November 2026`,
/// `Nov 20, 2026 2pm`, `20 Nov 14:00`.
extension WhenParser {
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]

    /// `nov`, `november`, `sept` → 11, 11, 9: a month's name or a prefix of at least three letters.
    static func month(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        if word == "sept" { return 9 }
        return monthNames.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }

    /// A day of the month: `20`, `20th`, `1st`.
    static func dayOfMonth(_ word: String) -> Int? {
        var digits = word
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) { digits.removeLast(2) }
        guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Reads `[day] month [day] [year] [time]`. Without a year, the nearest such day in the
    /// preferred direction: `log --at "Nov 20"` is the last 20 November, `--decision-by "Dec 4"`
    /// the next 4 December (today counts for both).
    func parseMonthDay(_ text: String, input: String, direction: Direction) throws(DateInputError) -> Date? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        guard words.count >= 2 else { return nil }
        let month: Int, day: Int
        if let name = WhenParser.month(words[0]), let number = WhenParser.dayOfMonth(words[1]) {
            (month, day) = (name, number)
        } else if let number = WhenParser.dayOfMonth(words[0]), let name = WhenParser.month(words[1]) {
            (month, day) = (name, number)
        } else {
            return nil
        }
        words.removeFirst(2)
        var year: Int?
        if let first = words.first, first.count == 4, first.allSatisfy({ $0.isASCII && $0.isNumber }) {
            year = Int(first)
            words.removeFirst()
        }
        var time = (WhenParser.defaultHour, 0, 0)
        if !words.isEmpty {
            let timeText = words.joined(separator: " ")
            guard let parsed = WhenParser.parseTimeOfDay(timeText) else {
                throw DateInputError(input: input, reason: "'\(timeText)' is not a time of day")
            }
            time = parsed
        }
        let calendar = self.calendar
        func date(in year: Int) throws(DateInputError) -> Date {
            guard day <= UTCTime.daysInMonth(year: Int64(year), month: Int64(month)) else {
                throw DateInputError(input: input, reason: "there is no such day")
            }
            return calendar.date(from: DateComponents(year: year, month: month, day: day,
                                                      hour: time.0, minute: time.1, second: time.2))!
        }
        if let year { return try date(in: year) }
        let thisYear = calendar.component(.year, from: now)
        let startOfToday = calendar.startOfDay(for: now)
        let candidate = try date(in: thisYear)
        let dayOfCandidate = calendar.startOfDay(for: candidate)
        switch direction {
        case .past: return dayOfCandidate <= startOfToday ? candidate : try date(in: thisYear - 1)
        case .future: return dayOfCandidate >= startOfToday ? candidate : try date(in: thisYear + 1)
        }
    }

    /// For a word that is nearly a known one (`tomorow`, `fridya`, `yesteday`): "did you mean …".
    static func typoHint(_ text: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        let known = ["today", "yesterday", "tomorrow", "now", "noon", "midnight", "last", "next",
                     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] + monthNames
        guard let guess = Suggestion.closest(to: first, among: known), guess != first else { return nil }
        return "did you mean '\(([guess] + words.dropFirst()).joined(separator: " "))'?"
    }
}

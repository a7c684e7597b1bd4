import Foundation

/// The thresholds of the follow-up rules. Defaults come from the advice the tool encodes;
/// `followup config set` changes them for every replica, since a change is itself an event.
public struct RulesConfig: Equatable, Sendable {
    public var thankYouHours = 24
    public var handwrittenNoteBusinessDays = 2
    public var suggestHandwrittenNote = true
    public var nextStepsHours = 24
    public var checkInAfterDecisionMinBusinessDays = 1
    public var checkInAfterDecisionMaxBusinessDays = 2
    public var checkInDefaultDays = 7
    public var checkInSpacingDays = 7
    public var maxUnansweredCheckIns = 2
    public var ghostedDays = 14
    public var leadHours = 24
    public var backdatedMinutes = 60
    /// Draft texts: empty means the built-in draft (see `DraftWriter`).
    public var draftSignature = ""
    public var draftThankYou = ""
    public var draftCheckIn = ""
    public var draftNextSteps = ""
    public var draftHandwrittenNote = ""
    /// How drafts greet: a `GreetingStyle` raw value; empty means `first-name`.
    public var draftGreeting = ""
    /// Days off on which no check-in is due: `2026-12-24,2026-12-25` (empty: none).
    public var holidays = ""

    public init() {}

    /// One configurable setting: its key, what it means, and how to read and write it.
    public struct Setting: Sendable {
        public let key: String
        public let summary: String
        let range: ClosedRange<Int>?
        let keyPath: (WritableKeyPath<RulesConfig, Int> & Sendable)?
        let flag: (WritableKeyPath<RulesConfig, Bool> & Sendable)?
        var text: (WritableKeyPath<RulesConfig, String> & Sendable)? = nil
        /// For a draft template: the placeholders it may use.
        var placeholders: [String]? = nil
        /// For a list of days (`holidays`): the value is dates, normalised by `HolidayList`.
        var isDayList = false
        /// For a setting with a few allowed words (`draft.greeting`): those words.
        var choices: [String]? = nil

        /// Whether the value is free text (a signature or a draft template) rather than a number or flag.
        public var isText: Bool { text != nil }

        public func value(in config: RulesConfig) -> String {
            if let keyPath { return String(config[keyPath: keyPath]) }
            if let text { return config[keyPath: text] }
            return String(config[keyPath: flag!])
        }
    }

    private static func template(_ key: String, _ keyPath: WritableKeyPath<RulesConfig, String> & Sendable,
                                 _ summary: String) -> Setting {
        Setting(key: key, summary: summary, range: nil, keyPath: nil, flag: nil, text: keyPath,
                placeholders: DraftWriter.placeholders)
    }

    private static func number(_ key: String, _ keyPath: WritableKeyPath<RulesConfig, Int> & Sendable,
                               _ range: ClosedRange<Int>, _ summary: String) -> Setting {
        Setting(key: key, summary: summary, range: range, keyPath: keyPath, flag: nil)
    }

    public static let settings: [Setting] = [
        number("thank-you.hours", \.thankYouHours, 1...168, "a thank-you is due this many hours after the interview ends"),
        Setting(key: "handwritten-note.suggest", summary: "suggest a handwritten note (true/false)",
                range: nil, keyPath: nil, flag: \RulesConfig.suggestHandwrittenNote),
        number("handwritten-note.business-days", \.handwrittenNoteBusinessDays, 1...10,
               "post the handwritten note within this many business days"),
        number("next-steps.hours", \.nextStepsHours, 1...336, "ask about next steps within this many hours"),
        number("check-in.after-decision.min-business-days", \.checkInAfterDecisionMinBusinessDays, 0...10,
               "check in from this many business days after the decision date"),
        number("check-in.after-decision.max-business-days", \.checkInAfterDecisionMaxBusinessDays, 0...10,
               "check in by this many business days after the decision date"),
        number("check-in.default-days", \.checkInDefaultDays, 1...60,
               "without a decision date, check in this many days after the interview or last reply"),
        number("check-in.spacing-days", \.checkInSpacingDays, 1...60, "at least this many days between check-ins"),
        number("check-in.max-unanswered", \.maxUnansweredCheckIns, 1...10,
               "after this many unanswered check-ins the interview is cold"),
        number("ghosted.days", \.ghostedDays, 1...120, "suggest marking ghosted this many days after the last check-in"),
        number("due.lead-hours", \.leadHours, 0...168, "items show this many hours before they are due"),
        number("timeline.backdated-minutes", \.backdatedMinutes, 1...10_080,
               "an action recorded this much later than it happened is flagged as backdated"),
        Setting(key: "draft.signature", summary: "the name that ends every draft (default: none)", range: nil, keyPath: nil,
                flag: nil, text: \RulesConfig.draftSignature),
        template("draft.thank-you", \.draftThankYou, "the thank-you draft's template (default: built in)"),
        template("draft.check-in", \.draftCheckIn, "the check-in draft's template (default: built in)"),
        template("draft.next-steps", \.draftNextSteps, "the next-steps draft's template (default: built in)"),
        template("draft.handwritten-note", \.draftHandwrittenNote, "the handwritten note's template (default: built in)"),
        Setting(key: "draft.greeting", summary: "how drafts greet: first-name (Dear Jane) or title-surname (Dear Dr. Smith)",
                range: nil, keyPath: nil, flag: nil, text: \RulesConfig.draftGreeting,
                choices: GreetingStyle.allCases.map(\.rawValue)),
        Setting(key: "holidays", summary: "days off, like 2026-12-24,2026-12-25: no check-in is due on them (default: none)",
                range: nil, keyPath: nil, flag: nil, text: \RulesConfig.holidays, isDayList: true),
    ]

    /// `draft.greeting` as a style.
    public var greetingStyle: GreetingStyle { GreetingStyle(rawValue: draftGreeting) ?? .firstName }

    /// `holidays` as days, for the business calendar.
    public var holidayDays: [HolidayList.Day] { HolidayList.days(holidays) ?? [] }

    /// The value that sets a text setting back to the built-in text.
    public static let builtInText = "default"

    public static func setting(_ key: String) -> Setting? { settings.first { $0.key == key } }

    /// Applies `value` to `key`, or says what is wrong with either.
    public mutating func set(_ key: String, to value: String) throws(ConfigError) {
        guard let setting = RulesConfig.setting(key) else { throw .unknownKey(key) }
        if let text = setting.text {
            var trimmed = value.trimmingWhitespace()
            // An event's value cannot be empty: `default` stands for the built-in text.
            if trimmed == RulesConfig.builtInText { trimmed = "" }
            let excerpt = String(trimmed.prefix(20).map { $0.isNewline ? " " : $0 }) + (trimmed.count > 20 ? "…" : "")
            guard trimmed.count <= 4000 else { throw .badValue(key, excerpt, "at most 4000 characters") }
            guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
                throw .badValue(key, excerpt, "text without control characters")
            }
            if let choices = setting.choices, !trimmed.isEmpty {
                trimmed = trimmed.lowercased()
                guard choices.contains(trimmed) else { throw .badValue(key, excerpt, choices.joined(separator: " or ")) }
            }
            if setting.isDayList {
                guard let days = HolidayList.days(trimmed) else {
                    throw .badValue(key, excerpt, "dates like 2026-12-24,2026-12-25 (YYYY-MM-DD, separated by commas)")
                }
                trimmed = HolidayList.text(days)
            }
            if let allowed = setting.placeholders {
                for name in DraftWriter.placeholderNames(in: trimmed) where !allowed.contains(name) {
                    throw .badValue(key, "{\(name)}", "a template whose placeholders are among "
                        + allowed.map { "{\($0)}" }.joined(separator: " "))
                }
            }
            self[keyPath: text] = trimmed
            return
        }
        if let flag = setting.flag {
            switch value.lowercased() {
            case "true", "yes", "on": self[keyPath: flag] = true
            case "false", "no", "off": self[keyPath: flag] = false
            default: throw .badValue(key, value, "true or false")
            }
            return
        }
        guard let number = Int(value), let range = setting.range, range.contains(number) else {
            let range = setting.range!
            throw .badValue(key, value, "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        self[keyPath: setting.keyPath!] = number
        if checkInAfterDecisionMinBusinessDays > checkInAfterDecisionMaxBusinessDays {
            throw .badValue(key, value, "a minimum no larger than check-in.after-decision.max-business-days")
        }
    }
}

/// A configuration key or value that cannot be used.
public enum ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownKey(String)
    case badValue(String, String, String)

    public var description: String {
        switch self {
        case .unknownKey(let key):
            "unknown setting '\(key)'; run 'followup config get' to list the settings"
        case .badValue(let key, let value, let expected):
            "'\(value)' is not a valid value for \(key): expected \(expected)"
        }
    }
}

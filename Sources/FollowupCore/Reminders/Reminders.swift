import Foundation
import GRDB

extension FollowupStore {
    /// Pending items due by `now + within` (already due included) that this machine has not
    /// notified yet, most urgent first.
    public func remindersToSend(now: Date, within seconds: Int64, timeZone: TimeZone = .current) throws -> [DueItem] {
        let horizon = FollowupStore.seconds(now) + seconds
        let candidates = try due(now: now, timeZone: timeZone, includeUpcoming: true).filter { $0.dueAt <= horizon }
        return try read { db in
            try candidates.filter { item in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reminder_sent WHERE uid = ? AND due_at = ?)",
                                  arguments: [ICalendarWriter.uid(for: item), item.dueAt]) == false
            }
        }
    }

    /// Remembers that `item`'s reminder was shown, so it is not shown again.
    public func markReminded(_ item: DueItem, at now: Date) throws {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO reminder_sent (uid, due_at, sent_at) VALUES (?, ?, ?)",
                           arguments: [ICalendarWriter.uid(for: item), item.dueAt, FollowupStore.seconds(now)])
        }
    }
}

/// The units and crontab line that run `followup remind` regularly. Pure.
public struct ReminderSchedule: Sendable {
    public static let serviceName = "followup-remind.service"
    public static let timerName = "followup-remind.timer"

    /// The followup executable, absolute.
    public var executable: String
    /// The store directory, absolute.
    public var store: String
    public var everyMinutes: Int

    public init(executable: String, store: String, everyMinutes: Int = 15) {
        self.executable = executable
        self.store = store
        self.everyMinutes = everyMinutes
    }

    var command: [String] { [executable, "remind", "--store", store] }

    public var service: String {
        """
        [Unit]
        Description=followup: desktop notifications for follow-ups that are due

        [Service]
        Type=oneshot
        ExecStart=\(command.map(ReminderSchedule.systemdQuoted).joined(separator: " "))

        """
    }

    /// Persistent: a run missed while the machine slept or was off happens when it wakes.
    public var timer: String {
        """
        [Unit]
        Description=followup: run followup remind every \(everyMinutes) minutes

        [Timer]
        OnCalendar=*:0/\(everyMinutes)
        Persistent=true

        [Install]
        WantedBy=timers.target

        """
    }

    public var crontabLine: String {
        "*/\(everyMinutes) * * * * " + command.map(ReminderSchedule.shellQuoted).joined(separator: " ")
    }

    static func systemdQuoted(_ word: String) -> String {
        guard word.contains(where: { $0 == " " || $0 == "\"" || $0 == "\\" || $0 == "%" || $0 == "$" }) else { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: "$", with: "$$") + "\""
    }

    static func shellQuoted(_ word: String) -> String {
        guard word.contains(where: { !($0.isLetter || $0.isNumber || "/._-".contains($0)) }) else { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension ICalendarWriter {
    /// The one-line title of an item, as calendar events and notifications show it.
    public static func title(_ item: DueItem) -> String { summary(item) }
}

import Foundation
import GRDB

extension ICalendarWriter {
    /// The calendar with `items`, and a cancelled event (`STATUS:CANCELLED`, same UID, a higher
    /// SEQUENCE) for each earlier export's event whose item is not in `pending`: re-importing the
    /// file then removes what is done. `exported` is the earlier export's UIDs and the DTSTART,
    /// DTEND and SUMMARY lines each was written with.
    public func calendar(_ items: [DueItem], pending: [DueItem], exported: [String: String]) -> String {
        let pendingUIDs = Set(pending.map(ICalendarWriter.uid))
        var cancelled: [String] = []
        for (uid, lines) in exported.sorted(by: { $0.key < $1.key }) where !pendingUIDs.contains(uid) {
            cancelled += ["BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:\(ICalendarWriter.utc(stamp))", "SEQUENCE:1"]
                + lines.split(separator: "\n").map(String.init) + ["STATUS:CANCELLED", "END:VEVENT"]
        }
        let text = calendar(items)
        guard !cancelled.isEmpty else { return text }
        let end = "END:VCALENDAR\r\n"
        return String(text.dropLast(end.count)) + cancelled.map(ICalendarWriter.fold).joined(separator: "\r\n") + "\r\n" + end
    }

    /// What an export remembers of an item's event: its DTSTART, DTEND and SUMMARY lines.
    public func rememberedLines(_ item: DueItem) -> String {
        event(item).filter { $0.hasPrefix("DTSTART") || $0.hasPrefix("DTEND") || $0.hasPrefix("SUMMARY:") }.joined(separator: "\n")
    }
}

extension FollowupStore {
    /// `items` as an iCalendar file that also cancels the events of the last export whose item
    /// is no longer pending; remembers this export's events (one transaction). Items still
    /// pending but not in `items` (not showing yet, for `due --ics`) are neither cancelled nor
    /// forgotten.
    public func exportCalendar(_ items: [DueItem], writer: ICalendarWriter, now: Date, timeZone: TimeZone = .current) throws -> String {
        let pending = try due(now: now, timeZone: timeZone, includeUpcoming: true)
        return try write { db in
            var exported: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT uid, lines FROM ics_exported") { exported[row[0]] = row[1] }
            let text = writer.calendar(items, pending: pending, exported: exported)
            let pendingUIDs = Set(pending.map(ICalendarWriter.uid))
            for uid in exported.keys where !pendingUIDs.contains(uid) {
                try db.execute(sql: "DELETE FROM ics_exported WHERE uid = ?", arguments: [uid])
            }
            for item in items {
                try db.execute(sql: "INSERT OR REPLACE INTO ics_exported (uid, lines) VALUES (?, ?)",
                               arguments: [ICalendarWriter.uid(for: item), writer.rememberedLines(item)])
            }
            return text
        }
    }
}

import Foundation
import GRDB

/// The CalDAV collection this machine pushes its pending items to. The password is never kept:
/// `passwordCommand` is run at push time, or the environment supplies it.
public struct CalendarTarget: Equatable, Sendable {
    public var url: String
    public var user: String
    public var passwordCommand: String?

    public init(url: String, user: String, passwordCommand: String?) {
        self.url = url
        self.user = user
        self.passwordCommand = passwordCommand
    }
}

/// A calendar setting the store refuses, or a calendar asked for where none is set; the
/// programs add which option or command to use.
public enum CalendarTargetError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The collection URL holds a user name or password, which would be stored in plain text.
    case credentialsInURL
    /// A password command of only white space.
    case emptyPasswordCommand
    /// This machine has no calendar set.
    case noCalendar

    public var description: String {
        switch self {
        case .credentialsInURL: "the calendar URL holds credentials"
        case .emptyPasswordCommand: "the password command is empty"
        case .noCalendar: "no calendar is set"
        }
    }
}

extension FollowupStore {
    /// A collection URL: http or https, a host, no credentials; a trailing slash is added.
    public static func normalizedCalendarURL(_ text: String) throws -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw StoreError.invalidInput("'\(text)' is not a CalDAV collection URL; give one like https://dav.example.org/alex/followup/")
        }
        guard components.user == nil, components.password == nil else {
            throw CalendarTargetError.credentialsInURL
        }
        guard components.query == nil, components.fragment == nil else {
            throw StoreError.invalidInput("'\(text)' has a query or fragment; give the collection's URL only")
        }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// Sets this machine's calendar; replacing a different URL forgets what was pushed to the old one.
    public func setCalendarTarget(_ target: CalendarTarget) throws -> CalendarTarget {
        var target = target
        target.url = try FollowupStore.normalizedCalendarURL(target.url)
        guard !target.user.isEmpty, !target.user.contains(":") else {
            throw StoreError.invalidInput("the calendar user must not be empty or contain ':'")
        }
        if let command = target.passwordCommand, command.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CalendarTargetError.emptyPasswordCommand
        }
        try write { db in
            let previous = try String.fetchOne(db, sql: "SELECT url FROM calendar_target WHERE id = 1")
            if previous != target.url { try db.execute(sql: "DELETE FROM calendar_event") }
            try db.execute(sql: "INSERT OR REPLACE INTO calendar_target (id, url, user, password_command) VALUES (1, ?, ?, ?)",
                           arguments: [target.url, target.user, target.passwordCommand])
        }
        return target
    }

    /// This machine's calendar, if one is set.
    public func calendarTarget() throws -> CalendarTarget? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT url, user, password_command FROM calendar_target WHERE id = 1").map {
                CalendarTarget(url: $0[0], user: $0[1], passwordCommand: $0[2])
            }
        }
    }

    /// Forgets the calendar and what was pushed to it (the server's events are left as they are).
    public func removeCalendarTarget() throws {
        try write { db in
            try db.execute(sql: "DELETE FROM calendar_target")
            if db.changesCount == 0 { throw CalendarTargetError.noCalendar }
            try db.execute(sql: "DELETE FROM calendar_event")
        }
    }

    /// The events followup last put in the calendar, by resource name.
    public func pushedCalendarEvents() throws -> [String: PushedCalendarEvent] {
        try read { db in
            var events: [String: PushedCalendarEvent] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, uid, etag, content_hash FROM calendar_event") {
                let event = PushedCalendarEvent(name: row[0], uid: row[1], etag: row[2], contentHash: row[3])
                events[event.name] = event
            }
            return events
        }
    }

    /// Records what a push did, in one transaction: rows to replace, and names to forget.
    public func recordCalendarPush(_ changes: [CalDAVRecord]) throws {
        guard !changes.isEmpty else { return }
        try write { db in
            for change in changes {
                switch change {
                case .pushed(let event):
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO calendar_event (name, uid, etag, content_hash) VALUES (?, ?, ?, ?)",
                        arguments: [event.name, event.uid, event.etag, event.contentHash])
                case .forgotten(let name):
                    try db.execute(sql: "DELETE FROM calendar_event WHERE name = ?", arguments: [name])
                }
            }
        }
    }
}

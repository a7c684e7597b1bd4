import Foundation
import GRDB

/// One interview as `status` shows it at a moment.
public struct InterviewSummary: Sendable {
    public var state: InterviewState
    public var status: InterviewStatus
    /// The most urgent pending item, if any.
    public var next: DueItem?
}

extension FollowupStore {
    public func rulesConfig() throws -> RulesConfig { try read { db in try rulesConfig(db) } }

    /// The settings that were changed from their defaults, with the event-sourced values.
    public func configOverrides() throws -> [String: String] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM config").map { ($0[0], $0[1]) })
        }
    }

    public func interviews() throws -> [InterviewState] { try read { db in try loadInterviews(db) } }

    public func interview(_ ref: String) throws -> InterviewState { try read { db in try resolveInterview(ref, db) } }

    /// Status of every interview (or one) at `now`, with what is next for each.
    public func status(ref: String? = nil, now: Date, timeZone: TimeZone = .current) throws -> [InterviewSummary] {
        let nowSeconds = FollowupStore.seconds(now)
        let (states, config, stored) = try read { db in
            (try ref.map { [try resolveInterview($0, db)] } ?? loadInterviews(db), try rulesConfig(db),
             try ref == nil ? storedNextItems(db, timeZone: timeZone, now: nowSeconds) : nil)
        }
        if let next = stored {
            return states.map { state in
                InterviewSummary(state: state, status: state.status(now: nowSeconds, config: config), next: next[state.id])
            }
        }
        let rules = DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
        return states.map { state in
            InterviewSummary(state: state, status: state.status(now: nowSeconds, config: config),
                             next: rules.next(for: state, now: nowSeconds))
        }
    }

    /// What to do at `now`, most urgent first.
    public func due(now: Date, timeZone: TimeZone = .current, includeUpcoming: Bool = false) throws -> [DueItem] {
        let nowSeconds = FollowupStore.seconds(now)
        return try read { db in
            if let stored = try storedDueItems(db, timeZone: timeZone, now: nowSeconds, showingOnly: !includeUpcoming) {
                return DueRules.mostUrgentFirst(stored)
            }
            return DueRules(config: try rulesConfig(db), calendar: BusinessCalendar(timeZone: timeZone))
                .due(try loadInterviews(db, openOnly: true), now: nowSeconds, includeUpcoming: includeUpcoming)
        }
    }

    /// Everything still open for one interview, whether or not it shows yet, most urgent first.
    public func pending(ref: String, now: Date, timeZone: TimeZone = .current) throws -> [DueItem] {
        let (state, config) = try read { db in (try resolveInterview(ref, db), try rulesConfig(db)) }
        return DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
            .pending(for: state, now: FollowupStore.seconds(now)).sorted(by: DueRules.moreUrgent)
    }

    /// Device ids → names, from the device-registered events.
    public func deviceNames() throws -> [String: String] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM device").map { ($0[0], $0[1]) })
        }
    }

    public var eventCount: Int {
        get throws { try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0 } }
    }

    /// Every event line in canonical order: identical on replicas holding the same events.
    public func forEachLine(_ body: (String) throws -> Void) throws {
        try read { db in
            let cursor = try String.fetchCursor(db, sql: "SELECT line FROM event ORDER BY \(FollowupStore.canonicalOrder)")
            while let line = try cursor.next() { try body(line) }
        }
    }
}

extension FollowupStore {
    /// Follow-up figures per company and overall, at `now`.
    public func stats(now: Date) throws -> FollowUpStats {
        let (states, config, replies) = try read { db in
            let retracted = Set(try String.fetchAll(db, sql: "SELECT detail FROM event WHERE type = 'event-retracted' AND detail IS NOT NULL"))
            var replies: [String: [Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, interview, occurred FROM event WHERE type = 'response-received' AND interview IS NOT NULL")
            while let row = try rows.next() {
                if retracted.contains(row[0]) { continue }
                replies[row[1], default: []].append(row[2])
            }
            return (try loadInterviews(db), try rulesConfig(db), replies)
        }
        return FollowUpStats.compute(states, replies: replies, config: config, now: FollowupStore.seconds(now))
    }
}

extension FollowupStore {
    /// A personalised draft for one interview, from what the store knows at `now`.
    public func draft(_ kind: DraftKind, ref: String, to: String?, now: Date, timeZone: TimeZone = .current) throws -> Draft {
        let (state, config) = try read { db in (try resolveInterview(ref, db), try rulesConfig(db)) }
        return try DraftWriter(config: config, timeZone: timeZone).draft(kind, for: state, to: to, now: FollowupStore.seconds(now))
    }
}

extension FollowupStore {
    /// Words the store vouches for: companies, roles, people, points discussed, refs and the
    /// signature, so proofreading does not flag the names the user wrote to.
    public func knownWords() throws -> Set<String> {
        let (texts, config) = try read { db in
            (try String.fetchAll(db, sql: """
                SELECT company FROM interview UNION SELECT role FROM interview UNION SELECT ref FROM interview
                UNION SELECT points FROM interview UNION SELECT name FROM interviewer
                UNION SELECT email FROM interviewer WHERE email IS NOT NULL
                """), try rulesConfig(db))
        }
        var words = Set<String>()
        for text in texts + [config.draftSignature] {
            for word in text.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "’" }) {
                words.insert(word.lowercased())
            }
        }
        return words
    }
}

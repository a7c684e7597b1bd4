import Foundation
import GRDB
import GRDBSQLite

/// One interview as `status` shows it at a moment.
public struct InterviewSummary: Sendable {
    public var state: InterviewState
    public var status: InterviewStatus
    /// The most urgent pending item, if any.
    public var next: DueItem?
}

/// One interview with everything still open for it, as `interview show` tells it.
public struct InterviewDetail: Sendable {
    public var summary: InterviewSummary
    /// Every open item, whether or not it shows yet, most urgent first.
    public var pending: [DueItem]
}

/// One row of `status`'s table: an interview's stage and next step, without the rest of its state.
public struct StatusLine: Equatable, Sendable {
    public var ref: String
    public var company: String
    public var startsAt: Int64
    public var status: InterviewStatus
    public var outcome: Outcome?
    /// The next item's action, recipient, due time and whether it is overdue (no reason).
    public var next: (action: String, to: String?, dueAt: Int64, overdue: Bool)?
    /// Its number among its application's rounds, and how many there are (1 and 1 alone).
    public var round = 1
    public var rounds = 1

    public static func == (lhs: StatusLine, rhs: StatusLine) -> Bool {
        (lhs.ref, lhs.company, lhs.startsAt, lhs.status, lhs.outcome) == (rhs.ref, rhs.company, rhs.startsAt, rhs.status, rhs.outcome)
            && (lhs.round, lhs.rounds) == (rhs.round, rhs.rounds)
            && lhs.next?.action == rhs.next?.action && lhs.next?.to == rhs.next?.to
            && lhs.next?.dueAt == rhs.next?.dueAt && lhs.next?.overdue == rhs.next?.overdue
    }

    public init(_ summary: InterviewSummary) {
        ref = summary.state.ref
        company = summary.state.company
        startsAt = summary.state.startsAt
        status = summary.status
        outcome = summary.state.outcome
        next = summary.next.map { ($0.action, $0.to, $0.dueAt, $0.overdue) }
        (round, rounds) = (summary.state.round, summary.state.rounds)
    }

    init(ref: String, company: String, startsAt: Int64, status: InterviewStatus, outcome: Outcome?,
         next: (action: String, to: String?, dueAt: Int64, overdue: Bool)?) {
        (self.ref, self.company, self.startsAt, self.status, self.outcome, self.next) = (ref, company, startsAt, status, outcome, next)
    }
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

    /// Status of every interview (or one) at `now`, with what is next for each; the rounds of an
    /// application follow its first round. With `asOf`, in the state as of then (`AsOfCutoff`).
    public func status(ref: String? = nil, now: Date, asOf: Date? = nil, timeZone: TimeZone = .current) throws -> [InterviewSummary] {
        try status(ref: ref, now: now, asOf: asOf, timeZone: timeZone, readingKeptItems: ref == nil)
    }

    /// `status`, reading the next items from `due_item` when `readingKeptItems` and they were kept
    /// in `timeZone` and apply as of `asOf`, from the rules otherwise.
    private func status(ref: String?, now: Date, asOf: Date?, timeZone: TimeZone, readingKeptItems: Bool) throws -> [InterviewSummary] {
        let nowSeconds = FollowupStore.seconds(now)
        let (states, config, stored) = try read { db -> ([InterviewState], RulesConfig, [String: DueItem]?) in
            let past: StateAsOf?
            if let ref { past = try interview(ref, asOf: asOf, db) } else { past = try state(asOf: asOf, db) }
            if let past {
                return (past.interviews, past.config, nil)
            }
            return (try ref.map { [try resolveInterview($0, db)] } ?? loadInterviews(db), try rulesConfig(db),
                    try readingKeptItems ? storedNextItems(db, timeZone: timeZone, now: nowSeconds) : nil)
        }
        let listed = ApplicationRounds.grouped(states, application: \.application)
        if let next = stored {
            return listed.map { state in
                InterviewSummary(state: state, status: state.status(now: nowSeconds, config: config), next: next[state.id])
            }
        }
        let rules = DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
        return listed.map { state in
            InterviewSummary(state: state, status: state.status(now: nowSeconds, config: config),
                             next: rules.next(for: state, now: nowSeconds))
        }
    }

    /// `status(now:asOf:)` as its table shows it, in the same order: read from the interviews' rows
    /// and their next kept items (`due_item.next`) alone, when those were kept in `timeZone` and
    /// every event counts as of `asOf`.
    public func statusLines(now: Date, asOf: Date? = nil, timeZone: TimeZone = .current) throws -> [StatusLine] {
        let nowSeconds = FollowupStore.seconds(now)
        let lines: [StatusLine]? = try read { db in
            guard try dueItemsKept(for: timeZone, db), try !eventsAfter(asOf, db) else { return nil }
            let config = try rulesConfig(db)
            // One pass over the interviews for both counts, to size the lists below.
            let counts = try Row.fetchOne(db, sql: "SELECT count(*), count(*) FILTER (WHERE outcome IS NULL) FROM interview")
            let (allCount, openCount): (Int, Int) = counts.map { ($0[0], $0[1]) } ?? (0, 0)
            // Each open interview's next item, found by its interview's id: the items in one
            // array, their places in a table keyed by the id's bytes (no string is made for it).
            var nextItems: [(action: String, to: String?, dueAt: Int64, overdue: Bool)] = []
            var nextPlace: [IDKey: Int] = [:]
            nextItems.reserveCapacity(openCount)
            nextPlace.reserveCapacity(openCount)
            // The same rows as `storedNextItems`, without the columns the table does not show:
            // those the index `due_item_next` holds.
            let items = try db.makeStatement(sql: """
                SELECT interview_id, rule, recipient, due_at FROM due_item
                WHERE next = 1 AND \(FollowupStore.keptItemIsOpen)
                """)
            let itemRows = try Row.fetchCursor(items, arguments: [nowSeconds])
            while let row = try itemRows.next() {
                guard let rule = FollowUpRule(rawValue: row[1]) else { continue }
                guard let key = IDKey(items, column: 0) else { return nil }
                let dueAt: Int64 = row[3]
                nextPlace[key] = nextItems.count
                nextItems.append((rule.action, row[2], dueAt, nowSeconds > dueAt))
            }
            var lines: [StatusLine] = []
            lines.reserveCapacity(allCount)
            // The interviews that are rounds of an application, by place in `lines`: few or none.
            var rounds: [(position: Int, application: String)] = []
            // In listing order (`listedFirst`), from the index `interview_listed` alone.
            let interviews = try db.makeStatement(sql: """
                SELECT id, ref, company, starts_at, duration_minutes, outcome, unanswered_check_ins, application
                FROM interview ORDER BY starts_at, ref
                """)
            let interviewRows = try Row.fetchCursor(interviews)
            while let row = try interviewRows.next() {
                guard let key = IDKey(interviews, column: 0) else { return nil }
                let startsAt: Int64 = row[3]
                let minutes: Int64 = row[4]
                let outcome = (row[5] as String?).flatMap(Outcome.init(rawValue:))
                if let application: String = row[7] { rounds.append((lines.count, application)) }
                lines.append(StatusLine(ref: row[1], company: row[2], startsAt: startsAt,
                                        status: InterviewStatus(outcome: outcome, endsAt: startsAt + minutes * 60,
                                                                unansweredCheckIns: row[6], now: nowSeconds, config: config),
                                        outcome: outcome, next: nextPlace[key].map { nextItems[$0] }))
            }
            guard !rounds.isEmpty else { return lines }
            // The rounds' numbers follow the listing order, which is the order they are numbered in.
            var counted: [String: Int] = [:]
            for member in rounds { counted[member.application, default: 0] += 1 }
            var numbered: [String: Int] = [:]
            for member in rounds {
                numbered[member.application, default: 0] += 1
                (lines[member.position].round, lines[member.position].rounds) = (numbered[member.application]!, counted[member.application]!)
            }
            return ApplicationRounds.groupedOrder(count: lines.count, members: rounds).map { lines[$0] }
        }
        // The kept items could not be used (made in another zone, an id that is no key, or events
        // that do not count as of `asOf`): the rules answer, without reading the basis again.
        return try lines ?? status(ref: nil, now: now, asOf: asOf, timeZone: timeZone, readingKeptItems: false).map(StatusLine.init)
    }

    /// What to do at `now`, most urgent first; with `asOf`, in the state as of then.
    public func due(now: Date, asOf: Date? = nil, timeZone: TimeZone = .current, includeUpcoming: Bool = false) throws -> [DueItem] {
        let nowSeconds = FollowupStore.seconds(now)
        return try read { db in
            let past = try state(asOf: asOf, db)
            if past == nil, let stored = try storedDueItems(db, timeZone: timeZone, now: nowSeconds, showingOnly: !includeUpcoming) {
                return DueRules.mostUrgentFirst(stored)
            }
            return DueRules(config: try past?.config ?? rulesConfig(db), calendar: BusinessCalendar(timeZone: timeZone))
                .due(try past?.interviews.filter { $0.outcome == nil } ?? loadInterviews(db, openOnly: true),
                     now: nowSeconds, includeUpcoming: includeUpcoming)
        }
    }

    /// One interview (by ref or unique prefix) at `now`, with everything still open for it; with
    /// `asOf`, as it stood then.
    public func interviewDetail(ref: String, now: Date, asOf: Date? = nil, timeZone: TimeZone = .current) throws -> InterviewDetail {
        let (state, config) = try read { db in try interviewAndConfig(ref, asOf: asOf, db) }
        let nowSeconds = FollowupStore.seconds(now)
        let rules = DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
        return InterviewDetail(summary: InterviewSummary(state: state, status: state.status(now: nowSeconds, config: config),
                                                         next: rules.next(for: state, now: nowSeconds)),
                               pending: rules.pending(for: state, now: nowSeconds).sorted(by: DueRules.moreUrgent))
    }

    /// Everything still open for one interview, whether or not it shows yet, most urgent first.
    public func pending(ref: String, now: Date, asOf: Date? = nil, timeZone: TimeZone = .current) throws -> [DueItem] {
        let (state, config) = try read { db in try interviewAndConfig(ref, asOf: asOf, db) }
        return DueRules(config: config, calendar: BusinessCalendar(timeZone: timeZone))
            .pending(for: state, now: FollowupStore.seconds(now)).sorted(by: DueRules.moreUrgent)
    }

    /// One interview and the settings: as they are, or as of `asOf`.
    private func interviewAndConfig(_ ref: String, asOf: Date?, _ db: Database) throws -> (InterviewState, RulesConfig) {
        if let past = try interview(ref, asOf: asOf, db) { return (past.interviews[0], past.config) }
        return (try resolveInterview(ref, db), try rulesConfig(db))
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
    /// Follow-up figures per company and overall, at `now`; with `asOf`, from the events that
    /// count as of then.
    public func stats(now: Date, asOf: Date? = nil) throws -> FollowUpStats {
        let (states, config, replies) = try read { db in
            let past = try state(asOf: asOf, db)
            let counts = past == nil ? "1" : asOf.map { AsOfCutoff($0).counts } ?? "1"
            let retracted = Set(try String.fetchAll(db, sql: """
                SELECT detail FROM event WHERE type = 'event-retracted' AND detail IS NOT NULL AND \(counts)
                """))
            var replies: [String: [Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, interview, occurred FROM event
                WHERE type = 'response-received' AND interview IS NOT NULL AND \(counts)
                """)
            while let row = try rows.next() {
                if retracted.contains(row[0]) { continue }
                replies[row[1], default: []].append(row[2])
            }
            return (try past?.interviews ?? loadInterviews(db), try past?.config ?? rulesConfig(db), replies)
        }
        return FollowUpStats.compute(states, replies: replies, config: config, now: FollowupStore.seconds(now))
    }
}

extension FollowupStore {
    /// A personalised draft for one interview, from what the store knows at `now`.
    public func draft(_ kind: DraftKind, ref: String, to: String?, now: Date, timeZone: TimeZone = .current) throws -> Draft {
        let (state, config, qualifications) = try read { db in
            let state = try resolveInterview(ref, db)
            return (state, try rulesConfig(db), try qualificationPoints(of: state.id, db))
        }
        if let to { _ = try InterviewerMatch.named(to, in: state) }  // several fit: refused as `log` refuses
        return try DraftWriter(config: config, timeZone: timeZone).draft(kind, for: state, to: to, now: FollowupStore.seconds(now),
                                                                          qualifications: qualifications)
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

/// An interview id, a lowercase UUID, as five words read straight from a statement's column:
/// `status` matches every interview with its next item by id, and making a String of each id
/// and hashing it would be a tenth of its work at 10 000 interviews.
struct IDKey: Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

    /// Nil when the column is not text of at most 40 bytes (no id is).
    init?(_ statement: Statement, column: Int32) {
        let pointer = sqlite3_column_text(statement.sqliteStatement, column)
        let count = Int(sqlite3_column_bytes(statement.sqliteStatement, column))
        guard let pointer, count <= MemoryLayout.size(ofValue: words) else { return nil }
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: count)) }
    }

    static func == (lhs: IDKey, rhs: IDKey) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
        hasher.combine(words.4)
    }
}

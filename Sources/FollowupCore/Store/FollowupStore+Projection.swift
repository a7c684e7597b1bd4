import Foundation
import GRDB
import GRDBSQLite

extension FollowupStore {
    static let canonicalOrder = "recorded_ms, clock, device, seq"
    /// The columns `fact(from:of:)` reads.
    static let factColumns = """
        id, type, occurred, subject, decision_by, detail,
        CASE WHEN type IN ('interview-added', 'interview-amended') THEN line END AS line
        """

    /// The fact in `row`, the current row of `statement`, which selects `factColumns`.
    static func fact(from row: Row, of statement: Statement) -> ProjectionFact {
        let type = EventType(column: 1, of: statement)
        var details: InterviewDetails?
        var amendment: InterviewAmendment?
        if type == .interviewAdded || type == .interviewAmended, let line: String = row[6],
           let payload = payload(ofStoredLine: line) {
            if type == .interviewAdded {
                details = InterviewDetails(payload: payload)
            } else {
                amendment = InterviewAmendment(payload: payload)
            }
        }
        return ProjectionFact(id: row[0], type: type, occurred: row[2], subject: row[3], decisionBy: row[4],
                              detail: row[5], details: details, amendment: amendment)
    }

    /// The payload of a line from the log. Each stored line passed `Event(line:)` when it was
    /// appended or imported, and rows are never changed: it is parsed, not checked again (the
    /// checks, canonical form included, cost more than the parse).
    static func payload(ofStoredLine line: String) -> [String: JSONValue]? {
        guard case .object(let members)? = try? JSONValue.parse(line), case .object(let payload)? = members["payload"] else {
            return nil
        }
        return payload
    }

    /// Brings the projection up to date after `events` were inserted: each interview they touch
    /// is folded again from all its events, so events arriving out of order land correctly.
    func project(_ events: [Event], _ db: Database) throws {
        var interviews = Set<String>()
        var configChanged = false
        for event in events {
            if let interview = event.interview { interviews.insert(interview) }
            switch event.knownType {
            case .deviceRegistered?:
                try db.execute(sql: "INSERT OR IGNORE INTO device (id, name, public_key) VALUES (?, ?, ?)",
                               arguments: [event.device, event.payloadString("name"), event.payloadString("publicKey")])
            case .configSet?: configChanged = true
            default: break
            }
        }
        let saved = try foldApplications(of: interviews, db)
        for (id, state) in saved { try save(state, id: id, db) }
        if configChanged { try projectConfig(db) }
        try refreshDueItems(db, saved: saved, all: configChanged)
    }

    /// Folds `interviews` again, with every round of the applications they belonged to and now
    /// belong to: one round's outcome or a new round changes what the others ask. The rounds are
    /// found through the links kept in `interview` (which the other rounds' events did not change)
    /// and the links the new states make, so a round that arrives before the one it names is
    /// joined when that one arrives.
    func foldApplications(of interviews: Set<String>, _ db: Database) throws -> [(id: String, state: InterviewState?)] {
        var queue = interviews.sorted()
        var seen = Set(queue)
        func include(_ id: String) {
            if seen.insert(id).inserted { queue.append(id) }
        }
        let facts = try db.cachedStatement(sql: """
            SELECT \(FollowupStore.factColumns) FROM event WHERE interview = ? ORDER BY \(FollowupStore.canonicalOrder)
            """)
        let kept = try db.cachedStatement(sql: "SELECT round_of, application FROM interview WHERE id = ?")
        let laterRounds = try db.cachedStatement(sql: "SELECT id FROM interview WHERE round_of = ?")
        let applicationRounds = try db.cachedStatement(sql: "SELECT id FROM interview WHERE application = ?")
        var folded: [(id: String, state: InterviewState?)] = []
        var next = 0
        while next < queue.count {
            let id = queue[next]
            next += 1
            let rows = try Row.fetchCursor(facts, arguments: [id])
            let state = InterviewState.fold(try Array(rows.map { FollowupStore.fact(from: $0, of: facts) }))
            folded.append((id, state))
            if let roundOf = state?.roundOf { include(roundOf) }
            if let row = try Row.fetchOne(kept, arguments: [id]) {
                if let roundOf: String = row[0] { include(roundOf) }
                if let application: String = row[1] {
                    include(application)
                    try String.fetchAll(applicationRounds, arguments: [application]).forEach(include)
                }
            }
            try String.fetchAll(laterRounds, arguments: [id]).forEach(include)
        }
        guard folded.contains(where: { $0.state?.roundOf != nil }) else { return folded }
        let linked = Dictionary(uniqueKeysWithValues: ApplicationRounds.link(folded.compactMap(\.state)).map { ($0.id, $0) })
        return folded.map { ($0.id, linked[$0.id]) }
    }

    /// Keeps `due_item` in step with the interview rows: the rows of the interviews just saved, or
    /// all of them when `all` is set (the configuration changed) or the rows were made in another
    /// time zone or by another revision of the rules.
    func refreshDueItems(_ db: Database, saved: [(id: String, state: InterviewState?)], all: Bool) throws {
        let zone = timeZone
        let current = try dueItemsKept(for: zone, db)
        guard all || !current || !saved.isEmpty else { return }
        let rules = DueRules(config: try rulesConfig(db), calendar: BusinessCalendar(timeZone: zone))
        let insert = try db.cachedStatement(sql: """
            INSERT INTO due_item (interview_id, ref, company, ends_at, rule, recipient, due_at, show_from, optional, reason, next)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        func insertCandidates(of state: InterviewState) throws {
            let candidates = rules.candidates(for: state)
            let next = DueRules.nextCandidate(candidates)
            for item in candidates {
                try insert.execute(arguments: [item.interviewID, item.ref, item.company, state.endsAt, item.rule.rawValue,
                                               item.to, item.dueAt, item.showFrom, item.optional, item.reason, item == next])
            }
        }
        if all || !current {
            try db.execute(sql: "DELETE FROM due_item")
            for state in try loadInterviews(db, openOnly: true) { try insertCandidates(of: state) }
            try db.execute(sql: "INSERT OR REPLACE INTO due_basis (only, rules_revision, time_zone) VALUES (1, ?, ?)",
                           arguments: [DueRules.revision, zone.identifier])
            return
        }
        let remove = try db.cachedStatement(sql: "DELETE FROM due_item WHERE interview_id = ?")
        for (id, state) in saved {
            try remove.execute(arguments: [id])
            if let state { try insertCandidates(of: state) }
        }
    }

    /// The rules revision and time zone `due_item` was made under, if it was made at all.
    func dueBasis(_ db: Database) throws -> (revision: Int, timeZone: String)? {
        try Row.fetchOne(db, sql: "SELECT rules_revision, time_zone FROM due_basis").map { ($0[0], $0[1]) }
    }

    /// Whether `due_item` was made by these rules in `timeZone`, or in a zone of another name with
    /// the same offsets (`Etc/UTC` for `UTC`: the name depends on how `TZ` was set).
    func dueItemsKept(for timeZone: TimeZone, _ db: Database) throws -> Bool {
        guard let basis = try dueBasis(db), basis.revision == DueRules.revision else { return false }
        if basis.timeZone == timeZone.identifier { return true }
        return TimeZone(identifier: basis.timeZone).map { ZoneOffsets.sameOffsets($0, timeZone) } ?? false
    }

    /// `DueRules.isOpen` in SQL, for the moment `?1`: rows that do not apply are not read into
    /// items at all (every interview has a handwritten-note row, which after a few days no
    /// longer applies). Each read checks `isOpen` again.
    static let keptItemIsOpen = "ends_at <= ?1 AND (rule <> 'handwritten-note' OR due_at >= ?1)"

    /// The kept candidates (`due_item`) that are open at `now`, marked overdue where they are;
    /// with `showingOnly`, only those that show by then. Nil when they were made in another time
    /// zone than `timeZone` or by other rules: then only the rules themselves can say.
    func storedDueItems(_ db: Database, timeZone: TimeZone, now: Int64, showingOnly: Bool) throws -> [DueItem]? {
        var items: [DueItem] = []
        // Room for a few items per open interview, so that the list is not moved as it grows
        // (untouched room costs nothing).
        items.reserveCapacity(4 * (try Int.fetchOne(db, sql: "SELECT count(*) FROM interview WHERE outcome IS NULL") ?? 0))
        let kept = try forEachOpenKeptItem(db, timeZone: timeZone, now: now, where: "show_from <= ?2",
                                           arguments: [now, showingOnly ? now : Int64.max]) { items.append($0) }
        return kept ? items : nil
    }

    /// Each interview's next item (`due_item.next`) where it is open at `now`, by interview id;
    /// nil as for `storedDueItems`.
    func storedNextItems(_ db: Database, timeZone: TimeZone, now: Int64) throws -> [String: DueItem]? {
        var items: [String: DueItem] = [:]
        let kept = try forEachOpenKeptItem(db, timeZone: timeZone, now: now, where: "next = 1", arguments: [now]) {
            items[$0.interviewID] = $0
        }
        return kept ? items : nil
    }

    /// The kept candidates that `condition` selects and that are open at `now` (`?1` in the
    /// condition's arguments), marked overdue where they are. False, and nothing read, when the
    /// rows were made in another time zone than `timeZone` or by other rules.
    private func forEachOpenKeptItem(_ db: Database, timeZone: TimeZone, now: Int64, where condition: String,
                                     arguments: StatementArguments, _ body: (DueItem) -> Void) throws -> Bool {
        guard try dueItemsKept(for: timeZone, db) else { return false }
        try forEachKeptCandidate(db, where: "\(condition) AND \(FollowupStore.keptItemIsOpen)", arguments: arguments) { item, endsAt, _ in
            guard DueRules.isOpen(item, endsAt: endsAt, now: now) else { return }
            var item = item
            item.overdue = now > item.dueAt
            body(item)
        }
        return true
    }

    /// Every row of `due_item` (that `condition` selects) as the candidate it was made from.
    func forEachKeptCandidate(_ db: Database, where condition: String = "1", arguments: StatementArguments = [],
                              _ body: (DueItem, _ endsAt: Int64, _ next: Bool) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT interview_id, ref, company, ends_at, rule, recipient, due_at, show_from, optional, reason, next
            FROM due_item WHERE \(condition)
            """, arguments: arguments)
        while let row = try cursor.next() {
            // A rule this version does not know cannot have been written by it: the basis check
            // before any read makes sure the rows come from these rules.
            guard let rule = FollowUpRule(rawValue: row[4]) else { continue }
            try body(DueItem(interviewID: row[0], ref: row[1], company: row[2], to: row[5], rule: rule,
                             dueAt: row[6], showFrom: row[7], overdue: false, optional: row[8], reason: row[9]), row[3], row[10])
        }
    }

    func projectConfig(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM config")
        for (key, value) in try configFromLog(db).values {
            try db.execute(sql: "INSERT INTO config (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// The configuration the config-set events (those that meet `condition`, if given) add up
    /// to, in canonical order, with the values that differ from the defaults' keys.
    func configFromLog(_ db: Database, counting condition: String? = nil) throws -> (config: RulesConfig, values: [String: String]) {
        let lines = try String.fetchAll(db, sql: """
            SELECT line FROM event WHERE type = 'config-set' AND \(condition ?? "1") ORDER BY \(FollowupStore.canonicalOrder)
            """)
        var config = RulesConfig()
        var values: [String: String] = [:]
        for line in lines {
            guard let event = try? Event(line: line), let key = event.payloadString("key"),
                  let value = event.payloadString("value") else { continue }
            // A value this version cannot use (from a newer replica) is skipped, not fatal.
            if (try? config.set(key, to: value)) != nil { values[key] = value }
        }
        return (config, values)
    }

    /// Replaces one interview's projected rows with `state` (or removes them for nil).
    func save(_ state: InterviewState?, id: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM interviewer WHERE interview_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM interview WHERE id = ?", arguments: [id])
        guard let state else { return }
        try db.execute(
            sql: """
                INSERT INTO interview (id, ref, company, role, starts_at, duration_minutes, points, decision_by,
                    thanked_at, handwritten_note_at, next_steps_asked_at, qualifications_sent, check_in_count,
                    last_check_in_at, unanswered_check_ins, last_response_at, outcome, outcome_at, event_count,
                    last_activity_at, round_of, application, application_ref, round, rounds, outcome_round)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [state.id, state.ref, state.company, state.role, state.startsAt, state.durationMinutes,
                        JSONValue.array(state.points.map(JSONValue.string)).canonicalString, state.decisionBy,
                        state.thankedAt, state.handwrittenNoteAt, state.nextStepsAskedAt, state.qualificationsSent,
                        state.checkInCount, state.lastCheckInAt, state.unansweredCheckIns, state.lastResponseAt,
                        state.outcome?.rawValue, state.outcomeAt, state.eventCount, state.lastActivityAt,
                        state.roundOf, state.application, state.applicationRef, state.round, state.rounds, state.outcomeRound])
        for (position, person) in state.interviewers.enumerated() {
            try db.execute(sql: "INSERT INTO interviewer (interview_id, position, name, email, thanked_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [state.id, position, person.name, person.email, person.thankedAt])
        }
    }

    /// Every projected interview, ordered by start time, optionally only those without an outcome.
    func loadInterviews(_ db: Database, openOnly: Bool = false, id: String? = nil) throws -> [InterviewState] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if openOnly { conditions.append("outcome IS NULL") }
        if let id {
            conditions.append("id = ?")
            arguments += [id]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // No ORDER BY: SQLite would sort whole rows in a temporary b-tree, slower than everything
        // else here at 10 000 interviews; Swift sorts the few keys instead.
        var interviewers: [String: [(position: Int, person: Interviewer)]] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT interview_id, position, name, email, thanked_at FROM interviewer"
            + (id == nil ? "" : " WHERE interview_id = ?"), arguments: id.map { [$0] } ?? [])
        while let row = try rows.next() {
            interviewers[row[0], default: []].append((row[1], Interviewer(name: row[2], email: row[3], thankedAt: row[4])))
        }
        // Columns by position: GRDB's look-up by name compares strings, and this runs per row.
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT id, ref, company, role, starts_at, duration_minutes, points, decision_by, thanked_at,
                   handwritten_note_at, next_steps_asked_at, qualifications_sent, check_in_count, last_check_in_at,
                   unanswered_check_ins, last_response_at, outcome, outcome_at, event_count, last_activity_at,
                   round_of, application, application_ref, round, rounds, outcome_round
            FROM interview \(whereClause)
            """, arguments: arguments)
        var states: [InterviewState] = []
        while let row = try cursor.next() {
            let id: String = row[0]
            let pointsText: String = row[6]
            let points = JSONValue.plainStringArray(pointsText)
                ?? (try? JSONValue.parse(pointsText))?.arrayValue?.compactMap(\.stringValue) ?? []
            states.append(InterviewState(
                id: id, ref: row[1], company: row[2], role: row[3], startsAt: row[4], durationMinutes: row[5],
                interviewers: (interviewers[id] ?? []).sorted { $0.position < $1.position }.map(\.person), points: points, decisionBy: row[7], thankedAt: row[8],
                handwrittenNoteAt: row[9], nextStepsAskedAt: row[10], qualificationsSent: row[11], checkInCount: row[12],
                lastCheckInAt: row[13], unansweredCheckIns: row[14], lastResponseAt: row[15],
                outcome: (row[16] as String?).flatMap(Outcome.init(rawValue:)), outcomeAt: row[17], eventCount: row[18],
                lastActivityAt: row[19], roundOf: row[20], application: row[21], applicationRef: row[22],
                round: row[23], rounds: row[24], outcomeRound: row[25]))
        }
        states.sort { FollowupStore.listedFirst($0.startsAt, $0.ref, $1.startsAt, $1.ref) }
        return states
    }

    /// The order interviews are listed in: by start, then ref, compared byte by byte as SQLite's
    /// `ORDER BY starts_at, ref` does (so the index `interview_listed` reads in this order). Not by
    /// tuples, because a tuple holding the ref copies it for every comparison.
    static func listedFirst(_ lhsStart: Int64, _ lhsRef: String, _ rhsStart: Int64, _ rhsRef: String) -> Bool {
        lhsStart != rhsStart ? lhsStart < rhsStart : lhsRef.utf8.lexicographicallyPrecedes(rhsRef.utf8)
    }

    func rulesConfig(_ db: Database) throws -> RulesConfig {
        var config = RulesConfig()
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM config ORDER BY key") {
            try? config.set(row[0], to: row[1])
        }
        return config
    }

    /// Finds an interview by exact ref, unique ref prefix, or id prefix.
    func resolveInterview(_ text: String, _ db: Database) throws -> InterviewState {
        let wanted = text.trimmingSpaces().lowercased()
        guard !wanted.isEmpty else { throw StoreError.invalidInput("the interview ref must not be empty") }
        var ids = try String.fetchAll(db, sql: "SELECT id FROM interview WHERE ref = ?", arguments: [wanted])
        if ids.isEmpty {
            ids = try String.fetchAll(db, sql: "SELECT id FROM interview WHERE substr(ref, 1, length(?)) = ?", arguments: [wanted, wanted])
        }
        if ids.isEmpty, wanted.count >= 4 {
            ids = try String.fetchAll(db, sql: "SELECT id FROM interview WHERE substr(id, 1, length(?)) = ?", arguments: [wanted, wanted])
        }
        guard let first = ids.first else {
            let refs = try String.fetchAll(db, sql: "SELECT ref FROM interview")
            throw Suggestion.closest(to: wanted, among: refs).map { StoreError.mistypedInterview(text, suggestion: $0) }
                ?? StoreError.unknownInterview(text)
        }
        if ids.count > 1 {
            let refs = try ids.prefix(6).map { id in
                let ref = try String.fetchOne(db, sql: "SELECT ref FROM interview WHERE id = ?", arguments: [id]) ?? id
                return "\(ref) (\(id.prefix(8)))"
            }
            throw StoreError.ambiguousInterview(text, candidates: refs)
        }
        return try loadInterviews(db, id: first)[0]
    }

    /// Finds an event by id or unique id prefix (at least 4 characters).
    func resolveEvent(_ text: String, _ db: Database) throws -> Event {
        let wanted = text.trimmingSpaces().lowercased()
        guard wanted.count >= 4 else { throw StoreError.invalidInput("give at least 4 characters of the event id") }
        // The range lets SQLite find the prefix through the id's unique index instead of reading
        // every event (ids are lowercase UUIDs: each of their characters sorts before "~").
        let lines = try String.fetchAll(db, sql: """
            SELECT line FROM event WHERE id >= ?1 AND id < ?1 || '~' AND substr(id, 1, length(?1)) = ?1 LIMIT 7
            """, arguments: [wanted])
        guard let line = lines.first else { throw StoreError.unknownEvent(text) }
        if lines.count > 1 {
            throw StoreError.ambiguousEvent(text, candidates: lines.prefix(6).compactMap { try? Event(line: $0).id })
        }
        do {
            return try Event(line: line)
        } catch {
            throw StoreError.corrupt(path: databasePath, detail: "event \(wanted) is unreadable: \(error)")
        }
    }
}

extension EventType {
    private static let names: [(bytes: [UInt8], type: EventType)] = allCases.map { (Array($0.rawValue.utf8), $0) }

    /// The type named by the text in `column` of the row `statement` stands on, matched in
    /// SQLite's buffer (nil for a type this version does not know). Folds read one per event;
    /// a String of each, looked up with `init(rawValue:)`, costs about as much as reading the
    /// other columns.
    init?(column: Int32, of statement: Statement) {
        guard let text = sqlite3_column_text(statement.sqliteStatement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement.sqliteStatement, column))
        guard let match = EventType.names.first(where: { $0.bytes.count == count && memcmp($0.bytes, text, count) == 0 }) else {
            return nil
        }
        self = match.type
    }
}

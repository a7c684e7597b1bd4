import Foundation
import GRDB
import GRDBSQLite

/// Which events count in the state as of a moment: what `status`, `due`, `stats` and
/// `interview show` show with `--now`/`--as-of` (docs/cli.md, "The state as of a moment").
///
/// An event counts once it had happened or had been recorded, whichever came first: an action
/// from the time it says it happened (`occurred`, never after it was recorded), so one typed in
/// days later counts from the day it was done; an interview from when it was entered, or from its
/// start when it was entered after it took place; a retraction, an edit or a setting, whose
/// `occurred` is when it was made, from then. A correction made after the moment is not applied.
struct AsOfCutoff {
    let seconds: Int64
    let milliseconds: Int64

    init(_ moment: Date) {
        seconds = FollowupStore.seconds(moment)
        milliseconds = Int64((moment.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The condition on an `event` row that counts.
    var counts: String { "(occurred <= \(seconds) OR recorded_ms <= \(milliseconds))" }
}

/// The interviews and settings that the events counting as of a moment add up to.
struct StateAsOf {
    var interviews: [InterviewState]
    var config: RulesConfig
}

extension FollowupStore {
    /// Whether some event does not count as of `asOf` (none for nil): only then does the state as
    /// of `asOf` differ from the current one.
    func eventsAfter(_ asOf: Date?, _ db: Database) throws -> Bool {
        guard let asOf else { return false }
        let cutoff = AsOfCutoff(asOf)
        // `recorded_ms` first: the index `event_order` finds the few events recorded later.
        return try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM event WHERE recorded_ms > ? AND occurred > ?)
            """, arguments: [cutoff.milliseconds, cutoff.seconds]) ?? false
    }

    /// The state as of `asOf`, or nil when every event counts then: then it is the current state,
    /// and the projection and its kept due items say it faster.
    func state(asOf: Date?, _ db: Database) throws -> StateAsOf? {
        guard let asOf, try eventsAfter(asOf, db) else { return nil }
        let counts = AsOfCutoff(asOf).counts
        return StateAsOf(interviews: try foldInterviews(db, counting: counts).states,
                         config: try configFromLog(db, counting: counts).config)
    }

    /// The interview `ref` names (looked up among the current interviews: a ref never changes),
    /// alone, as of `asOf`; nil as for `state(asOf:)`. It is taken from the fold of every
    /// interview, so that whatever that fold settles between interviews holds for it too.
    func interview(_ ref: String, asOf: Date?, _ db: Database) throws -> StateAsOf? {
        guard let past = try state(asOf: asOf, db), let asOf else { return nil }
        let id = try resolveInterview(ref, db).id
        guard let state = past.interviews.first(where: { $0.id == id }) else {
            throw StoreError.notYetKnown(ref: ref, asOf: LocalTime.format(FollowupStore.seconds(asOf)))
        }
        return StateAsOf(interviews: [state], config: past.config)
    }

    /// Every interview folded from its events that meet `condition` (all of them for nil), in
    /// listing order, and how many events were folded. An interview whose `interview-added` does
    /// not meet it is left out.
    func foldInterviews(_ db: Database, counting condition: String?) throws -> (states: [InterviewState], events: Int) {
        var conditions = ["interview IS NOT NULL"]
        if let condition { conditions.append(condition) }
        var states: [InterviewState] = []
        var group: [ProjectionFact] = []
        // The interview id's bytes, compared where SQLite holds them: a String of every event's
        // interview id would be made only to be compared.
        var currentInterview: [UInt8]?
        var count = 0
        let statement = try db.makeStatement(sql: """
            SELECT \(FollowupStore.factColumns), interview FROM event
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY interview, \(FollowupStore.canonicalOrder)
            """)
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            let interview = UnsafeBufferPointer(start: sqlite3_column_text(statement.sqliteStatement, 7),
                                                count: Int(sqlite3_column_bytes(statement.sqliteStatement, 7)))
            if currentInterview.map({ !$0.elementsEqual(interview) }) ?? true {
                if let state = InterviewState.fold(group) { states.append(state) }
                group.removeAll(keepingCapacity: true)
                currentInterview = Array(interview)
            }
            group.append(FollowupStore.fact(from: row, of: statement))
            count += 1
        }
        if let state = InterviewState.fold(group) { states.append(state) }
        states = ApplicationRounds.link(states)
        states.sort { FollowupStore.listedFirst($0.startsAt, $0.ref, $1.startsAt, $1.ref) }
        return (states, count)
    }
}

import TestSupport
import Foundation
import GRDB
import Testing
@testable import FollowupCore

/// Stores written by an earlier followup are brought to the current schema when opened.
@Suite("Migrations of stores written by earlier versions")
struct MigrationTests {
    let zone = Fixture.berlin
    let start = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))

    /// Every table, index and trigger of the database at `path`, by name, with its SQL.
    func schema(_ database: DatabaseQueue) throws -> [String: String] {
        try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'grdb_migrations'
                """).map { ($0[0] as String, $0[1] as String) })
        }
    }

    /// The schema of a database that ran the migrations up to `identifier` and no further.
    func schema(upTo identifier: String) throws -> [String: String] {
        let database = try DatabaseQueue()
        try FollowupStore.migrator.migrate(database, upTo: identifier)
        return try schema(database)
    }

    /// The statements run on a store's connection while tracing is on.
    final class Statements: @unchecked Sendable {
        var sql: [String] = []
    }

    /// What `EXPLAIN QUERY PLAN` says of each statement that `body` runs on `store`, by statement.
    func plans(_ store: FollowupStore, _ body: () throws -> Void) throws -> [String: String] {
        let traced = Statements()
        try store.read { db in db.trace(options: .statement) { traced.sql.append($0.expandedDescription) } }
        try body()
        return try store.read { db in
            db.trace(options: [], nil)
            var plans: [String: String] = [:]
            for sql in traced.sql where sql.hasPrefix("SELECT") {
                plans[sql] = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { $0["detail"] as String }
                    .joined(separator: "; ")
            }
            return plans
        }
    }

    @Test("a store of schema 0010 gains the indexes by event type on opening, and reads the same as before")
    func eventTypeIndexes() throws {
        let directory = Fixture.temporaryDirectory()
        let store = try Fixture.store(in: directory, at: start + 2 * 3600)
        store.timeZone = zone
        try store.addInterview(InterviewInput(ref: "acme", company: "Acme", role: "Engineer", startsAt: start,
                                              interviewers: [Interviewer(name: "Jane Doe"), Interviewer(name: "Bob Lee")],
                                              points: ["sync"]))
        let thanks = try store.log(ActionInput(action: .thankYou, interview: "acme", to: "Jane"))
        _ = try store.setConfig("thank-you.hours", "48")
        _ = try store.retract(thanks.event.id, reason: nil)
        let later = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart + 30 * 3600))
        store.wallClock = { later }
        _ = try store.log(ActionInput(action: .thankYou, interview: "acme", to: "Bob"))
        let moment = start + 3 * 3600
        func reads(_ store: FollowupStore) throws -> (due: [DueItem], stats: FollowUpStats, lines: [StatusLine]) {
            (try store.due(now: moment, asOf: moment, timeZone: zone, includeUpcoming: true),
             try store.stats(now: moment, asOf: moment), try store.statusLines(now: moment, asOf: moment, timeZone: zone))
        }
        let before = try reads(store)
        #expect(before.due.contains { $0.rule == .thankYou && $0.to == "Jane Doe" }, "the retraction counts then")

        // Take the store back to what followup wrote before 0011: that schema, and 0011 not applied.
        let current = try schema(DatabaseQueue(path: store.databasePath))
        try DatabaseQueue(path: store.databasePath).write { db in
            try db.execute(sql: """
                DROP INDEX event_config_set;
                DROP INDEX event_retraction;
                DROP INDEX event_interview;
                CREATE INDEX event_interview ON event (interview, recorded_ms, clock, device, seq);
                DELETE FROM grdb_migrations WHERE identifier = '0011_event_type_indexes';
                """)
        }
        let previous = try schema(upTo: "0010_application_rounds")
        #expect(try schema(DatabaseQueue(path: store.databasePath)) == previous)
        #expect(previous != current)

        let reopened = try FollowupStore.open(at: directory)
        reopened.timeZone = zone
        #expect(try schema(DatabaseQueue(path: reopened.databasePath)) == current)
        #expect(current == (try schema(upTo: "0011_event_type_indexes")))
        let after = try reads(reopened)
        #expect(after.due == before.due)
        #expect(after.stats == before.stats)
        #expect(after.lines == before.lines)

        // What the indexes are for: reads as of a moment find settings and retractions by their
        // type, fold the interviews through their index, and count replies from that index alone.
        let plans = try plans(reopened) {
            _ = try reopened.statusLines(now: moment, asOf: moment, timeZone: zone)
            _ = try reopened.stats(now: moment, asOf: moment)
        }
        for (statement, index) in [("type = 'config-set'", "USING INDEX event_config_set"),
                                   ("type = 'event-retracted'", "USING INDEX event_retraction"),
                                   ("ORDER BY interview,", "USING INDEX event_interview"),
                                   ("type = 'response-received'", "USING COVERING INDEX event_interview")] {
            let found = plans.filter { $0.key.contains(statement) }
            #expect(!found.isEmpty && found.values.allSatisfy { $0.contains(index) }, "\(statement): \(found)")
        }
    }
}

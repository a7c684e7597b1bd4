import TestSupport
import Foundation
import GRDB
import Testing
@testable import FollowupCore

/// The rules' output kept with the projection (`due_item`): `due` and `status` read it instead
/// of running the rules over every interview, and must say exactly what the rules say.
@Suite("Due items kept with the projection")
struct DueProjectionTests {
    let directory = Fixture.temporaryDirectory()
    let start = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))
    /// Not the zone the test process runs in, so that a read in `.current` cannot use rows made here.
    let losAngeles = TimeZone(identifier: "America/Los_Angeles")!

    /// A clock the test moves forward, as the store reads it for every write.
    final class Clock: @unchecked Sendable {
        var now: Date
        init(_ now: Date) { self.now = now }
    }

    func makeStore(zone: TimeZone, clock: Clock) throws -> FollowupStore {
        let store = try Fixture.store(in: directory, at: clock.now)
        store.wallClock = { clock.now }
        store.timeZone = zone
        return store
    }

    func interview(_ ref: String, at start: Date, decisionBy: Date? = nil,
                   interviewers: [Interviewer] = [Interviewer(name: "Jane Doe"), Interviewer(name: "Bob Lee")]) -> InterviewInput {
        InterviewInput(ref: ref, company: "Acme \(ref)", role: "Engineer", startsAt: start,
                       interviewers: interviewers, points: ["sync"], decisionBy: decisionBy)
    }

    /// What the rules themselves say, from the projected interviews and configuration.
    func live(_ store: FollowupStore, zone: TimeZone, now: Date, includeUpcoming: Bool = false) throws -> [DueItem] {
        try DueRules(config: store.rulesConfig(), calendar: BusinessCalendar(timeZone: zone))
            .due(store.interviews().filter { $0.outcome == nil }, now: Int64(now.timeIntervalSince1970),
                 includeUpcoming: includeUpcoming)
    }

    func liveNext(_ store: FollowupStore, zone: TimeZone, now: Date) throws -> [DueItem?] {
        let rules = DueRules(config: try store.rulesConfig(), calendar: BusinessCalendar(timeZone: zone))
        return try store.interviews().map { rules.next(for: $0, now: Int64(now.timeIntervalSince1970)) }
    }

    /// A store in Berlin, two hours after two interviews began: `acme` and `globex`.
    func twoInterviews() throws -> (FollowupStore, Clock) {
        let clock = Clock(start + 2 * 3600)
        let store = try makeStore(zone: Fixture.berlin, clock: clock)
        try store.addInterview(interview("acme", at: start))
        try store.addInterview(interview("globex", at: start))
        return (store, clock)
    }

    func basis(_ store: FollowupStore) throws -> String? {
        try DatabaseQueue(path: store.databasePath).read { db in
            try String.fetchOne(db, sql: "SELECT time_zone || ' ' || rules_revision FROM due_basis")
        }
    }

    @Test("due and status read from the kept items say what the rules say, on random histories written to a real store")
    func keptItemsAgreeWithRules() throws {
        let zone = Fixture.berlin
        let clock = Clock(start)
        let store = try makeStore(zone: zone, clock: clock)
        var random = SplitMix(seed: 0xD0E_17E5)
        var history = RandomHistory(actions: [.thankYou, .thankYou, .handwrittenNote, .nextSteps, .checkIn, .checkIn, .response,
                                              .note, .qualifications])
        let settings = [("check-in.default-days", 3...12), ("check-in.spacing-days", 2...9), ("ghosted.days", 10...30),
                        ("due.lead-hours", 0...48), ("check-in.max-unanswered", 1...3), ("handwritten-note.business-days", 1...5)]
        for step in 0..<160 {
            clock.now += TimeInterval(Int.random(in: 1...30, using: &random) * 3600)
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<3:
                let ref = "job-\(history.refs.count)"
                let decision = Bool.random(using: &random) ? clock.now + TimeInterval(Int.random(in: 1...12, using: &random) * 86_400) : nil
                // Without interviewers, the thank-you and the next-steps question are due at
                // the same moment: ties the order must settle the same way on both paths.
                try store.addInterview(interview(ref, at: clock.now - TimeInterval(Int.random(in: 0...3, using: &random) * 3600),
                                                 decisionBy: decision, interviewers: Bool.random(using: &random) ? [] : [
                                                     Interviewer(name: "Jane Doe"), Interviewer(name: "Bob Lee")]))
                history.refs.append(ref)
            case 3 where !history.refs.isEmpty:
                let (key, range) = settings.randomElement(using: &random)!
                _ = try store.setConfig(key, String(Int.random(in: range, using: &random)))
            case 4 where !history.logged.isEmpty:
                history.retractOne(store, random: &random)
            case 5 where !history.refs.isEmpty && Int.random(in: 0..<4, using: &random) == 0:
                history.logOutcome(store, random: &random)
            default:
                guard !history.refs.isEmpty else { continue }
                history.logAction(store, now: clock.now, hoursBack: 0...40, random: &random)
            }
            guard step % 8 == 7 else { continue }
            #expect(try basis(store) == "Europe/Berlin \(DueRules.revision)")
            for later in [0, 1, 5, 20].map({ clock.now + TimeInterval($0 * 86_400) }) {
                #expect(try store.due(now: later, timeZone: zone) == live(store, zone: zone, now: later))
                #expect(try store.due(now: later, timeZone: zone, includeUpcoming: true)
                        == live(store, zone: zone, now: later, includeUpcoming: true))
                let summaries = try store.status(now: later, timeZone: zone)
                #expect(summaries.map(\.next) == (try liveNext(store, zone: zone, now: later)))
                // status's table reads the interviews' rows and the marked items alone.
                #expect(try store.statusLines(now: later, timeZone: zone) == summaries.map(StatusLine.init))
            }
        }
        #expect(history.refs.count > 10)
        #expect(try !store.due(now: clock.now, timeZone: zone, includeUpcoming: true).isEmpty)
        #expect(try store.replay().differences.isEmpty)
    }

    @Test("status lists interviews by start, then ref byte by byte, whatever order they were added in, on both paths")
    func listingOrder() throws {
        let clock = Clock(start + 2 * 3600)
        let store = try makeStore(zone: Fixture.berlin, clock: clock)
        for ref in ["b", "a-2", "a", "a-10"] { try store.addInterview(interview(ref, at: start)) }
        try store.addInterview(interview("z-earlier", at: start - 3600))
        let expected = ["z-earlier", "a", "a-10", "a-2", "b"]
        #expect(try store.statusLines(now: clock.now, timeZone: Fixture.berlin).map(\.ref) == expected)
        #expect(try store.status(now: clock.now, timeZone: Fixture.berlin).map(\.state.ref) == expected)
        #expect(try store.statusLines(now: clock.now, timeZone: losAngeles).map(\.ref) == expected)  // the rules' path
    }

    @Test("an id read as a key equals another exactly when its bytes do; text longer than an id is no key")
    func idKeys() throws {
        let ids = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                   "00000000-0000-4000-8000-00000000000", "", String(repeating: "a", count: 40), String(repeating: "a", count: 41)]
        // The key is read from the current row: the cursor must still be on it.
        func key(_ id: String) throws -> IDKey? {
            try DatabaseQueue().read { db in
                let statement = try db.makeStatement(sql: "SELECT ?")
                let rows = try Row.fetchCursor(statement, arguments: [id])
                return try withExtendedLifetime(rows) {
                    _ = try rows.next()
                    return IDKey(statement, column: 0)
                }
            }
        }
        let keys = try ids.map(key)
        #expect(keys[5] == nil)
        let made = keys.compactMap { $0 }
        #expect(made.count == 5)
        #expect(Set(made).count == 5)
        #expect(try key(ids[0]) == keys[0])
    }

    @Test("items kept in another time zone are not used; the next write keeps them in its own")
    func otherTimeZone() throws {
        // An interview ending Friday 23:30 in Los Angeles, which is Saturday in Berlin: the
        // handwritten note's business days, and so its due time, differ between the two.
        let friday = Date(timeIntervalSince1970: TimeInterval(Fixture.utc("2026-11-28T06:30:00Z") - 3600))
        let clock = Clock(friday + 3 * 3600)
        let store = try makeStore(zone: Fixture.berlin, clock: clock)
        try store.addInterview(interview("acme", at: friday))
        let now = clock.now
        let inBerlin = try live(store, zone: Fixture.berlin, now: now, includeUpcoming: true)
        let inLosAngeles = try live(store, zone: losAngeles, now: now, includeUpcoming: true)
        #expect(inBerlin != inLosAngeles)
        #expect(try basis(store) == "Europe/Berlin \(DueRules.revision)")
        #expect(try store.due(now: now, timeZone: losAngeles, includeUpcoming: true) == inLosAngeles)
        #expect(try store.due(now: now, timeZone: Fixture.berlin, includeUpcoming: true) == inBerlin)
        #expect(try store.statusLines(now: now, timeZone: losAngeles) == store.status(now: now, timeZone: losAngeles).map(StatusLine.init))

        // A write on a machine set to Los Angeles keeps every interview's items there.
        store.timeZone = losAngeles
        try store.addInterview(interview("globex", at: friday))
        #expect(try basis(store) == "America/Los_Angeles \(DueRules.revision)")
        let both = try live(store, zone: losAngeles, now: now, includeUpcoming: true)
        #expect(Set(both.map(\.ref)) == ["acme", "globex"])
        #expect(try store.due(now: now, timeZone: losAngeles, includeUpcoming: true) == both)
        #expect(try store.due(now: now, timeZone: Fixture.berlin, includeUpcoming: true)
                == live(store, zone: Fixture.berlin, now: now, includeUpcoming: true))
    }

    @Test("zones of other names with the same offsets share the kept items; others do not")
    func equivalentZones() throws {
        let zone = { (name: String) in TimeZone(identifier: name)! }
        #expect(ZoneOffsets.sameOffsets(zone("UTC"), zone("Etc/UTC")))
        #expect(ZoneOffsets.sameOffsets(zone("Asia/Kolkata"), zone("Asia/Calcutta")))
        #expect(!ZoneOffsets.sameOffsets(zone("Europe/Berlin"), zone("Europe/Paris")))  // DST from 1980 and 1976
        #expect(!ZoneOffsets.sameOffsets(zone("UTC"), zone("Europe/London")))

        let clock = Clock(start + 2 * 3600)
        let store = try makeStore(zone: zone("Etc/UTC"), clock: clock)
        try store.addInterview(interview("acme", at: start))
        // Rows that differ from the rules' answer show which path a read took.
        try DatabaseQueue(path: store.databasePath).write { db in
            try db.execute(sql: "UPDATE due_item SET due_at = due_at + 60 WHERE ref = 'acme'")
        }
        let kept = try store.due(now: clock.now, timeZone: zone("UTC"), includeUpcoming: true)
        #expect(kept != (try live(store, zone: zone("UTC"), now: clock.now, includeUpcoming: true)))
        #expect(try store.due(now: clock.now, timeZone: zone("Europe/London"), includeUpcoming: true)
                == live(store, zone: zone("Europe/London"), now: clock.now, includeUpcoming: true))
        // A write in `UTC` keeps the rows made in `Etc/UTC` instead of making all of them again.
        store.timeZone = zone("UTC")
        try store.addInterview(interview("globex", at: start))
        #expect(try basis(store) == "Etc/UTC \(DueRules.revision)")
        #expect(try store.due(now: clock.now, timeZone: zone("UTC"), includeUpcoming: true).filter { $0.ref == "acme" }
                == kept)
    }

    @Test("a store from before the items were kept answers from the rules, and its next write keeps them")
    func storeWithoutKeptItems() throws {
        let (store, clock) = try twoInterviews()
        try DatabaseQueue(path: store.databasePath).write { db in
            try db.execute(sql: "DELETE FROM due_item; DELETE FROM due_basis")
        }
        let expected = try live(store, zone: Fixture.berlin, now: clock.now)
        #expect(expected.count >= 4)
        #expect(try store.due(now: clock.now, timeZone: Fixture.berlin) == expected)
        #expect(try basis(store) == nil)

        try store.log(ActionInput(action: .thankYou, interview: "acme", to: "Jane"))
        #expect(try basis(store) == "Europe/Berlin \(DueRules.revision)")
        let rows = try DatabaseQueue(path: store.databasePath).read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT ref FROM due_item ORDER BY ref")
        }
        #expect(rows == ["acme", "globex"])
        #expect(try store.due(now: clock.now, timeZone: Fixture.berlin) == live(store, zone: Fixture.berlin, now: clock.now))
    }

    @Test("a configuration change moves every interview's items at once")
    func configChange() throws {
        let (store, clock) = try twoInterviews()
        let checkIns = { try store.due(now: clock.now, timeZone: Fixture.berlin, includeUpcoming: true)
            .filter { $0.rule == .checkIn }.map(\.dueAt) }
        let before = try checkIns()
        // A whole week more keeps each weekday, so no check-in moves off a weekend.
        _ = try store.setConfig("check-in.default-days", "14")
        let after = try checkIns()
        #expect(after.count == 2)
        #expect(zip(before, after).allSatisfy { $1 - $0 == 7 * Fixture.day })
        #expect(try store.due(now: clock.now, timeZone: Fixture.berlin, includeUpcoming: true)
                == live(store, zone: Fixture.berlin, now: clock.now, includeUpcoming: true))
    }

    @Test("replay finds kept items that disagree with the rules, and repair makes them again")
    func replayChecksKeptItems() throws {
        let clock = Clock(start + 2 * 3600)
        let store = try makeStore(zone: Fixture.berlin, clock: clock)
        try store.addInterview(interview("acme", at: start))
        let expected = try store.due(now: clock.now, timeZone: Fixture.berlin, includeUpcoming: true)
        #expect(try store.replay().differences.isEmpty)
        try DatabaseQueue(path: store.databasePath).write { db in
            try db.execute(sql: "UPDATE due_item SET due_at = due_at + 60 WHERE rule = 'check-in'")
        }
        #expect(try store.due(now: clock.now, timeZone: Fixture.berlin, includeUpcoming: true) != expected)
        #expect(try store.replay().differences == ["(due items)"])
        #expect(try store.replay(repair: true).repaired)
        #expect(try store.replay().differences.isEmpty)
        // The mark on the item status shows next is checked too.
        try DatabaseQueue(path: store.databasePath).write { db in
            try db.execute(sql: "UPDATE due_item SET next = 1 - next WHERE rule = 'check-in'")
        }
        #expect(try store.replay().differences == ["(due items)"])
        #expect(try store.replay(repair: true).repaired)
        #expect(try store.replay().differences.isEmpty)
        #expect(try store.due(now: clock.now, timeZone: Fixture.berlin, includeUpcoming: true) == expected)
    }
}

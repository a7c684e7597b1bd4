import TestSupport
import Foundation
import GRDB
import Testing
@testable import FollowupCore

/// Reads as of a moment (`asOf`: `--now`, `--as-of`) see the state that the events counting by
/// then make (`AsOfCutoff`): those that had happened or had been recorded by then.
@Suite("the state as of a moment")
struct AsOfTests {
    let zone = Fixture.berlin
    let start = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))

    /// The store's wall clock, moved forward by the test.
    final class Clock: @unchecked Sendable {
        var now: Date
        init(_ now: Date) { self.now = now }
    }

    func makeStore(_ name: String, at now: Date, clock: Clock? = nil) throws -> FollowupStore {
        let store = try Fixture.store(name, in: Fixture.temporaryDirectory(), at: now)
        if let clock { store.wallClock = { clock.now } }
        store.timeZone = zone
        return store
    }

    func interview(_ ref: String, at start: Date, decisionBy: Date? = nil) -> InterviewInput {
        InterviewInput(ref: ref, company: "Acme \(ref)", role: "Engineer", startsAt: start,
                       interviewers: [Interviewer(name: "Jane Doe"), Interviewer(name: "Bob Lee")], points: ["sync"],
                       decisionBy: decisionBy)
    }

    /// Whether `event` counts as of `moment`: it had happened (`occurred`) or had been recorded by then.
    func counts(_ event: Event, asOf moment: Date) -> Bool {
        event.occurred <= FollowupStore.seconds(moment) || event.recordedMs <= Int64((moment.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// A store into which only the events of `store` that count as of `moment` were written, in
    /// the same order: its own projection and kept due items say what it holds.
    func replica(of store: FollowupStore, asOf moment: Date) throws -> FollowupStore {
        var drafts: [EventDraft] = []
        try store.forEachLine { line in
            let event = try Event(line: line)
            guard let type = event.knownType, type != .deviceRegistered, counts(event, asOf: moment) else { return }
            drafts.append(EventDraft(id: event.id, type: type, interview: event.interview, occurred: event.occurred, payload: event.payload))
        }
        let replica = try makeStore("desktop", at: moment)
        try replica.appendBulk(drafts)
        #expect(try replica.eventCount == drafts.count + 1)
        return replica
    }

    @Test("as of any moment, status, due, stats and interview show say what a store holding only the events that count then says")
    func asOfEqualsReplica() throws {
        let clock = Clock(start)
        let store = try makeStore("laptop", at: start, clock: clock)
        var random = SplitMix(seed: 0xA5_0F)
        var history = RandomHistory(actions: [.thankYou, .thankYou, .handwrittenNote, .nextSteps, .checkIn, .checkIn, .response, .note])
        var moments: [Date] = []
        for step in 0..<120 {
            clock.now += TimeInterval(Int.random(in: 1...30, using: &random) * 3600)
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<3:
                let ref = "job-\(history.refs.count)"
                let decision = Bool.random(using: &random) ? clock.now + TimeInterval(Int.random(in: 1...12, using: &random) * 86_400) : nil
                // Added late as often as not: the interview began before its adding was recorded.
                try store.addInterview(interview(ref, at: clock.now + TimeInterval(Int.random(in: -72...24, using: &random) * 3600),
                                                 decisionBy: decision))
                history.refs.append(ref)
            case 3 where !history.refs.isEmpty:
                _ = try store.setConfig("check-in.default-days", String(Int.random(in: 3...12, using: &random)))
            case 4 where !history.logged.isEmpty:
                history.retractOne(store, random: &random)
            case 5 where !history.refs.isEmpty:
                _ = try? store.amendInterview(history.refs.randomElement(using: &random)!,
                                              InterviewEdit(durationMinutes: Int.random(in: 2...12, using: &random) * 15))
            case 6 where !history.refs.isEmpty && Int.random(in: 0..<3, using: &random) == 0:
                history.logOutcome(store, random: &random)
            default:
                guard !history.refs.isEmpty else { continue }
                history.logAction(store, now: clock.now, hoursBack: 0...72, random: &random)
            }
            // The very moment of the last event (it counts), and a moment between events; actions
            // are typed in up to three days late, so some recorded later count already.
            if step % 10 == 4 { moments.append(clock.now) }
            if step % 10 == 9 { moments.append(clock.now - 1800) }
        }
        #expect(history.refs.count > 8)
        var differFromNow = 0
        var typedInLate = 0
        for moment in moments {
            let replica = try replica(of: store, asOf: moment)
            let states = try store.status(now: moment, asOf: moment, timeZone: zone)
            let expected = try replica.status(now: moment, timeZone: zone)
            if try store.status(now: moment, timeZone: zone).map(\.state) != expected.map(\.state) { differFromNow += 1 }
            try store.forEachLine { line in
                let event = try Event(line: line)
                if counts(event, asOf: moment), event.recordedMs > Int64(moment.timeIntervalSince1970 * 1000) { typedInLate += 1 }
            }
            #expect(states.map(\.state) == expected.map(\.state))
            #expect(states.map(\.status) == expected.map(\.status))
            #expect(states.map(\.next) == expected.map(\.next))
            #expect(try store.statusLines(now: moment, asOf: moment, timeZone: zone) == replica.statusLines(now: moment, timeZone: zone))
            for upcoming in [false, true] {
                #expect(try store.due(now: moment, asOf: moment, timeZone: zone, includeUpcoming: upcoming)
                        == replica.due(now: moment, timeZone: zone, includeUpcoming: upcoming))
            }
            #expect(try store.stats(now: moment, asOf: moment) == replica.stats(now: moment))
            for ref in history.refs {
                if let known = expected.first(where: { $0.state.ref == ref }) {
                    let detail = try store.interviewDetail(ref: ref, now: moment, asOf: moment, timeZone: zone)
                    #expect(detail.summary.state == known.state)
                    #expect(detail.summary.status == known.status)
                    #expect(detail.summary.next == known.next)
                    #expect(try detail.pending == replica.interviewDetail(ref: ref, now: moment, timeZone: zone).pending)
                } else {
                    #expect(throws: StoreError.notYetKnown(ref: ref, asOf: LocalTime.format(FollowupStore.seconds(moment)))) {
                        try store.interviewDetail(ref: ref, now: moment, asOf: moment, timeZone: zone)
                    }
                }
            }
        }
        // The later events change what most moments show: the rules over the current state would not do.
        #expect(differFromNow > moments.count * 3 / 4, "\(differFromNow) of \(moments.count)")
        // And what was done before a moment but typed in after it counts.
        #expect(typedInLate > moments.count)
    }

    @Test("a moment at or after the last event reads the kept due items; an earlier one runs the rules over the events that count then")
    func keptItemsAfterTheLastEvent() throws {
        let clock = Clock(start + 2 * 3600)
        let store = try makeStore("laptop", at: clock.now, clock: clock)
        try store.addInterview(interview("acme", at: start))
        let beforeThanks = clock.now
        clock.now += 3600
        try store.log(ActionInput(action: .thankYou, interview: "acme", to: "Jane"))
        let last = clock.now
        // Rows that differ from the rules' answer show which path a read took.
        try DatabaseQueue(path: store.databasePath).write { db in
            try db.execute(sql: "UPDATE due_item SET due_at = due_at + 60")
        }
        let rules = DueRules(config: RulesConfig(), calendar: BusinessCalendar(timeZone: zone))
        let kept = try store.due(now: last, timeZone: zone, includeUpcoming: true)
        #expect(kept != rules.due([try store.interview("acme")], now: FollowupStore.seconds(last), includeUpcoming: true))
        for moment in [last, last + 1, last + 30 * 86_400] {
            #expect(try store.due(now: moment, asOf: moment, timeZone: zone, includeUpcoming: true)
                    == store.due(now: moment, timeZone: zone, includeUpcoming: true))
            #expect(try store.statusLines(now: moment, asOf: moment, timeZone: zone) == store.statusLines(now: moment, timeZone: zone))
        }
        #expect(try store.due(now: last, asOf: last, timeZone: zone, includeUpcoming: true) == kept)

        // An hour earlier the thank-you to Jane had not been logged: the rules say it is due.
        let earlier = try store.due(now: beforeThanks, asOf: beforeThanks, timeZone: zone, includeUpcoming: true)
        #expect(try earlier == replica(of: store, asOf: beforeThanks).due(now: beforeThanks, timeZone: zone, includeUpcoming: true))
        #expect(earlier.contains { $0.rule == .thankYou && $0.to == "Jane Doe" })
    }
}

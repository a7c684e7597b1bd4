import TestSupport
import Foundation
import Testing
@testable import FollowupCore

/// Given these events, when it is this moment, expect these items: no database involved.
@Suite("Follow-up rules")
struct RulesTests {
    let end = Fixture.interviewStart + Fixture.hour  // Wednesday 15:00 Berlin
    let hour = Fixture.hour, day = Fixture.day

    @Test("a thank-you is due per interviewer within 24 h of the interview's end")
    func thankYouPerInterviewer() {
        // Given an interview with two interviewers
        let given = Given()
        // When it is an hour after the end
        let items = given.due(at: end + hour).filter { $0.rule == .thankYou }
        // Then each interviewer has a thank-you due 24 h after the end
        #expect(items.map(\.to) == ["Jane Doe", "Bob Lee"])
        #expect(items.allSatisfy { $0.dueAt == end + 24 * hour && !$0.overdue && $0.action == "thank-you" })
        #expect(items[0].reason.contains("offline sync"))
        #expect(given.item(.thankYou, at: end + 25 * hour)?.overdue == true)
    }

    @Test("nothing is due before the interview has ended")
    func upcoming() {
        #expect(Given().due(at: end - 1).isEmpty)
        #expect(Given().state.status(now: end - 1, config: RulesConfig()) == .upcoming)
    }

    @Test("thanking one interviewer by first name leaves the other due")
    func thankOne() {
        var given = Given()
        given.add(.thankYouSent, at: end + hour, to: "jane")
        #expect(given.due(at: end + 2 * hour).filter { $0.rule == .thankYou }.map(\.to) == ["Bob Lee"])
    }

    @Test("a thank-you naming nobody thanks every interviewer")
    func thankEveryone() {
        var given = Given()
        given.add(.thankYouSent, at: end + hour)
        #expect(given.item(.thankYou, at: end + 2 * hour) == nil)
    }

    @Test("a thank-you to someone who was not an interviewer thanks nobody")
    func thankStranger() {
        var given = Given()
        given.add(.thankYouSent, at: end + hour, to: "Carol")
        #expect(given.due(at: end + 2 * hour).filter { $0.rule == .thankYou }.count == 2)
    }

    @Test("a retracted thank-you is due again")
    func retractedThankYou() {
        var given = Given()
        let thanks = given.add(.thankYouSent, at: end + hour, to: "Jane Doe")
        given.retract(thanks, at: end + 2 * hour)
        #expect(given.item(.thankYou, at: end + 3 * hour, to: "Jane Doe") != nil)
    }

    @Test("the handwritten note is optional and suggested for about 2 business days")
    func handwrittenNote() throws {
        let item = try #require(Given().item(.handwrittenNote, at: end + hour))
        #expect(item.optional)
        #expect(item.dueAt == end + 2 * day)  // Wednesday → Friday
        #expect(Given().item(.handwrittenNote, at: end + 2 * day + 1) == nil)
    }

    @Test("asking about next steps is due until asked or a decision date is known")
    func nextSteps() {
        #expect(Given().item(.nextSteps, at: end + hour) != nil)
        var asked = Given()
        asked.add(.nextStepsAsked, at: end + hour)
        #expect(asked.item(.nextSteps, at: end + 2 * hour) == nil)
        #expect(Given(decisionBy: end + 3 * day).item(.nextSteps, at: end + hour) == nil)
    }

    @Test("with a decision date the check-in shows 1 and is due 2 business days after it, skipping the weekend")
    func checkInAfterDecision() throws {
        // Given the employer said they decide by Friday 17:00
        let friday = Fixture.utc("2026-11-27T16:00:00Z")
        var given = Given()
        given.add(.nextStepsAsked, at: end + hour, decisionBy: friday)
        // Then the check-in shows from Monday and is due Tuesday
        let item = try #require(given.item(.checkIn, at: friday + 4 * day))
        #expect(item.showFrom == Fixture.utc("2026-11-30T16:00:00Z"))
        #expect(item.dueAt == Fixture.utc("2026-12-01T16:00:00Z"))
        #expect(item.reason.contains("decide by Fri 27 Nov"))
    }

    @Test("without a decision date the check-in is due about 7 days after the interview")
    func checkInDefault() throws {
        let item = try #require(Given().item(.checkIn, at: end + hour))
        #expect(item.dueAt == end + 7 * day)
        #expect(item.showFrom == end + 6 * day)
    }

    @Test("check-ins are spaced 7 days apart and the interview goes cold after 2 unanswered")
    func spacingAndCap() throws {
        var given = Given()
        given.add(.checkInSent, at: end + 7 * day)
        let second = try #require(given.item(.checkIn, at: end + 8 * day))
        #expect(second.dueAt == end + 14 * day)
        given.add(.checkInSent, at: end + 14 * day)
        #expect(given.item(.checkIn, at: end + 15 * day) == nil)
        #expect(given.state.status(now: end + 15 * day, config: RulesConfig()) == .cold)
    }

    @Test("a reply from the employer restarts the clocks")
    func replyResets() throws {
        var given = Given()
        given.add(.checkInSent, at: end + 7 * day)
        given.add(.checkInSent, at: end + 14 * day)
        given.add(.responseReceived, at: end + 16 * day)
        #expect(given.state.status(now: end + 17 * day, config: RulesConfig()) == .active)
        let item = try #require(given.item(.checkIn, at: end + 17 * day))
        #expect(item.dueAt == end + 23 * day)
        #expect(given.item(.ghosted, at: end + 40 * day) == nil)
    }

    @Test("a reply that gives a new decision date moves the check-in after it")
    func replyWithDecisionDate() throws {
        var given = Given()
        given.add(.checkInSent, at: end + 7 * day)
        let monday = Fixture.utc("2026-12-07T09:00:00Z")
        given.add(.responseReceived, at: end + 8 * day, decisionBy: monday)
        let item = try #require(given.item(.checkIn, at: monday))
        #expect(item.showFrom == monday + day && item.dueAt == monday + 2 * day)
    }

    @Test("14 days without a reply after the last check-in, once check-ins are at their cap, suggests marking it ghosted")
    func ghosted() throws {
        var given = Given()
        given.add(.checkInSent, at: end + 7 * day)
        given.add(.checkInSent, at: end + 14 * day)
        #expect(!given.showing(at: end + 28 * day - 1).contains { $0.rule == .ghosted })
        let item = try #require(given.showing(at: end + 28 * day).first { $0.rule == .ghosted })
        #expect(item.action == "outcome" && item.reason.contains("ghosted"))
    }

    @Test("an outcome closes the interview: nothing more is due")
    func outcomeCloses() {
        var given = Given()
        given.add(.outcomeRecorded, at: end + day, detail: "rejected")
        #expect(given.due(at: end + 2 * day).isEmpty)
        #expect(given.state.status(now: end + 2 * day, config: RulesConfig()) == .closed)
        given.add(.outcomeRecorded, at: end + 3 * day, detail: "ghosted")
        #expect(given.state.status(now: end + 4 * day, config: RulesConfig()) == .ghosted)
    }

    @Test("thresholds come from the configuration")
    func configured() throws {
        var config = RulesConfig()
        try config.set("thank-you.hours", to: "48")
        try config.set("handwritten-note.suggest", to: "false")
        let items = Given().due(at: end + hour, config: config)
        #expect(items.first { $0.rule == .thankYou }?.dueAt == end + 48 * hour)
        #expect(!items.contains { $0.rule == .handwrittenNote })
        #expect(throws: ConfigError.unknownKey("nope")) { try config.set("nope", to: "1") }
        #expect(throws: ConfigError.self) { try config.set("ghosted.days", to: "-1") }
    }

    @Test("business days are counted in the user's time zone")
    func timeZone() {
        // Friday 23:30 in Tokyo is Friday 14:30 UTC: one business day later is Monday in Tokyo.
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let decision = Fixture.utc("2026-11-27T14:30:00Z")
        var given = Given()
        given.add(.nextStepsAsked, at: end + hour, decisionBy: decision)
        let rules = DueRules(config: RulesConfig(), calendar: BusinessCalendar(timeZone: tokyo))
        let item = rules.pending(for: given.state, now: decision).first { $0.rule == .checkIn }
        #expect(item?.showFrom == decision + 3 * day)
    }

    @Test("the fold depends on the set of events, not the order they arrive in")
    func orderIndependent() {
        var given = Given()
        given.add(.thankYouSent, at: end + hour, to: "Jane Doe")
        given.add(.checkInSent, at: end + 7 * day)
        given.add(.responseReceived, at: end + 9 * day, decisionBy: end + 12 * day)
        given.add(.nextStepsAsked, at: end + 2 * hour, decisionBy: end + 5 * day)
        given.add(.outcomeRecorded, at: end + 20 * day, detail: "offer")
        let reference = given.state
        var shuffled = given.facts
        for seed in 0..<20 {
            var generator = SplitMix(seed: UInt64(seed))
            shuffled.shuffle(using: &generator)
            #expect(InterviewState.fold(shuffled) == reference)
        }
        #expect(reference.decisionBy == end + 12 * day)
    }

    @Test("what status shows next and what due lists are the pending items, reasons and all, on random histories")
    func nextAndDueAgreeWithPending() {
        let rules = Fixture.rules
        let types: [EventType] = [.thankYouSent, .handwrittenNoteSent, .nextStepsAsked, .checkInSent, .checkInSent,
                                  .responseReceived, .noteAdded]
        var random = SplitMix(seed: 0x5EE_7E57)
        for _ in 0..<300 {
            var given = Given(decisionBy: Bool.random(using: &random) ? end + Int64.random(in: 1...9, using: &random) * day : nil)
            var time = end
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                time += Int64.random(in: 1...200, using: &random) * hour
                let type = types.randomElement(using: &random)!
                given.add(type, at: time, to: type == .thankYouSent ? ["Jane", "Bob", nil].randomElement(using: &random)! : nil)
            }
            let state = given.state
            for now in [end - hour, end + hour, time + Int64.random(in: 0...30, using: &random) * day] {
                let pending = rules.pending(for: state, now: now)
                #expect(rules.next(for: state, now: now) == pending.min(by: DueRules.moreUrgent))
                #expect(rules.due([state], now: now) == pending.filter { $0.showFrom <= now }.sorted(by: DueRules.moreUrgent))
                #expect(pending.allSatisfy { !$0.reason.isEmpty })
            }
        }
    }

    @Test("the urgency order is total: the same items in any arrangement sort the same")
    func urgencyOrderIsTotal() {
        // Without interviewers the thank-you and the next-steps question fall due together.
        let alone = Given(interviewers: [])
        let pair = Given()
        let items = [alone, pair].flatMap { Fixture.rules.pending(for: $0.state, now: end + 2 * hour) }
            + Fixture.rules.pending(for: alone.state, now: end + 2 * hour).map { item in
                var other = item
                other.interviewID = "00000000-0000-4000-8000-000000000009"  // another interview, same ref
                return other
            }
        let sorted = DueRules.mostUrgentFirst(items)
        var random = SplitMix(seed: 0x70_7A1)
        for _ in 0..<50 {
            #expect(DueRules.mostUrgentFirst(items.shuffled(using: &random)) == sorted)
        }
        #expect(sorted.first { $0.dueAt == end + 24 * hour && $0.to == nil }?.rule == .thankYou)
    }

    @Test("retracting the interview removes it")
    func retractInterview() {
        var given = Given()
        given.retract(Fixture.interviewID, at: end)
        #expect(InterviewState.fold(given.facts) == nil)
    }
}

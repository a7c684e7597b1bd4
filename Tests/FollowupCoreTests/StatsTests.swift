import Foundation
import Testing
@testable import FollowupCore

/// Given these interviews and replies, at this moment, expect these figures: no database involved.
@Suite("Follow-up statistics")
struct StatsTests {
    let start = Fixture.interviewStart
    let end = Fixture.interviewStart + Fixture.hour
    let hour = Fixture.hour, day = Fixture.day

    func interview(_ company: String, id: String, thanked: [Int64?], checkIns: Int = 0, outcome: Outcome? = nil,
                   startsAt: Int64? = nil) -> InterviewState {
        var state = InterviewState(id: id, ref: id, company: company, role: "Engineer", startsAt: startsAt ?? start,
                                   durationMinutes: 60, interviewers: [], points: [], lastActivityAt: start)
        state.interviewers = thanked.enumerated().map { Interviewer(name: "Person \($0.offset)", thankedAt: $0.element) }
        state.checkInCount = checkIns
        state.outcome = outcome
        return state
    }

    @Test("the on-time share counts thank-yous sent within thank-you.hours against those sent or overdue")
    func thankYouShare() {
        // Given one interviewer thanked after 2 h, one after 30 h, and one never thanked
        let acme = interview("Acme", id: "a", thanked: [end + 2 * hour, end + 30 * hour, nil])
        // When it is three days later, the unthanked one is overdue and counts against
        let stats = FollowUpStats.compute([acme], replies: [:], config: RulesConfig(), now: end + 3 * day)
        #expect(stats.overall.thankYous == 3)
        #expect(stats.overall.thankYousOnTime == 1)
        // Then, within the 24 h window, the one not yet thanked does not count yet
        let early = FollowUpStats.compute([interview("Acme", id: "a", thanked: [end + 2 * hour, nil])], replies: [:],
                                          config: RulesConfig(), now: end + 3 * hour)
        #expect(early.overall.thankYous == 1)
        #expect(early.overall.onTimeShare == 1)
    }

    @Test("the on-time window follows the thank-you.hours setting")
    func thankYouWindowSetting() throws {
        var config = RulesConfig()
        try config.set("thank-you.hours", to: "48")
        let stats = FollowUpStats.compute([interview("Acme", id: "a", thanked: [end + 30 * hour])], replies: [:],
                                          config: config, now: end + 5 * day)
        #expect(stats.thankYouHours == 48)
        #expect(stats.overall.thankYousOnTime == 1)
    }

    @Test("the median days to reply uses each interview's first reply after its end; earlier replies are ignored")
    func medianReply() {
        let interviews = [
            interview("Acme", id: "a", thanked: []), interview("Acme", id: "b", thanked: []),
            interview("Globex", id: "c", thanked: []), interview("Globex", id: "d", thanked: []),
        ]
        let replies: [String: [Int64]] = [
            "a": [end - hour, end + 4 * day, end + 2 * day],  // first after the end: 2 days
            "b": [end + 3 * day],
            "c": [end + 10 * day],
        ]
        let stats = FollowUpStats.compute(interviews, replies: replies, config: RulesConfig(), now: end + 20 * day)
        #expect(stats.overall.replied == 3)
        #expect(stats.overall.medianDaysToReply == 3)
        #expect(stats.companies.map(\.name) == ["Acme", "Globex"])
        #expect(stats.companies[0].figures.medianDaysToReply == 2.5)
        #expect(stats.companies[1].figures.medianDaysToReply == 10)
        #expect(stats.companies[1].figures.replied == 1)
    }

    @Test("companies are grouped without regard to case; outcomes and check-ins are counted per group")
    func groupingAndOutcomes() {
        let interviews = [
            interview("Acme", id: "a", thanked: [], checkIns: 2, outcome: .offer),
            interview("ACME", id: "b", thanked: [], checkIns: 1),
            interview("Globex", id: "c", thanked: [], checkIns: 0, outcome: .ghosted),
            interview("Globex", id: "future", thanked: [], startsAt: end + 30 * day),
        ]
        let stats = FollowUpStats.compute(interviews, replies: [:], config: RulesConfig(), now: end + 10 * day)
        #expect(stats.companies.count == 2)
        #expect(stats.companies[0].name == "Acme")
        #expect(stats.companies[0].figures.interviews == 2)
        #expect(stats.companies[0].figures.checkInsPerInterview == 1.5)
        #expect(stats.companies[0].figures.outcomes == ["offer": 1, "open": 1])
        // An upcoming interview counts as an interview but not in the per-ended-interview figures.
        #expect(stats.companies[1].figures.interviews == 2)
        #expect(stats.companies[1].figures.ended == 1)
        #expect(stats.companies[1].figures.checkInsPerInterview == 0)
        #expect(stats.overall.outcomes == ["offer": 1, "ghosted": 1, "open": 2])
        #expect(stats.overall.checkIns == 3)
    }

    @Test("no interviews: no shares, no medians, nothing divided by zero")
    func empty() {
        let stats = FollowUpStats.compute([], replies: [:], config: RulesConfig(), now: end)
        #expect(stats.overall.onTimeShare == nil)
        #expect(stats.overall.medianDaysToReply == nil)
        #expect(stats.overall.checkInsPerInterview == nil)
        #expect(stats.companies.isEmpty)
    }
}

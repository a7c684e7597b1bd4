import Foundation
import Testing
@testable import FollowupCore

/// Rounds of one application (`interview add --round-of`): what one round's events mean for the
/// others (docs/rules.md, Rounds of one application), on real stores.
@Suite("Rounds of one application")
struct ApplicationRoundsTests {
    let day = Fixture.day
    let hour = Fixture.hour
    /// Wednesday 25 November 2026, 14:00 Berlin: the first round.
    let firstRound = Date(timeIntervalSince1970: TimeInterval(Fixture.interviewStart))
    /// Tuesday 1 December, 14:00 Berlin: the second.
    var secondRound: Date { firstRound.addingTimeInterval(Double(6 * day)) }

    func at(_ date: Date, plus seconds: Int64 = 0) -> Date { date.addingTimeInterval(Double(seconds)) }

    /// A store on a real file, its clock two weeks after the first round, holding `acme-1` (with
    /// Jane Doe) and, unless `linked` is false, `acme-vp` (with Bob Lee) as its second round.
    func store(_ directory: URL, linked: Bool = true) throws -> FollowupStore {
        let store = try Fixture.store(in: directory, at: at(firstRound, plus: 14 * day))
        try store.addInterview(InterviewInput(ref: "acme-1", company: "Acme", role: "Engineer", startsAt: firstRound,
                                              interviewers: [Interviewer(name: "Jane Doe")]))
        try store.addInterview(InterviewInput(ref: "acme-vp", company: "ACME", role: "Engineer", startsAt: secondRound,
                                              interviewers: [Interviewer(name: "Bob Lee")], roundOf: linked ? "acme-1" : nil))
        return store
    }

    func rules(_ items: [DueItem], of ref: String) -> [FollowUpRule] { items.filter { $0.ref == ref }.map(\.rule) }

    @Test("a later round's outcome closes the earlier round's pending items, and says which round it came from")
    func outcomeOnLaterRoundClosesEarlier() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        let afterSecond = at(secondRound, plus: 2 * hour)
        #expect(rules(try store.due(now: afterSecond, timeZone: Fixture.berlin, includeUpcoming: true), of: "acme-1") == [.thankYou])

        try store.log(ActionInput(action: .outcome, interview: "acme-vp", occurredAt: afterSecond, outcome: .offer))
        #expect(rules(try store.due(now: afterSecond, timeZone: Fixture.berlin, includeUpcoming: true), of: "acme-1") == [])
        let first = try #require(try store.status(now: afterSecond, timeZone: Fixture.berlin).first { $0.state.ref == "acme-1" })
        #expect(first.status == .closed)
        #expect(first.state.outcome == .offer && first.state.outcomeRound == "acme-vp")
        #expect(try store.pending(ref: "acme-1", now: afterSecond, timeZone: Fixture.berlin).isEmpty)
    }

    @Test("withdrawing on the first round closes a later round, even one still to come")
    func outcomeOnFirstRoundClosesLater() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        let beforeSecond = at(secondRound, plus: -day)
        try store.log(ActionInput(action: .outcome, interview: "acme-1", occurredAt: beforeSecond, outcome: .withdrawn))
        let second = try store.interview("acme-vp")
        #expect(second.outcome == .withdrawn && second.outcomeRound == "acme-1")
        #expect(try store.pending(ref: "acme-vp", now: at(secondRound, plus: 2 * hour), timeZone: Fixture.berlin).isEmpty)
    }

    @Test("ghosted on an earlier round does not close a round that started after it: that round is their answer")
    func ghostedDoesNotCloseLaterRound() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        try store.log(ActionInput(action: .outcome, interview: "acme-1", occurredAt: at(secondRound, plus: -day), outcome: .ghosted))
        let second = try store.interview("acme-vp")
        #expect(second.round == 2 && second.outcome == nil && second.outcomeRound == nil)
        #expect(rules(try store.pending(ref: "acme-vp", now: at(secondRound, plus: 2 * hour), timeZone: Fixture.berlin), of: "acme-vp")
            .contains(.thankYou))
    }

    @Test("a later round answers the earlier round's next-steps question and check-ins; its thank-you stays due")
    func laterRoundAnswersCheckIns() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let alone = try store(directory.appendingPathComponent("alone"), linked: false)
        let store = try store(directory.appendingPathComponent("linked"))
        let weekLater = at(firstRound, plus: 8 * day)
        #expect(Set(rules(try alone.pending(ref: "acme-1", now: weekLater, timeZone: Fixture.berlin), of: "acme-1"))
            == [.thankYou, .nextSteps, .checkIn])
        #expect(rules(try store.pending(ref: "acme-1", now: weekLater, timeZone: Fixture.berlin), of: "acme-1") == [.thankYou])
        #expect(rules(try store.due(now: weekLater, timeZone: Fixture.berlin, includeUpcoming: true), of: "acme-1") == [.thankYou])
        // Two unanswered check-ins before the invitation: the invitation answered them.
        for days: Int64 in [7, 14] {
            try alone.log(ActionInput(action: .checkIn, interview: "acme-1", occurredAt: at(firstRound, plus: days * day)))
            try store.log(ActionInput(action: .checkIn, interview: "acme-1", occurredAt: at(firstRound, plus: days * day)))
        }
        let later = at(firstRound, plus: 14 * day)
        #expect(try alone.status(now: later, timeZone: Fixture.berlin).first { $0.state.ref == "acme-1" }?.status == .cold)
        #expect(try store.status(now: later, timeZone: Fixture.berlin).first { $0.state.ref == "acme-1" }?.status == .active)
    }

    @Test("status lists an application's rounds together, numbered, and statusLines reads the same from the index")
    func statusGroupsRounds() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        try store.addInterview(InterviewInput(ref: "globex", company: "Globex", role: "Engineer", startsAt: at(firstRound, plus: day)))
        let now = at(secondRound, plus: day)
        let summaries = try store.status(now: now, timeZone: Fixture.berlin)
        #expect(summaries.map(\.state.ref) == ["acme-1", "acme-vp", "globex"])
        #expect(summaries.map(\.state.round) == [1, 2, 1])
        #expect(summaries.map(\.state.applicationRef) == ["acme-1", "acme-1", nil])
        let lines = try store.statusLines(now: now, timeZone: Fixture.berlin)
        #expect(lines == summaries.map(StatusLine.init))
    }

    @Test("interview edit links a forgotten round, and stats counts one application with one offer")
    func editLinksAndStatsCountApplications() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory, linked: false)
        try store.log(ActionInput(action: .outcome, interview: "acme-vp", occurredAt: at(secondRound, plus: day), outcome: .offer))
        #expect(try store.stats(now: at(secondRound, plus: 2 * day)).overall.applications == 2)
        try store.amendInterview("acme-vp", InterviewEdit(roundOf: "acme-1"))
        #expect(try store.interview("acme-1").outcomeRound == "acme-vp")
        let stats = try store.stats(now: at(secondRound, plus: 2 * day))
        #expect(stats.overall.interviews == 2 && stats.overall.applications == 1)
        #expect(stats.overall.outcomes == ["offer": 1])
        #expect(try store.replay().differences.isEmpty)
    }

    @Test("retracting the offer reopens the other round's thank-you; retracting the link makes the rounds stand alone again")
    func retractionsUndoRounds() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory, linked: false)
        let link = try store.amendInterview("acme-vp", InterviewEdit(roundOf: "acme-1"))
        let afterSecond = at(secondRound, plus: 2 * hour)
        let offer = try store.log(ActionInput(action: .outcome, interview: "acme-vp", occurredAt: afterSecond, outcome: .offer))
        #expect(try store.pending(ref: "acme-1", now: afterSecond, timeZone: Fixture.berlin).isEmpty)

        _ = try store.retract(offer.event.id, reason: nil)
        #expect(rules(try store.due(now: afterSecond, timeZone: Fixture.berlin, includeUpcoming: true), of: "acme-1") == [.thankYou])
        #expect(try store.interview("acme-1").outcome == nil)

        _ = try store.retract(link.event.id, reason: nil)
        let first = try store.interview("acme-1")
        #expect(first.application == nil && first.rounds == 1)
        #expect(Set(rules(try store.due(now: at(firstRound, plus: 8 * day), timeZone: Fixture.berlin, includeUpcoming: true), of: "acme-1"))
            == [.thankYou, .nextSteps, .checkIn])
        #expect(try store.replay().differences.isEmpty)
    }

    @Test("a round that arrives from another machine before the round it names is linked when that round arrives")
    func roundArrivingFirst() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let laptop = try Fixture.store("laptop", in: directory.appendingPathComponent("laptop"), at: at(firstRound, plus: 14 * day))
        try laptop.addInterview(InterviewInput(ref: "acme-1", company: "Acme", role: "Engineer", startsAt: firstRound))
        let desktop = try Fixture.store("desktop", in: directory.appendingPathComponent("desktop"), at: at(firstRound, plus: 14 * day))
        var laptopLines: [String] = []
        try laptop.forEachLine { laptopLines.append($0) }
        _ = try desktop.importLines(laptopLines)
        try desktop.addInterview(InterviewInput(ref: "acme-vp", company: "Acme", role: "Engineer", startsAt: secondRound, roundOf: "acme-1"))
        let laptopDevice = try Event(line: laptopLines[0]).device
        var desktopLines: [String] = []
        try desktop.forEachLine { line in if (try? Event(line: line))?.device != laptopDevice { desktopLines.append(line) } }

        let third = try Fixture.store("phone", in: directory.appendingPathComponent("phone"), at: at(firstRound, plus: 14 * day))
        _ = try third.importLines(desktopLines)
        #expect(try third.interview("acme-vp").application == nil)
        _ = try third.importLines(laptopLines)
        #expect(try third.interview("acme-vp").applicationRef == "acme-1")
        #expect(try third.interview("acme-1").rounds == 2)
        #expect(try third.replay().differences.isEmpty)
    }

    @Test("a loop made on two machines is broken at the round listed first, which starts the application")
    func loopFromTwoMachines() {
        func state(_ id: String, _ ref: String, startsAt: Int64, roundOf: String) -> InterviewState {
            InterviewState(id: id, ref: ref, company: "Acme", role: "Engineer", startsAt: startsAt, durationMinutes: 60,
                           interviewers: [], points: [], lastActivityAt: startsAt, roundOf: roundOf)
        }
        let first = "00000000-0000-4000-8000-000000000001", second = "00000000-0000-4000-8000-000000000002"
        let linked = ApplicationRounds.link([state(second, "acme-vp", startsAt: 2000, roundOf: first),
                                             state(first, "acme-1", startsAt: 1000, roundOf: second)])
        #expect(linked.map(\.applicationRef) == ["acme-1", "acme-1"])
        #expect(linked.map(\.round) == [2, 1])
    }

    @Test("a round of itself, of an unknown ref, of another employer, or in a loop is refused in the domain's words, nothing written")
    func refusals() throws {
        let directory = Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try store(directory)
        try store.addInterview(InterviewInput(ref: "globex", company: "Globex", role: "Engineer", startsAt: firstRound))
        let before = try store.eventCount
        let refusals: [(StoreError, () throws -> Void)] = [
            (.roundOfItself(ref: "acme-2"), {
                try store.addInterview(InterviewInput(ref: "acme-2", company: "Acme", role: "E", startsAt: secondRound, roundOf: "acme-2"))
            }),
            (.roundOfItself(ref: "acme-vp"), { try store.amendInterview("acme-vp", InterviewEdit(roundOf: "acme-vp")) }),
            (.mistypedInterview("acme-l", suggestion: "acme-1"), {
                try store.addInterview(InterviewInput(ref: "acme-2", company: "Acme", role: "E", startsAt: secondRound, roundOf: "acme-l"))
            }),
            (.roundOfOtherCompany(ref: "globex", company: "Globex", earlier: "acme-1", earlierCompany: "Acme"), {
                try store.amendInterview("globex", InterviewEdit(roundOf: "acme-1"))
            }),
            (.roundLoop(ref: "acme-1", later: "acme-vp"), { try store.amendInterview("acme-1", InterviewEdit(roundOf: "acme-vp")) }),
        ]
        for (error, attempt) in refusals {
            #expect(throws: error) { try attempt() }
            #expect(!error.description.contains("--"))
        }
        #expect(try store.eventCount == before)
        // Correcting the company first, as the refusal says, lets the link be made in the same edit.
        try store.amendInterview("globex", InterviewEdit(company: "Acme", roundOf: "acme-vp"))
        let globex = try store.interview("globex")
        #expect(globex.applicationRef == "acme-1" && globex.round == 2 && globex.rounds == 3)
    }
}
